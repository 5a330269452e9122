import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="applications.send_submission_confirmation", autoretry_for=(OSError,), retry_backoff=True,
             max_retries=5)
def send_submission_confirmation_task(*, application_id: int) -> bool:
    sent = services.application_send_submission_confirmation(application_id=application_id)
    if not sent:
        logger.info("Submission confirmation for application %s already sent or not due.", application_id)
    return sent
