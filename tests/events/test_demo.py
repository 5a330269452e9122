from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.utils import timezone

from events.demo import load_demo_events
from events.enums import Audience, EventKind
from events.models import Contribution, Event, Registration, Vote
from events.selectors import events_past, events_upcoming

from .factories import MembershipFactory


def test_demo_events_load_twice_without_duplicates_or_emails(db):
    load_demo_events()
    counts = (Event.objects.count(), Registration.objects.count(), Contribution.objects.count(), Vote.objects.count())
    load_demo_events()
    assert (Event.objects.count(), Registration.objects.count(), Contribution.objects.count(), Vote.objects.count()) == counts
    assert counts[0] == 5
    assert mail.outbox == []
    [afternoon] = events_past(user=AnonymousUser())
    assert afternoon.title == "Un après-midi pour co-construire le nouvel outil d'innovation sociale roubaisien"
    assert afternoon.synthesis_published
    assert len(events_upcoming(user=AnonymousUser())) == 4


def test_demo_afternoon_synthesis_page(client, db):
    load_demo_events()
    response = client.get("/evenements/apres-midi-co-construction-7-mars-2023/synthese/")
    assert response.status_code == 200
    assert len(response.context["kept"]) == 3
    assert "mardi 7 mars 2023, de 12:00 à 17:30" in response.content.decode()


def test_demo_adds_a_workshop_for_the_demo_cohort_members_only(db):
    membership = MembershipFactory()
    load_demo_events()
    load_demo_events()
    workshop = Event.objects.get(audience=Audience.COHORT)
    assert (workshop.title, workshop.kind, workshop.cohort, workshop.capacity) == (
        "Atelier de promotion — pitcher son projet",
        EventKind.COHORT_WORKSHOP,
        membership.cohort,
        15,
    )
    assert (workshop.starts_at - timezone.now()).days in (20, 21)
    assert workshop not in events_upcoming(user=AnonymousUser())
    assert workshop in events_upcoming(user=membership.application.applicant)
