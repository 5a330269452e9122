"""Permissions and query budgets the audit found missing, and the "quiet projects" rule of the staff follow-up."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentors import selectors
from mentors.enums import MatchStatus
from mentors.models import MentoringSession, ProjectMatchingProfile

from .factories import MatchFactory, MembershipFactory, MentorFactory, SessionFactory, UserFactory

SIZES = [1, 10]


# Deciding on a proposal (admin matching page): anyone but staff with the permission gets a 404, and nothing changes


@pytest.mark.parametrize("who", ["holder", "mentor_of_the_pair", "other_mentor"])
@pytest.mark.parametrize("decision", ["confirm", "reject"])
def test_match_decide_is_404_for_holders_and_mentors(client, membership, who, decision):
    proposal = MatchFactory(membership=membership, proposed=True)
    user = {
        "holder": lambda: membership.application.applicant,
        "mentor_of_the_pair": lambda: proposal.mentor.user,
        "other_mentor": lambda: MentorFactory().user,
    }[who]()
    client.force_login(user)

    response = client.post(reverse("admin:mentors_match_matching_decide", args=[proposal.pk]), {"decision": decision})

    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == MatchStatus.PROPOSED and proposal.changes.count() == 0


# Quiet projects


def test_quiet_projects_leave_out_projects_matched_less_than_30_days_ago(cohort, now):
    new_pair = MatchFactory(
        membership=MembershipFactory(cohort=cohort, application__project_name="Binôme récent"),
        confirmed_at=now - timedelta(days=10),
    )
    old_pair = MatchFactory(
        membership=MembershipFactory(cohort=cohort, application__project_name="Binôme ancien"),
        confirmed_at=now - timedelta(days=45),
    )
    caught_up = MatchFactory(
        membership=MembershipFactory(cohort=cohort, application__project_name="Séance saisie aujourd'hui"),
        confirmed_at=now - timedelta(days=45),
    )
    # Dated 40 days ago but logged today: the project is followed.
    SessionFactory(match=caught_up, date=timezone.localdate(now) - timedelta(days=40))
    stale = SessionFactory(match=old_pair, date=timezone.localdate(now) - timedelta(days=40))
    MentoringSession.objects.filter(pk=stale.pk).update(logged_at=now - timedelta(days=40))
    MembershipFactory(cohort=cohort, application__project_name="Sans mentor")

    quiet = {p.application.project_name: p.is_quiet for p in selectors.cohort_project_follow_up(cohort=cohort)}

    assert quiet == {
        "Binôme récent": False,
        "Binôme ancien": True,
        "Séance saisie aujourd'hui": False,
        "Sans mentor": True,
    }
    assert new_pair.status == MatchStatus.ACTIVE


# Query budgets


@pytest.mark.parametrize("count", SIZES)
def test_staff_index_query_budget(client, manager, count, django_assert_num_queries):
    for _ in range(count):
        MembershipFactory()
    client.force_login(manager)
    # 5 queries: the session, the user, their permissions and their groups' permissions, and the cohorts (call
    # joined) with their count of active projects.
    with django_assert_num_queries(5):
        response = client.get(reverse("mentors:staff_index"))
    assert len(response.context["cohorts"]) == count


@pytest.mark.parametrize("count", SIZES)
def test_holder_home_query_budget(client, db, count, django_assert_num_queries):
    holder = UserFactory()
    for _ in range(count):
        MatchFactory(membership=MembershipFactory(application__applicant=holder))
    # A second project so the list shows (one project redirects to its page).
    MembershipFactory(application__applicant=holder)
    client.force_login(holder)
    # 4 queries: the session, the user, the holder's memberships (project and cohort joined), and their running
    # matches (mentor and account joined, prefetched).
    with django_assert_num_queries(4):
        response = client.get(reverse("mentors:holder_home"))
    assert response.status_code == 200
    assert len(response.context["memberships"]) == count + 1


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(staff=True, is_superuser=True))
    return client


def _fill_for_admin(count):
    for _ in range(count):
        match = MatchFactory()
        SessionFactory(match=match)
        ProjectMatchingProfile.objects.create(membership=match.membership, sectors=["food"], languages=["fr", "ar"])


# Each changelist: the session and the user (a superuser needs no permission query), the choices of its
# filters, the count(s) of the list, then the rows with everything the columns show joined or annotated.
ADMIN_BUDGETS = {
    # + the neighbourhoods filter, the filtered and the full count (small table: both shown), the mentors with
    # their open match count (account joined)
    "mentor": 6,
    # + the cohorts filter, one count (no full count on this big table), the matches (project, cohort, mentor
    # and account joined)
    "match": 5,
    # + the cohorts filter, one count, the sessions (match, mentor, project joined), and the date hierarchy's
    # first date and its days
    "mentoringsession": 7,
    # + the cohorts filter, the filtered and the full count, the profiles (project joined)
    "projectmatchingprofile": 6,
}


@pytest.mark.parametrize("model", sorted(ADMIN_BUDGETS))
@pytest.mark.parametrize("count", SIZES)
def test_mentors_admin_changelists_query_budget(superuser_client, model, count, django_assert_num_queries):
    _fill_for_admin(count)
    with django_assert_num_queries(ADMIN_BUDGETS[model]):
        response = superuser_client.get(reverse(f"admin:mentors_{model}_changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == count
