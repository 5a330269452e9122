"""Thin tasks: each calls one service, which checks the state first, so running a task twice acts once."""

import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="reports.build_report")
def build_report_task(*, report_id: int) -> bool:
    """Builds one report. A failure is recorded on the report (staff retry it from the admin), not retried here."""
    built = services.report_build(report_id=report_id)
    if not built:
        logger.info("Report %s not built: already claimed, built, failed or gone.", report_id)
    return built


@shared_task(name="reports.send_ready_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_report_ready_task(*, report_id: int) -> bool:
    sent = services.report_send_ready_email(report_id=report_id)
    if not sent:
        logger.info("Ready e-mail of report %s already sent, or the report is not ready.", report_id)
    return sent


@shared_task(name="reports.queue_lost_reports")
def queue_lost_reports_task() -> int:
    """Run by Celery beat (see reports/migrations/0002_schedule_lost_reports.py)."""
    return services.reports_queue_lost()
