"""The admin's list of reports has a fixed query budget; the retention purge's dry run deletes nothing; the
benchmark's --rebuild deletes only the benchmark's own reports."""

from datetime import timedelta

import pytest
from django.utils import timezone

from applications.enums import Status
from applications.models import Application
from roubaix_incubator.reports.enums import ReportKind, ReportStatus
from roubaix_incubator.reports.jobs import JOBS
from roubaix_incubator.reports.models import Report
from tests.factories import ApplicationFactory, CallFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 20])
def test_admin_report_list_query_budget(client, world, staff_with, count, django_assert_num_queries):
    manager = staff_with("reports.add_report", "reports.view_report", "applications.view_holder_profile")
    for i in range(count):
        Report.objects.create(
            kind=ReportKind.CALL if i % 2 else ReportKind.FUNDERS,
            parameters={"call_id": world.call.pk},
            requested_by=UserFactory(),
            status=ReportStatus.READY if i % 3 else ReportStatus.FAILED,
            built_at=timezone.now(),
            error="construction interrompue (worker arrêté)",
        )
    client.force_login(manager)

    # 1 session, 2 user, 3-4 the user's own and group permissions, 5 the count of the filtered list, 6 the count of
    # every report, 7 the page of reports with their requesters (list_select_related, the printable pages
    # deferred), 8 the first and last request dates and 9 their days (the date hierarchy); nothing per row.
    with django_assert_num_queries(9):
        response = client.get("/admin/reports/report/")

    assert response.status_code == 200
    assert response.context["cl"].result_count == count


def test_retention_purge_dry_run_deletes_nothing():
    old_call = CallFactory(
        opens_at=timezone.now() - timedelta(days=900), closes_at=timezone.now() - timedelta(days=800)
    )
    draft = ApplicationFactory(call=old_call, status=Status.DRAFT)

    preview = JOBS["applications.purge_personal_data"](timezone.now())

    assert preview.actions[0] == "supprimerait 1 brouillon(s) jamais envoyé(s)"
    assert Application.objects.filter(pk=draft.pk).exists()


def test_bench_rebuild_deletes_only_the_benchmark_reports(django_capture_on_commit_callbacks):
    from bench.reports import BENCH_REQUESTER, delete_bench_data

    bench = Report.objects.create(kind=ReportKind.CALL, requested_by=UserFactory(email=BENCH_REQUESTER))
    staff = Report.objects.create(kind=ReportKind.CALL, requested_by=UserFactory())
    orphan = Report.objects.create(kind=ReportKind.CALL, requested_by=None)
    bench_like = UserFactory(email="bench.marie@roubaix.fr")  # a real person whose e-mail starts like the bench's

    with django_capture_on_commit_callbacks(execute=True):
        delete_bench_data()

    assert sorted(Report.objects.values_list("pk", flat=True)) == sorted([staff.pk, orphan.pk])
    assert not Report.objects.filter(pk=bench.pk).exists()
    assert type(bench_like).objects.filter(pk=bench_like.pk).exists()
