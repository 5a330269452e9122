from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cohorts import selectors, services
from cohorts.models import ImpactReport

pytestmark = pytest.mark.django_db


def _report(membership, *, year=2026, quarter=1, jobs=2, inclusive=1, beneficiaries=40, revenue=12000, by=None):
    return services.impact_report_submit(
        membership=membership,
        by=by or membership.application.applicant,
        year=year,
        quarter=quarter,
        jobs_created=jobs,
        inclusive_jobs_created=inclusive,
        beneficiaries=beneficiaries,
        revenue=revenue,
    )


@pytest.fixture
def _today_is_in_2026_q4(monkeypatch):
    monkeypatch.setattr("cohorts.services.impact.timezone.localdate", lambda: date(2026, 11, 15))


@pytest.mark.usefixtures("_today_is_in_2026_q4")
def test_a_member_declares_one_report_per_quarter(released_cohort):
    _, members, _ = released_cohort
    report = _report(members[0], quarter=3)

    assert (report.year, report.quarter, report.jobs_created, report.submitted_by) == (
        2026,
        3,
        2,
        members[0].application.applicant,
    )
    with pytest.raises(ValidationError) as error:
        _report(members[0], quarter=3, jobs=5)
    assert "quarter" in error.value.message_dict
    assert ImpactReport.objects.count() == 1


@pytest.mark.usefixtures("_today_is_in_2026_q4")
def test_a_future_quarter_and_inconsistent_figures_are_refused(released_cohort):
    _, members, _ = released_cohort

    with pytest.raises(ValidationError) as error:
        _report(members[0], year=2027, quarter=1, jobs=1, inclusive=2)

    assert set(error.value.message_dict) == {"quarter", "inclusive_jobs_created"}


@pytest.mark.usefixtures("_today_is_in_2026_q4")
def test_only_the_project_holder_declares(released_cohort, make_user):
    _, members, _ = released_cohort

    with pytest.raises(PermissionDenied):
        _report(members[0], by=make_user())


@pytest.mark.usefixtures("_today_is_in_2026_q4")
def test_impact_figures_per_member_and_per_cohort(released_cohort, django_assert_num_queries):
    cohort, members, _ = released_cohort
    _report(members[0], quarter=1, jobs=2, inclusive=1, beneficiaries=40, revenue=12000)
    _report(members[0], quarter=2, jobs=1, inclusive=1, beneficiaries=25, revenue=8000)
    _report(members[1], quarter=1, jobs=3, inclusive=0, beneficiaries=10, revenue=5000)

    # 1 query each: the sums are computed by the database.
    with django_assert_num_queries(1):
        per_member = [
            (
                m.application.project_name,
                m.report_count,
                m.jobs_created,
                m.inclusive_jobs_created,
                m.beneficiaries,
                m.revenue,
            )
            for m in selectors.impact_figures_per_membership(cohort=cohort)
        ]
    with django_assert_num_queries(1):
        totals = selectors.impact_figures_per_cohort().get(pk=cohort.pk)

    assert per_member == [("Membre 1", 2, 3, 2, 65, 20000), ("Membre 2", 1, 3, 0, 10, 5000)]
    assert (
        totals.member_count,
        totals.report_count,
        totals.jobs_created,
        totals.inclusive_jobs_created,
        totals.beneficiaries,
        totals.revenue,
    ) == (2, 3, 6, 2, 75, 25000)
