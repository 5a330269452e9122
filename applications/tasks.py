import logging

from celery import shared_task

from . import services
from .retention import personal_data_purge

logger = logging.getLogger(__name__)


@shared_task(name="applications.send_submission_confirmation", autoretry_for=(OSError,), retry_backoff=True,
             max_retries=5)
def send_submission_confirmation_task(*, application_id: int) -> bool:
    sent = services.application_send_submission_confirmation(application_id=application_id)
    if not sent:
        logger.info("Submission confirmation for application %s already sent or not due.", application_id)
    return sent


@shared_task(name="applications.purge_personal_data")
def purge_personal_data_task() -> dict:
    result = personal_data_purge()
    logger.info("Personal data purge: %s", result)
    return {"drafts_deleted": result.drafts_deleted, "documents_deleted": result.documents_deleted,
            "profiles_erased": result.profiles_erased, "applications_anonymised": result.applications_anonymised}


# The reminders' beat tasks live beside their due selectors; importing them here registers them with the worker.
from .reminders import send_deadline_reminders_task, send_missing_confirmations_task  # noqa: E402, F401
