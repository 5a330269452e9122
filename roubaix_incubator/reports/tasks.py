"""Thin tasks: each calls one service, which checks the state first, so running a task twice acts once."""

import logging

from celery import shared_task

from . import services
from .services import TransientBuildError

logger = logging.getLogger(__name__)


@shared_task(
    name="reports.build_report",
    autoretry_for=(TransientBuildError, *services.TRANSIENT_ERRORS),  # the database down before the claim too
    retry_backoff=True,
    max_retries=services.MAX_ATTEMPTS,
)
def build_report_task(*, report_id: int) -> bool:
    """Builds one report. A transient database error is retried here with backoff (the report is pending again);
    any other failure is recorded on the report and the requester told (staff retry it from the admin)."""
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


@shared_task(name="reports.send_failed_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_report_failed_task(*, report_id: int) -> bool:
    sent = services.report_send_failed_email(report_id=report_id)
    if not sent:
        logger.info("Failure e-mail of report %s already sent, or the report did not fail.", report_id)
    return sent


@shared_task(name="reports.queue_lost_reports")
def queue_lost_reports_task() -> dict[str, int]:
    """Run by Celery beat (see reports/migrations/0002_schedule_lost_reports.py): requests never built, builds
    stuck in construction, e-mails never sent."""
    return services.reports_sweep()
