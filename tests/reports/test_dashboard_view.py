"""The staff dashboard: who sees it, what it shows, and its query budget."""

import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from applications.enums import Status, Track
from cohorts.models import Cohort, Membership
from events.enums import ActorKind, EventKind
from mentors.enums import MatchStatus
from mentors.models import Match, Mentor, MentoringSession
from tests.factories import CallFactory, UserFactory

from .conftest import make_application, make_event, neighbourhood, register

pytestmark = pytest.mark.django_db

URL = "/admin/reports/report/tableau-de-bord/"


def test_dashboard_is_shown_to_staff_with_the_permission(client, world, staff_with):
    client.force_login(staff_with("reports.view_dashboard"))

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Appel en cours : Appel 2026" in html
    assert "Promotion : Promotion Alma 2026" in html
    # Each chart is a named image, and the table beside it holds the same numbers.
    charts = re.findall(r'<svg [^>]*role="img"[^>]*aria-label="([^"]+)"', html)
    assert "Entonnoir de sélection : candidatures par statut (graphique ; les chiffres sont dans le tableau)" in charts
    assert html.count("<title>") >= len(charts)
    assert '<tr class="is-highlighted"><th scope="row">Alma (QPV)</th><td class="num">4</td></tr>' in html
    assert '<th scope="row">Centre-ville</th><td class="num">3</td>' in html
    assert "Projet B" in html and "Projet C" in html  # no session for 30 days
    assert "50 %" in html  # attendance rate


def test_dashboard_is_a_404_for_staff_without_the_permission(client, world, staff_with):
    client.force_login(staff_with("reports.view_report"))

    assert client.get(URL).status_code == 404


def test_dashboard_sends_others_to_the_login_page(client, world):
    assert client.get(URL).status_code == 302
    client.force_login(UserFactory())

    response = client.get(URL)

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_admin_index_links_to_the_dashboard_for_those_allowed(client, world, staff_with):
    client.force_login(staff_with("reports.view_dashboard"))
    assert URL in client.get("/admin/").content.decode()

    client.force_login(staff_with("reports.view_report"))
    assert URL not in client.get("/admin/").content.decode()


def test_dashboard_without_call_cohort_or_event(client, db, staff_with):
    client.force_login(staff_with("reports.view_dashboard"))

    response = client.get(URL)

    assert response.status_code == 200
    assert "Aucun appel à candidatures publié" in response.content.decode()
    assert "Aucune promotion" in response.content.decode()


def _programme(applications: int):
    """A current call with `applications` sent files, a cohort with as many members, sessions and registrations."""
    now, today = timezone.now(), timezone.localdate()
    call = CallFactory()
    old_call = CallFactory(closed=True, opens_at=now - timedelta(days=400))
    cohort = Cohort.objects.create(
        call=old_call,
        name="Promotion",
        seats=60,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=300),
    )
    mentor = Mentor.objects.create(user=UserFactory())
    event = make_event("rencontre", EventKind.NEIGHBOURHOOD_MEETUP, now - timedelta(days=3), neighbourhood("Alma"))
    for _ in range(applications):
        make_application(call, Status.SUBMITTED, neighbourhoods=["Alma", "Pile"])
        member = Membership.objects.create(cohort=cohort, application=make_application(old_call, Status.ACCEPTED))
        match = Match.objects.create(mentor=mentor, membership=member, status=MatchStatus.ACTIVE, confirmed_at=now)
        MentoringSession.objects.create(match=match, date=today, duration_minutes=60, idempotency_key=uuid.uuid4())
        register(event, ActorKind.RESIDENT, neighbourhood("Alma"), checked_in_at=now)


@pytest.mark.parametrize("applications", [1, 50])
def test_dashboard_query_budget(client, staff_with, applications, django_assert_num_queries):
    _programme(applications)
    client.force_login(staff_with("reports.view_dashboard"))

    # 1 session, 2 user, 3-4 the user's own and group permissions;
    # the call: 5 the calls offered (the first, latest, is the current call), 6 its funnel, stages, legal forms, priority areas, jobs (one aggregate),
    # 7 applications per neighbourhood;
    # the cohort: 8 the cohorts offered (the first is the current cohort), 9 members by status, 10 mentoring time this month and in total,
    # 11 projects without a session for 30 days, 12 impact totals;
    # the events: 13 events, 14 registrations and attendance, 15 by kind of actor, 16 by kind of event,
    # 17 by neighbourhood.
    with django_assert_num_queries(17):
        response = client.get(URL)

    assert response.status_code == 200


def test_dashboard_shows_the_call_and_cohort_staff_choose(client, world, staff_with):
    acceleration = CallFactory(
        title="Accélération 2026", track=Track.ACCELERATION, opens_at=timezone.now() - timedelta(days=20)
    )
    make_application(acceleration, Status.SUBMITTED, neighbourhoods=["Pile"])
    client.force_login(staff_with("reports.view_dashboard"))

    response = client.get(URL, {"call": acceleration.pk, "cohort": world.cohort.pk})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Appel « Accélération 2026 »" in html
    assert '<tr class="is-highlighted"><th scope="row">Pile (QPV)</th><td class="num">1</td></tr>' in html
    assert '<label for="id_call">Appel à candidatures</label>' in html
    assert f'<option value="{acceleration.pk}" selected>Accélération 2026 (Accélération)</option>' in html
    assert f'<option value="{world.call.pk}">Appel 2026 (Incubation)</option>' in html
    assert "Brouillon d&#x27;appel" not in html and "Appel à venir" not in html  # unpublished, not open yet
    assert list(response.context["messages"]) == []


@pytest.mark.parametrize("value", ["999999", "abc", "unpublished", "upcoming"])
def test_dashboard_falls_back_to_the_current_call_with_a_message(client, world, staff_with, value):
    ids = {
        "unpublished": CallFactory(is_published=False).pk,
        "upcoming": CallFactory(upcoming=True).pk,
    }
    client.force_login(staff_with("reports.view_dashboard"))

    response = client.get(URL, {"call": ids.get(value, value)})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Appel en cours : Appel 2026" in html
    assert [str(message) for message in response.context["messages"]] == [
        "Cet appel n'existe pas ou n'a pas encore ouvert : voici l'appel en cours."
    ]


def test_dashboard_falls_back_to_the_current_cohort_with_a_message(client, world, staff_with):
    client.force_login(staff_with("reports.view_dashboard"))

    response = client.get(URL, {"cohort": "999999"})

    assert "Promotion : Promotion Alma 2026" in response.content.decode()
    assert [str(message) for message in response.context["messages"]] == [
        "Cette promotion n'existe pas ou n'a pas encore commencé : voici la promotion en cours."
    ]


@pytest.mark.parametrize("applications", [1, 50])
def test_dashboard_query_budget_for_a_chosen_call(client, staff_with, applications, django_assert_num_queries):
    _programme(applications)
    chosen = CallFactory(
        title="Pré-incubation", track=Track.PRE_INCUBATION, opens_at=timezone.now() - timedelta(days=20)
    )
    for _ in range(applications):
        make_application(chosen, Status.SUBMITTED, neighbourhoods=["Alma"])
    client.force_login(staff_with("reports.view_dashboard"))

    # The same 17 as the default: 5 the calls offered (the chosen one among them, no query of its own),
    # 8 the cohorts offered; the other queries are the figures, whatever the number of rows.
    with django_assert_num_queries(17):
        response = client.get(URL, {"call": chosen.pk})

    assert response.status_code == 200
    assert "Appel « Pré-incubation »" in response.content.decode()
