"""A report speaks its requester's language: the quarter labels, the percentages, the page's `lang`."""

import pytest
from django.utils import translation

from roubaix_incubator.reports import content, services
from roubaix_incubator.reports.enums import ReportKind, ReportStatus
from roubaix_incubator.reports.tables import percentage

pytestmark = pytest.mark.django_db


def test_percentages_are_written_the_way_each_language_does():
    with translation.override("fr"):
        assert percentage(1, 2) == "50 %"
    with translation.override("en"):
        assert percentage(1, 2) == "50%"
    assert percentage(0, 0) == "—"


def test_quarters_are_labelled_in_the_report_language(world):
    with translation.override("fr"):
        french = content.cohort_report(cohort=world.cohort, today=world.today)
    with translation.override("en"):
        english = content.cohort_report(cohort=world.cohort, today=world.today)

    def labels(report):
        return [row.label for row in next(t for t in report.tables() if t.slug == "impact-trimestres").rows]

    assert labels(french)[0] == "T1 2026"
    assert labels(english)[0] == "Q1 2026"


def test_a_report_keeps_its_requester_language_and_its_page_says_so(
    world, staff_with, client, django_capture_on_commit_callbacks
):
    requester = staff_with("reports.add_report", "reports.view_report")
    requester.preferred_language = "en"
    requester.save(update_fields=["preferred_language"])
    reader = staff_with("reports.view_report")

    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(
            kind=ReportKind.COHORT, parameters={"cohort_id": world.cohort.pk}, requested_by=requester
        )
    report.refresh_from_db()
    client.force_login(reader)  # French admin: the page still says it is in English
    page = client.get(f"/admin/reports/report/{report.pk}/page/").content.decode()

    assert (report.status, report.language) == (ReportStatus.READY, "en")
    assert '<html lang="en">' in page
    assert "Q1 2026" in page
