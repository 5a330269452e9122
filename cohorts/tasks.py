import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="cohorts.send_decision_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_decision_email_task(*, decision_id: int) -> bool:
    sent = services.decision_send_email(decision_id=decision_id)
    if not sent:
        logger.info("Decision e-mail %s already sent, not released or gone.", decision_id)
    return sent


# The reminders' beat tasks live beside their due selectors; importing them here registers them with the worker.
from .reminders import send_impact_report_requests_task, send_reviewer_reminders_task  # noqa: E402, F401
