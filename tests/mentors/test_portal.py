"""The mentor's portal: my projects, a project's sessions, logging a session (once, even clicked twice)."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from cohorts.enums import MembershipStatus
from mentors import services
from mentors.enums import MatchStatus
from mentors.models import MentoringSession
from roubaix_incubator.core.services import user_delete_account
from tests.factories.applications import CallFactory

from .factories import MatchFactory, MembershipFactory, MentorFactory, SessionFactory, UserFactory


@pytest.fixture
def mentor_client(client, mentor):
    client.force_login(mentor.user)
    return client


def session_data(**overrides):
    today = timezone.localdate()
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "date": today.isoformat(),
        "duration_minutes": "90",
        "mode": "in_person",
        "topics": ["funding", "premises"],
        "notes": "Plan de financement revu ensemble.",
        "agreed_actions": "Appeler France Active.",
        "private_notes": "À encourager : moral en baisse.",
        "next_meeting_on": (today + timedelta(days=14)).isoformat(),
    }
    data.update(overrides)
    return data


def test_portal_lists_my_projects_with_their_sessions(mentor_client, active_match):
    SessionFactory(match=active_match, notes="Premier rendez-vous au café du Pile.")
    response = mentor_client.get(reverse("mentors:portal"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "La Cantine de l&#x27;Alma" in content
    assert "1 séance enregistrée" in content
    assert reverse("mentors:session_new", args=[active_match.membership_id]) in content


def test_proposals_are_not_shown_to_the_mentor_before_staff_confirm(mentor_client, mentor, membership):
    MatchFactory(mentor=mentor, membership=membership, proposed=True)
    response = mentor_client.get(reverse("mentors:portal"))
    assert "La Cantine" not in response.content.decode()
    assert mentor_client.get(reverse("mentors:project", args=[membership.pk])).status_code == 404


def test_someone_without_a_mentor_profile_gets_404(client, holder):
    client.force_login(holder)
    for name in ("mentors:portal", "mentors:sessions", "mentors:profile", "mentors:charter"):
        assert client.get(reverse(name)).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client, membership):
    response = client.get(reverse("mentors:project", args=[membership.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_a_mentor_gets_404_on_a_project_they_are_not_matched_to(mentor_client, active_match, cohort):
    stranger = MatchFactory(membership=MembershipFactory(cohort=cohort))  # someone else's project
    for name in ("mentors:project", "mentors:session_new"):
        assert mentor_client.get(reverse(name, args=[stranger.membership_id])).status_code == 404
    response = mentor_client.post(reverse("mentors:session_new", args=[stranger.membership_id]), session_data())
    assert response.status_code == 404
    assert not MentoringSession.objects.exists()


def test_project_page_shows_the_sessions_with_private_notes(mentor_client, active_match):
    SessionFactory(match=active_match, private_notes="Le porteur semble épuisé.")
    response = mentor_client.get(reverse("mentors:project", args=[active_match.membership_id]))
    assert "Le porteur semble épuisé." in response.content.decode()


def test_logging_a_session(mentor_client, mentor, active_match):
    data = session_data()
    response = mentor_client.post(reverse("mentors:session_new", args=[active_match.membership_id]), data)
    assert response.status_code == 302
    assert response.url == reverse("mentors:project", args=[active_match.membership_id])
    session = MentoringSession.objects.get()
    assert session.match == active_match and session.logged_by == mentor.user
    assert session.duration_minutes == 90 and session.topics == ["funding", "premises"]
    assert str(session.idempotency_key) == data["idempotency_key"]
    listing = mentor_client.get(reverse("mentors:sessions")).content.decode()
    assert "Plan de financement revu ensemble." in listing


def test_double_submission_creates_one_session(mentor_client, active_match):
    data = session_data()
    url = reverse("mentors:session_new", args=[active_match.membership_id])
    first = mentor_client.post(url, data)
    second = mentor_client.post(url, data, follow=True)
    assert first.status_code == 302 and second.status_code == 200
    assert MentoringSession.objects.count() == 1
    assert "n&#x27;a pas été ajoutée deux fois" in second.content.decode()
    # A new form (a new key) is a new session.
    mentor_client.post(url, session_data())
    assert MentoringSession.objects.count() == 2


def test_the_form_carries_a_fresh_key_each_time(mentor_client, active_match):
    url = reverse("mentors:session_new", args=[active_match.membership_id])
    keys = {mentor_client.get(url).context["form"].initial["idempotency_key"] for _ in range(2)}
    assert len(keys) == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"date": (timezone.localdate() + timedelta(days=1)).isoformat()}, "date"),
        ({"next_meeting_on": timezone.localdate().isoformat()}, "next_meeting_on"),
        ({"duration_minutes": "0"}, "duration_minutes"),
        ({"mode": "pigeon"}, "mode"),
    ],
)
def test_invalid_sessions_are_refused_next_to_the_field(mentor_client, active_match, overrides, field):
    response = mentor_client.post(
        reverse("mentors:session_new", args=[active_match.membership_id]), session_data(**overrides)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'class="alert alert-danger error-summary"' in response.content.decode()
    assert not MentoringSession.objects.exists()


def test_no_session_on_an_ended_match(mentor_client, active_match, manager):
    services.match_end(match=active_match, by=manager, reason="Fin du programme.")
    url = reverse("mentors:session_new", args=[active_match.membership_id])
    assert mentor_client.post(url, session_data()).status_code == 302
    assert not MentoringSession.objects.exists()
    # The project and its history stay readable.
    assert mentor_client.get(reverse("mentors:project", args=[active_match.membership_id])).status_code == 200


def test_the_same_key_cannot_be_replayed_on_another_project(mentor, active_match, cohort):
    other = MatchFactory(mentor=mentor, membership=MembershipFactory(cohort=cohort))
    key = uuid.uuid4()
    fields = {"date": timezone.localdate(), "duration_minutes": 60}
    services.session_log(match=active_match, by=mentor.user, idempotency_key=key, **fields)
    with pytest.raises(services.matches.ValidationError):
        services.session_log(match=other, by=mentor.user, idempotency_key=key, **fields)


def test_a_pending_mentor_sees_the_portal_with_a_notice(client, db):
    mentor = MentorFactory(approved=False, approved_at=None, charter_signed_at=None)
    client.force_login(mentor.user)
    content = client.get(reverse("mentors:portal")).content.decode()
    assert "en cours d'examen" in content
    assert "signez la charte" in content


def test_signing_the_charter(client, db):
    mentor = MentorFactory(charter_signed_at=None)
    client.force_login(mentor.user)
    assert client.post(reverse("mentors:sign_charter")).status_code == 302
    mentor.refresh_from_db()
    assert mentor.charter_signed_at is None  # the box was not ticked
    client.post(reverse("mentors:sign_charter"), {"accept_charter": "on"})
    mentor.refresh_from_db()
    assert mentor.charter_signed_at is not None


def test_editing_my_profile_and_pausing(mentor_client, mentor, alma):
    response = mentor_client.post(
        reverse("mentors:profile"),
        {
            "kind": "lent",
            "organisation": "Decathlon",
            "bio": "Vingt ans de gestion de projet.",
            "expertise": ["digital", "hr"],
            "sectors": ["sport"],
            "languages": ["fr", "nl"],
            "neighbourhoods": [alma.pk],
            "capacity_projects": "2",
            "hours_per_month": "6",
            "status": "paused",
        },
    )
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert (mentor.kind, mentor.organisation, mentor.expertise, mentor.languages, mentor.status) == (
        "lent",
        "Decathlon",
        ["digital", "hr"],
        ["fr", "nl"],
        "paused",
    )
    assert list(mentor.neighbourhoods.all()) == [alma]


def test_become_mentor_page_for_visitors_and_the_form_for_members(client, alma):
    anonymous = client.get(reverse("mentors:apply"))
    assert anonymous.status_code == 200 and anonymous.context["form"] is None
    user = UserFactory(full_name="Lina Benali")
    client.force_login(user)
    assert client.get(reverse("mentors:apply")).context["form"] is not None
    data = {
        "kind": "volunteer",
        "expertise": ["funding"],
        "languages": ["fr", "ar"],
        "neighbourhoods": [alma.pk],
        "capacity_projects": "1",
        "hours_per_month": "3",
    }
    refused = client.post(reverse("mentors:apply"), data)
    assert "accept_charter" in refused.context["form"].errors
    response = client.post(reverse("mentors:apply"), {**data, "accept_charter": "on"})
    assert response.status_code == 302
    mentor = user.mentor_profile
    assert mentor.approved is False and mentor.charter_signed_at is not None and mentor.languages == ["fr", "ar"]
    # Not proposed to projects before staff approve.
    assert not mentor.is_available
    assert client.get(reverse("mentors:apply")).context["form"] is None
    assert client.session["is_mentor"] is True


def test_ended_matches_appear_apart(mentor_client, mentor, cohort):
    MatchFactory(
        mentor=mentor,
        membership=MembershipFactory(cohort=cohort, application__project_name="Ancien projet"),
        status=MatchStatus.ENDED,
    )
    response = mentor_client.get(reverse("mentors:portal"))
    assert [m.membership.application.project_name for m in response.context["ended"]] == ["Ancien projet"]


def test_signing_in_remembers_whether_the_user_is_a_mentor(client, mentor, holder):
    from mentors.signals import SESSION_KEY

    assert client.login(email=mentor.user.email, password="Roubaix-2026-motdepasse")
    assert client.session[SESSION_KEY] is True
    client.logout()
    client.force_login(holder)
    assert client.session[SESSION_KEY] is False


def test_a_project_whose_holder_deleted_their_account_names_nobody(mentor_client, mentor):
    membership = MembershipFactory(
        status=MembershipStatus.COMPLETED,
        cohort__call=CallFactory(closed=True),
        application__project_name="Ressourcerie du Pile",
    )
    match = MatchFactory(mentor=mentor, membership=membership, status=MatchStatus.ENDED, ended_at=timezone.now())
    SessionFactory(match=match)
    user_delete_account(user=membership.application.applicant)
    membership.application.refresh_from_db()
    assert membership.application.applicant is None

    page = mentor_client.get(reverse("mentors:project", args=[membership.pk]))
    portal = mentor_client.get(reverse("mentors:portal"))

    assert (page.status_code, portal.status_code) == (200, 200)
    content = page.content.decode()
    assert "porté par" not in content and "mailto:" not in content and "None" not in content
    assert f"Candidature anonymisée n° {membership.application_id}" in content
    assert "None" not in portal.content.decode()


def test_a_running_project_without_a_holder_account_names_nobody_on_the_portal(mentor_client, active_match):
    Application.objects.filter(pk=active_match.membership.application_id).update(applicant=None)

    content = mentor_client.get(reverse("mentors:portal")).content.decode()

    assert "La Cantine de l&#x27;Alma" in content
    assert "Promotion 2026" in content
    assert "porté par" not in content and "None" not in content
