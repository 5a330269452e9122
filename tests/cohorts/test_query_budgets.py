"""Query budgets of the selection's list pages: the same number of queries with 1 row and with 20."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.enums import Status
from applications.models import Call
from cohorts.enums import Outcome
from cohorts.models import Cohort, Decision, ImpactReport, Membership, Review
from roubaix_incubator.core.models import Neighbourhood

pytestmark = pytest.mark.django_db

COUNTS = [1, 20]


def _member(cohort, make_application, **kwargs):
    application = make_application(status=Status.ACCEPTED, on_call=cohort.call, **kwargs)
    application.neighbourhoods.set(Neighbourhood.objects.all()[:2])
    return Membership.objects.create(cohort=cohort, application=application)


def _cohort_with_members(count, make_cohort, make_application):
    cohort = make_cohort(seats=25)
    return cohort, [_member(cohort, make_application) for _ in range(count)]


@pytest.mark.parametrize("count", COUNTS)
def test_my_cohorts_page_query_count_is_fixed(client, count, make_user, make_application, django_assert_num_queries):
    holder = make_user()
    for n in range(count):
        call = Call.objects.create(
            title=f"Appel {n}", slug=f"appel-{n}", opens_at=timezone.now(), closes_at=timezone.now(), is_published=True
        )
        cohort = Cohort.objects.create(
            call=call, name=f"Promotion {n}", seats=4, starts_on=date(2026, 9, 1), ends_on=date(2027, 6, 30)
        )
        _member(cohort, make_application, applicant=holder)
    client.force_login(holder)

    # 3 queries: the session, the user, their memberships with cohorts and projects joined.
    with django_assert_num_queries(3):
        response = client.get(reverse("cohorts:my_cohorts"))
    assert len(response.context["memberships"]) == count


@pytest.mark.parametrize("count", COUNTS)
def test_cohort_page_query_count_is_fixed(client, count, make_cohort, make_application, django_assert_num_queries):
    cohort, members = _cohort_with_members(count, make_cohort, make_application)
    member = members[0]
    for quarter in range(1, 4 if count > 1 else 2):
        ImpactReport.objects.create(membership=member, year=2026, quarter=quarter, jobs_created=1)
    client.force_login(member.application.applicant)

    # 7 queries: the session, the user, their membership with cohort and project joined, their active mentors,
    # the fellow projects with their files joined, those files' neighbourhoods (prefetched), their impact reports.
    with django_assert_num_queries(7):
        response = client.get(reverse("cohorts:membership", args=[member.pk]))
    assert len(response.context["fellows"]) == count


@pytest.mark.parametrize("count", COUNTS)
def test_decisions_changelist_query_count_is_fixed(
    client, count, superuser, make_application, prepare, django_assert_num_queries
):
    for _ in range(count):
        prepare(make_application(status=Status.SHORTLISTED), Outcome.WAITLISTED)
    client.force_login(superuser)

    # 5 queries: the session, the user, the calls of the call filter, the paginator's count, the page of decisions
    # with files and calls joined (list_select_related). No full count (show_full_result_count = False).
    with django_assert_num_queries(5):
        response = client.get(reverse("admin:cohorts_decision_changelist"))
    assert len(response.context["cl"].result_list) == count == Decision.objects.count()


@pytest.mark.parametrize("count", COUNTS)
def test_cohorts_changelist_query_count_is_fixed(client, count, superuser, make_application, django_assert_num_queries):
    for n in range(count):
        call = Call.objects.create(
            title=f"Appel {n}", slug=f"appel-{n}", opens_at=timezone.now(), closes_at=timezone.now(), is_published=True
        )
        cohort = Cohort.objects.create(
            call=call, name=f"Promotion {n}", seats=4, starts_on=date(2026, 9, 1), ends_on=date(2027, 6, 30)
        )
        member = _member(cohort, make_application)
        ImpactReport.objects.create(membership=member, year=2026, quarter=1, jobs_created=2, beneficiaries=10)
    client.force_login(superuser)

    # 4 queries: the session, the user, the paginator's count, the page of cohorts with their calls joined and
    # their members and impact totals summed by the database (one GROUP BY).
    with django_assert_num_queries(4):
        response = client.get(reverse("admin:cohorts_cohort_changelist"))
    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("count", COUNTS)
def test_impact_reports_changelist_query_count_is_fixed(
    client, count, superuser, make_cohort, make_application, django_assert_num_queries
):
    _, members = _cohort_with_members(count, make_cohort, make_application)
    for member in members:
        ImpactReport.objects.create(membership=member, year=2026, quarter=1, jobs_created=1)
    client.force_login(superuser)

    # 6 queries: the session, the user, the cohorts of the cohort filter, the paginator's count, the page of reports
    # with memberships, cohorts and projects joined, the years of the year filter.
    with django_assert_num_queries(6):
        response = client.get(reverse("admin:cohorts_impactreport_changelist"))
    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("count", COUNTS)
def test_applications_changelist_of_a_jury_member_query_count_is_fixed(
    client, count, jury_member, make_application, make_reviewer, django_assert_num_queries
):
    for _ in range(count):
        application = make_application()
        application.neighbourhoods.set(Neighbourhood.objects.all()[:2])
        Review.objects.create(application=application, reviewer=jury_member)
    Review.objects.create(application=make_application(), reviewer=make_reviewer())  # not theirs
    client.force_login(jury_member)

    # 11 queries: the session, the user, their permissions (own, then through groups; they also say the user sees
    # only the files assigned to them), the calls and the neighbourhoods of the filters, the paginator's count of
    # their files, the page of their files with calls and applicants joined, those files' neighbourhoods
    # (prefetched), the first and last submission dates and the days of the date hierarchy.
    with django_assert_num_queries(11):
        response = client.get(reverse("admin:applications_application_changelist"))
    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("count", COUNTS)
def test_release_confirmation_page_query_count_is_fixed(
    client, count, superuser, make_application, make_cohort, prepare, call, django_assert_num_queries
):
    make_cohort(seats=2)
    for _ in range(count):
        prepare(make_application(status=Status.SHORTLISTED), Outcome.WAITLISTED)
        make_application(status=Status.UNDER_REVIEW)  # no decision: a warning
    client.force_login(superuser)

    # 7 queries: the session, the user, the changelist's two counts of calls (the action runs from the changelist),
    # the selected calls, the pending decisions with files, calls and applicants joined, the undecided files.
    with django_assert_num_queries(7):
        response = client.post(
            reverse("admin:applications_call_changelist"),
            {"action": "release_decisions", "_selected_action": [call.pk]},
        )
    assert (len(response.context["items"]), len(response.context["warnings"])) == (count, count)
