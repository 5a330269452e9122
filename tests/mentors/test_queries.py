"""Query budgets: each page costs the same number of queries with 1 or 10 projects (no N+1)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from .factories import MatchFactory, MembershipFactory, MentorFactory, SessionFactory

SIZES = [1, 10]


def fill(cohort, count, *, mentor=None, sessions_each=2):
    """`count` projects of the cohort, each with a running match (to `mentor`, or to a mentor of its own) and
    `sessions_each` sessions, one of them rated by the holder."""
    today = timezone.localdate()
    matches = []
    for n in range(count):
        match = MatchFactory(
            mentor=mentor or MentorFactory(),
            membership=MembershipFactory(cohort=cohort, application__project_name=f"Projet {n:02}"),
        )
        for s in range(sessions_each):
            SessionFactory(
                match=match,
                date=today - timedelta(days=7 * s + n),
                holder_feedback_usefulness=3 if s == 0 else None,
                holder_feedback_comment="Utile." if s == 0 else "",
                holder_feedback_at=timezone.now() if s == 0 else None,
            )
        matches.append(match)
    return matches


@pytest.mark.parametrize("count", SIZES)
def test_mentor_portal_query_budget(client, mentor, cohort, count, django_assert_num_queries):
    mentor.capacity_projects = 10
    mentor.save()
    fill(cohort, count, mentor=mentor)
    client.force_login(mentor.user)
    # 5 queries: the session, the user, the mentor profile (user joined), the matches (project, its holder and
    # the cohort joined), and their sessions in one prefetch query.
    with django_assert_num_queries(5):
        response = client.get(reverse("mentors:portal"))
    assert len(response.context["running"]) == count


@pytest.mark.parametrize("count", SIZES)
def test_mentor_session_list_query_budget(client, mentor, cohort, count, django_assert_num_queries):
    mentor.capacity_projects = 10
    mentor.save()
    fill(cohort, count, mentor=mentor)
    client.force_login(mentor.user)
    # 4 queries: the session, the user, the mentor profile, and the sessions (match and project joined).
    with django_assert_num_queries(4):
        response = client.get(reverse("mentors:sessions"))
    assert len(response.context["sessions"]) == 2 * count


@pytest.mark.parametrize("count", SIZES)
def test_mentor_project_page_query_budget(client, mentor, cohort, count, django_assert_num_queries):
    (match,) = fill(cohort, 1, mentor=mentor, sessions_each=count)
    client.force_login(mentor.user)
    # 5 queries: the session, the user, the mentor profile, the match (project, holder, cohort joined), and its
    # sessions.
    with django_assert_num_queries(5):
        response = client.get(reverse("mentors:project", args=[match.membership_id]))
    assert len(response.context["sessions"]) == count


@pytest.mark.parametrize("count", SIZES)
def test_holder_page_query_budget(client, cohort, count, django_assert_num_queries):
    (match,) = fill(cohort, 1, sessions_each=count)
    holder = match.membership.application.applicant
    client.force_login(holder)
    # 5 queries: the session, the user, the membership (project and cohort joined), its running matches (mentor
    # and account joined, prefetched), and the sessions (mentor and account joined, private notes left out).
    with django_assert_num_queries(5):
        response = client.get(reverse("mentors:holder_project", args=[match.membership_id]))
    assert len(response.context["sessions"]) == count


@pytest.mark.parametrize("count", SIZES)
def test_staff_follow_up_query_budget(client, manager, cohort, count, django_assert_num_queries):
    fill(cohort, count)
    client.force_login(manager)
    # 10 queries: the session, the user, their own permissions and their groups' permissions (the permission
    # check), the cohort, the projects with their sessions, minutes, last date, feedback and "quiet" flag computed
    # by the database, their running matches (mentor and account joined, prefetched), the mentors with their
    # counts and hours in this cohort, the latest feedback (project and mentor joined), and the cohort's totals.
    with django_assert_num_queries(10):
        response = client.get(reverse("mentors:staff_follow_up", args=[cohort.pk]))
    assert len(response.context["projects"]) == count
    assert len(list(response.context["mentors"])) == count
