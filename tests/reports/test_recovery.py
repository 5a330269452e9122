"""What a dead broker or worker leaves behind is picked up by the beat sweep, once; transient database errors
are retried with backoff; the requester hears about a failure."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import OperationalError
from django.utils import timezone

from roubaix_incubator.celery import app as celery_app
from roubaix_incubator.reports import services
from roubaix_incubator.reports.enums import ReportKind, ReportStatus
from roubaix_incubator.reports.models import Report
from roubaix_incubator.reports.tasks import build_report_task, queue_lost_reports_task, send_report_failed_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(staff_with):
    return staff_with("reports.add_report", "reports.view_report")


@pytest.fixture
def retries_run_inline():
    """Eager tasks re-run their retries in place only when their exceptions are not propagated."""
    previous = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = previous


def make_report(world, manager, **fields) -> Report:
    return Report.objects.create(
        kind=ReportKind.CALL, parameters={"call_id": world.call.pk}, requested_by=manager, **fields
    )


def test_sweep_marks_a_stuck_build_failed_and_tells_the_requester_once(
    world, manager, django_capture_on_commit_callbacks
):
    stuck = make_report(world, manager, status=ReportStatus.BUILDING, started_at=timezone.now() - timedelta(minutes=40))
    recent = make_report(
        world, manager, status=ReportStatus.BUILDING, started_at=timezone.now() - timedelta(minutes=10)
    )

    with django_capture_on_commit_callbacks(execute=True):
        first = queue_lost_reports_task.apply().get()
    with django_capture_on_commit_callbacks(execute=True):
        second = queue_lost_reports_task.apply().get()

    stuck.refresh_from_db()
    recent.refresh_from_db()
    assert (stuck.status, stuck.error) == (ReportStatus.FAILED, "construction interrompue (worker arrêté)")
    assert recent.status == ReportStatus.BUILDING
    assert first == {"stuck": 1, "lost": 0, "emails": 0}
    assert second == {"stuck": 0, "lost": 0, "emails": 0}
    [message] = mail.outbox
    assert message.to == [manager.email]
    assert "Raison : construction interrompue (worker arrêté)" in message.body


def test_sweep_gives_each_stuck_build_its_reason_in_its_own_language(
    world, manager, django_capture_on_commit_callbacks
):
    started_at = timezone.now() - timedelta(minutes=40)
    english = make_report(world, manager, status=ReportStatus.BUILDING, started_at=started_at, language="en")
    french = make_report(world, manager, status=ReportStatus.BUILDING, started_at=started_at, language="fr")

    with django_capture_on_commit_callbacks(execute=True):
        assert services.reports_fail_stuck() == 2

    english.refresh_from_db()
    french.refresh_from_db()
    assert (english.error, french.error) == (
        "build interrupted (worker stopped)", "construction interrompue (worker arrêté)"
    )
    reasons = sorted(
        line for message in mail.outbox for line in message.body.splitlines() if line.startswith(("Raison", "Reason"))
    )
    assert reasons == [
        "Raison : construction interrompue (worker arrêté)",
        "Reason: build interrupted (worker stopped)",
    ]


def test_sweep_sends_a_lost_ready_email_once(world, manager):
    lost = make_report(world, manager, status=ReportStatus.READY, built_at=timezone.now() - timedelta(minutes=20))
    make_report(world, manager, status=ReportStatus.READY, built_at=timezone.now() - timedelta(minutes=1))  # in flight
    make_report(world, manager, status=ReportStatus.READY, built_at=timezone.now() - timedelta(days=8))  # too old

    first = queue_lost_reports_task.apply().get()
    second = queue_lost_reports_task.apply().get()

    assert (first["emails"], second["emails"]) == (1, 0)
    [message] = mail.outbox
    assert message.to == [manager.email]
    assert message.subject.startswith("Votre rapport est prêt")
    lost.refresh_from_db()
    assert lost.ready_email_sent_at is not None


def test_sweep_sends_a_lost_failure_email_once(world, manager):
    make_report(
        world, manager, status=ReportStatus.FAILED, error="x", started_at=timezone.now() - timedelta(minutes=20)
    )

    queue_lost_reports_task.apply()
    queue_lost_reports_task.apply()

    assert len(mail.outbox) == 1


def test_failure_email_task_runs_twice_acts_once(world, manager):
    report = make_report(world, manager, status=ReportStatus.FAILED, error="construction interrompue (worker arrêté)")

    results = [send_report_failed_task.apply(kwargs={"report_id": report.pk}).get() for _ in range(2)]

    assert results == [True, False]
    assert len(mail.outbox) == 1


def test_a_retried_report_that_fails_again_tells_the_requester_again(
    world, manager, django_capture_on_commit_callbacks
):
    report = make_report(world, manager, status=ReportStatus.FAILED, error="x", failure_email_sent_at=timezone.now())

    with (
        mock.patch("roubaix_incubator.reports.content.call_report", side_effect=RuntimeError("boom")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.report_retry(report=report)

    assert len(mail.outbox) == 1


def test_a_transient_database_error_is_retried_and_the_report_built(
    world, manager, django_capture_on_commit_callbacks, retries_run_inline
):
    report = make_report(world, manager)
    real = services.builders.call_report
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    with (
        mock.patch("roubaix_incubator.reports.content.call_report", side_effect=flaky),
        django_capture_on_commit_callbacks(execute=True),
    ):
        build_report_task.apply(kwargs={"report_id": report.pk})

    report.refresh_from_db()
    assert (report.status, report.attempts, report.error) == (ReportStatus.READY, 2, "")
    assert [message.subject.split(" :")[0] for message in mail.outbox] == ["Votre rapport est prêt"]


def test_a_database_that_stays_down_fails_the_report_with_a_french_reason(
    world, manager, django_capture_on_commit_callbacks, retries_run_inline
):
    report = make_report(world, manager)

    with (
        mock.patch("roubaix_incubator.reports.content.call_report", side_effect=OperationalError("connection refused")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        build_report_task.apply(kwargs={"report_id": report.pk})

    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.attempts == services.MAX_ATTEMPTS
    assert report.error == "base de données indisponible après 5 tentatives ; relancez plus tard"
    assert "connection refused" not in report.error
    assert len(mail.outbox) == 1
