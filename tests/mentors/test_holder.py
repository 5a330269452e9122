"""The project holder's side: their own project's sessions (never the mentor's private notes) and feedback."""

import pytest
from django.urls import reverse

from mentors import services
from mentors.enums import MatchStatus
from mentors.models import MentoringSession

from .factories import MatchFactory, MembershipFactory, SessionFactory

PRIVATE = "Le porteur semble épuisé, à surveiller."


@pytest.fixture
def holder_client(client, holder):
    client.force_login(holder)
    return client


@pytest.fixture
def session(active_match):
    return SessionFactory(match=active_match, notes="Budget revu ligne à ligne.", private_notes=PRIVATE)


def test_holder_sees_their_sessions_without_the_private_notes(holder_client, session, membership):
    response = holder_client.get(reverse("mentors:holder_project", args=[membership.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Budget revu ligne à ligne." in content
    assert "Karim Haddad" in content
    assert PRIVATE not in content
    assert "épuisé" not in content
    # The field is not even read from the database for the holder.
    assert all("private_notes" in s.get_deferred_fields() for s in response.context["sessions"])


def test_holder_sees_only_their_own_projects_sessions(holder_client, session, cohort, membership):
    other_match = MatchFactory(membership=MembershipFactory(cohort=cohort, application__project_name="Autre projet"))
    SessionFactory(match=other_match, notes="Séance d'un autre projet.")
    response = holder_client.get(reverse("mentors:holder_project", args=[membership.pk]))
    assert [s.pk for s in response.context["sessions"]] == [session.pk]
    assert "Séance d'un autre projet." not in response.content.decode()
    # Someone else's project, or a session of it, is a 404.
    assert holder_client.get(reverse("mentors:holder_project", args=[other_match.membership_id])).status_code == 404
    other_session = other_match.sessions.get()
    url = reverse("mentors:feedback", args=[other_match.membership_id, other_session.pk])
    assert holder_client.get(url).status_code == 404
    # Nor can a session of another project be reached through the holder's own project.
    assert holder_client.get(reverse("mentors:feedback", args=[membership.pk, other_session.pk])).status_code == 404


def test_a_mentor_cannot_use_the_holder_pages_of_their_project(client, session, membership, mentor):
    client.force_login(mentor.user)
    assert client.get(reverse("mentors:holder_project", args=[membership.pk])).status_code == 404


def test_holder_home_redirects_to_the_only_project(holder_client, membership):
    response = holder_client.get(reverse("mentors:holder_home"))
    assert response.status_code == 302 and response.url == reverse("mentors:holder_project", args=[membership.pk])


def test_proposed_matches_sessions_are_not_shown(holder_client, membership):
    proposal = MatchFactory(membership=membership, proposed=True)
    SessionFactory(match=proposal, notes="Ne devrait pas exister.")
    response = holder_client.get(reverse("mentors:holder_project", args=[membership.pk]))
    assert list(response.context["sessions"]) == []


def test_giving_feedback_on_a_session(holder_client, session, membership):
    url = reverse("mentors:feedback", args=[membership.pk, session.pk])
    assert PRIVATE not in holder_client.get(url).content.decode()
    response = holder_client.post(url, {"usefulness": "4", "comment": "Très concret, merci !"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.holder_feedback_usefulness, session.holder_feedback_comment) == (4, "Très concret, merci !")
    assert session.holder_feedback_at is not None
    # It can be changed later.
    holder_client.post(url, {"usefulness": "3", "comment": ""})
    session.refresh_from_db()
    assert session.holder_feedback_usefulness == 3


def test_feedback_needs_a_grade_from_1_to_4(holder_client, session, membership):
    url = reverse("mentors:feedback", args=[membership.pk, session.pk])
    response = holder_client.post(url, {"usefulness": "5"})
    assert "usefulness" in response.context["form"].errors
    session.refresh_from_db()
    assert session.holder_feedback_usefulness is None


def test_only_the_holder_may_rate_through_the_service(session, mentor):
    with pytest.raises(PermissionError):
        services.session_give_feedback(session=session, by=mentor.user, usefulness=4)


def test_ended_matches_sessions_stay_visible(holder_client, session, membership, manager):
    services.match_end(match=session.match, by=manager, reason="Fin du programme.")
    response = holder_client.get(reverse("mentors:holder_project", args=[membership.pk]))
    assert [s.pk for s in response.context["sessions"]] == [session.pk]
    assert response.context["membership"].running_matches == []
    assert MentoringSession.objects.get().match.status == MatchStatus.ENDED
