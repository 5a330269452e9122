"""Cohort-only events: only the members of the event's cohort see them and register; staff allowed to view events
see them all."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import resolve_url
from django.urls import reverse

from cohorts.enums import MembershipStatus
from cohorts.models import Membership
from events import selectors, services
from events.enums import ActorKind, Audience, RegistrationStatus
from events.models import Event, Registration

from .factories import CohortFactory, EventFactory, MembershipFactory, registration_form_data


@pytest.fixture
def cohort(db):
    return CohortFactory(name="Promotion 2026")


@pytest.fixture
def workshop(cohort, now):
    return EventFactory(
        for_cohort=True,
        cohort=cohort,
        title="Atelier de promotion — pitcher son projet",
        starts_at=now + timedelta(days=21),
        ends_at=now + timedelta(days=21, hours=3),
        capacity=15,
    )


@pytest.fixture
def make_user(django_user_model):
    def make(name: str, **extra):
        email = f"{name.lower().replace(' ', '.')}@example.org"
        return django_user_model.objects.create_user(email=email, password="Roubaix-2026!", full_name=name, **extra)

    return make


@pytest.fixture
def member(make_user, cohort):
    user = make_user("Nadia Kaci")
    MembershipFactory(cohort=cohort, application__applicant=user)
    return user


@pytest.fixture
def outsider(make_user):
    """Logged in, a project holder perhaps, but in no cohort."""
    return make_user("Paul Vandamme")


@pytest.fixture
def other_member(make_user):
    """A member of another cohort."""
    user = make_user("Inès Boukhari")
    MembershipFactory(cohort=CohortFactory(name="Promotion 2025"), application__applicant=user)
    return user


@pytest.fixture
def events_staff(make_user):
    user = make_user("Camille Equipe", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_event", content_type__app_label="events"))
    return user


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(params=["anonymous", "outsider", "other_member"])
def not_member(request):
    """Everyone who must not see the workshop (None: not logged in)."""
    return None if request.param == "anonymous" else request.getfixturevalue(request.param)


def test_cohort_event_is_absent_from_the_agenda_for_non_members(client, workshop, event, not_member):
    response = login(client, not_member).get(reverse("events:agenda"))
    assert list(response.context["upcoming"]) == [event]
    assert workshop.title not in response.content.decode()


def test_past_cohort_event_is_absent_from_the_agenda_for_non_members(client, workshop, now, not_member):
    workshop.starts_at, workshop.ends_at = now - timedelta(days=30), now - timedelta(days=30) + timedelta(hours=3)
    workshop.save()
    response = login(client, not_member).get(reverse("events:agenda"))
    assert list(response.context["past"]) == []


def test_cohort_event_page_is_404_for_non_members(client, workshop, not_member):
    assert login(client, not_member).get(workshop.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "other_member"])
def test_cohort_event_registration_is_404_for_logged_in_non_members(client, workshop, who, request):
    client.force_login(request.getfixturevalue(who))
    url = reverse("events:register", args=[workshop.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, registration_form_data()).status_code == 404
    assert Registration.objects.count() == 0


def test_cohort_event_registration_sends_anonymous_visitors_to_the_login_page(client, workshop):
    url = reverse("events:register", args=[workshop.slug])
    for response in (client.get(url), client.post(url, registration_form_data())):
        assert response.status_code == 302
        assert response.url == f"{resolve_url(settings.LOGIN_URL)}?next={quote(url)}"
    assert Registration.objects.count() == 0


def test_unknown_event_registration_sends_anonymous_visitors_to_the_login_page_too(client, db):
    # The same answer as for a cohort event: a visitor cannot tell whether a cohort event is behind a slug.
    response = client.get(reverse("events:register", args=["atelier-inconnu"]))
    assert response.status_code == 302


def test_public_event_registration_still_needs_no_account(client, event):
    response = client.get(reverse("events:register", args=[event.slug]))
    assert response.status_code == 200
    assert "Pas besoin de compte" in response.content.decode()


def test_member_sees_the_cohort_event_in_the_agenda_and_on_its_page(client, workshop, event, member):
    client.force_login(member)
    response = client.get(reverse("events:agenda"))
    assert list(response.context["upcoming"]) == [event, workshop]
    assert "Réservé aux membres : Promotion 2026" in response.content.decode()
    response = client.get(workshop.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("events:register", args=[workshop.slug]) in content
    assert "pour les membres de la promotion" in content


def test_member_registers_for_the_cohort_event(client, workshop, member, django_capture_on_commit_callbacks):
    client.force_login(member)
    url = reverse("events:register", args=[workshop.slug])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, registration_form_data(full_name="Nadia Kaci", email="nadia.kaci@example.org"))
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("events:confirmation", args=[registration.token])
    assert (registration.event, registration.user, registration.status) == (
        workshop,
        member,
        RegistrationStatus.CONFIRMED,
    )


def test_member_who_completed_the_programme_still_sees_the_cohort_events(client, workshop, member):
    Membership.objects.filter(application__applicant=member).update(status=MembershipStatus.COMPLETED)
    client.force_login(member)
    assert client.get(workshop.get_absolute_url()).status_code == 200


def test_member_who_left_the_cohort_no_longer_sees_its_events(client, workshop, member):
    Membership.objects.filter(application__applicant=member).update(status=MembershipStatus.LEFT)
    client.force_login(member)
    assert client.get(workshop.get_absolute_url()).status_code == 404
    assert client.get(reverse("events:register", args=[workshop.slug])).status_code == 404


def test_staff_allowed_to_view_events_see_every_cohort_event_but_do_not_register(client, workshop, events_staff):
    client.force_login(events_staff)
    assert list(client.get(reverse("events:agenda")).context["upcoming"]) == [workshop]
    response = client.get(workshop.get_absolute_url())
    assert response.status_code == 200
    assert "Les inscriptions sont réservées aux membres de la promotion « Promotion 2026 »." in response.content.decode()
    assert client.get(reverse("events:register", args=[workshop.slug])).status_code == 404


def test_staff_without_the_view_permission_see_only_public_events(client, workshop, staff_user):
    client.force_login(staff_user)
    assert client.get(workshop.get_absolute_url()).status_code == 404


def test_cohort_event_synthesis_is_for_its_members(client, workshop, member, outsider):
    workshop.synthesis_published = True
    workshop.save()
    url = reverse("events:synthesis", args=[workshop.slug])
    assert client.get(url).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 200


def test_agenda_neighbourhood_filter_lists_only_neighbourhoods_with_visible_events(client, workshop, epeule, member):
    workshop.neighbourhood = epeule
    workshop.save()
    assert list(client.get(reverse("events:agenda")).context["form"].fields["neighbourhood"].queryset) == []
    client.force_login(member)
    assert list(client.get(reverse("events:agenda")).context["form"].fields["neighbourhood"].queryset) == [epeule]


def test_events_visible_to_annotates_who_may_register(workshop, event, member, other_member, events_staff):
    def rows(user):
        return list(selectors.events_visible_to(user=user).order_by("starts_at").values_list("pk", "user_may_register"))

    assert rows(AnonymousUser()) == [(event.pk, True)]
    assert rows(other_member) == [(event.pk, True)]
    assert rows(member) == [(event.pk, True), (workshop.pk, True)]
    assert rows(events_staff) == [(event.pk, True), (workshop.pk, False)]


@pytest.mark.parametrize("who", [None, "outsider", "other_member"])
def test_registration_service_refuses_non_members(workshop, who, request):
    user = request.getfixturevalue(who) if who else None
    with pytest.raises(ValidationError) as error:
        services.registration_create(
            event=workshop,
            full_name="Paul Vandamme",
            email="paul@example.org",
            actor_kind=ActorKind.RESIDENT,
            consent=True,
            user=user,
        )
    assert error.value.code == "cohort_only"
    assert Registration.objects.count() == 0


def test_database_refuses_a_cohort_event_without_cohort_and_a_public_event_with_one(cohort):
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(audience=Audience.COHORT, cohort=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(audience=Audience.PUBLIC, cohort=cohort)


def test_event_form_says_which_field_to_fix(cohort):
    with pytest.raises(ValidationError) as error:
        EventFactory.build(audience=Audience.COHORT, cohort=None).full_clean()
    assert list(error.value.message_dict) == ["cohort"]
    with pytest.raises(ValidationError) as error:
        EventFactory.build(audience=Audience.PUBLIC, cohort=cohort).full_clean()
    assert list(error.value.message_dict) == ["cohort"]


@pytest.fixture
def admin_client_(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser(email="equipe@ville-roubaix.test", password="x"))
    return client


def test_admin_shows_cohort_events_and_filters_by_audience(admin_client_, workshop):
    response = admin_client_.get(reverse("admin:events_event_changelist"), {"audience__exact": Audience.COHORT})
    assert list(response.context["cl"].result_list) == [workshop]
    response = admin_client_.get(reverse("admin:events_event_change", args=[workshop.pk]))
    assert response.status_code == 200
    assert 'name="cohort"' in response.content.decode()


def test_admin_form_asks_for_the_cohort_of_a_cohort_only_event(admin_client_, cohort):
    data = {
        "kind": "cohort_workshop",
        "title": "Atelier de promotion — pitcher son projet",
        "slug": "atelier-pitch",
        "starts_at_0": "2030-03-07",
        "starts_at_1": "14:00",
        "ends_at_0": "2030-03-07",
        "ends_at_1": "17:00",
        "venue": "Avant-Poste",
        "capacity": "15",
        "audience": Audience.COHORT,
        "cohort": "",
        "published": "on",
        "tables-TOTAL_FORMS": "0",
        "tables-INITIAL_FORMS": "0",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
    }
    response = admin_client_.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "cohort": ["Choisissez la promotion à qui l'événement est réservé."]
    }
    response = admin_client_.post(reverse("admin:events_event_add"), {**data, "cohort": str(cohort.pk)})
    assert response.status_code == 302
    assert Event.objects.get(slug="atelier-pitch").cohort == cohort
