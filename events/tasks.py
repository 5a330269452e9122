"""Thin tasks: each calls one service, which checks the state first, so running a task twice acts once."""

import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 5}


@shared_task(name="events.send_registration_confirmation", **RETRY)
def send_confirmation_task(*, registration_id: int) -> bool:
    sent = services.registration_send_confirmation(registration_id=registration_id)
    if not sent:
        logger.info("Confirmation of registration %s already sent, or the registration is gone.", registration_id)
    return sent


@shared_task(name="events.send_waitlist_promotion", **RETRY)
def send_promotion_task(*, registration_id: int) -> bool:
    sent = services.registration_send_promotion(registration_id=registration_id)
    if not sent:
        logger.info("Promotion e-mail of registration %s already sent or not due.", registration_id)
    return sent


@shared_task(name="events.send_manage_link", **RETRY)
def send_manage_link_task(*, registration_id: int) -> bool:
    return services.registration_send_manage_link(registration_id=registration_id)


@shared_task(name="events.send_date_change_notices", **RETRY)
def send_date_change_notices_task(*, event_id: int) -> int:
    return services.event_send_date_change_notices(event_id=event_id)


@shared_task(name="events.send_due_reminders")
def send_due_reminders_task() -> dict[str, int]:
    """Run by Celery beat every few minutes (see the events migration that schedules it)."""
    return services.reminders_send_due()


@shared_task(name="events.anonymise_old_registrations")
def anonymise_old_registrations_task() -> int:
    """Run by Celery beat every night (see the events migration that schedules it)."""
    return services.registrations_anonymise_expired()
