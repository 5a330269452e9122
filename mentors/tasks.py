"""Thin tasks: each calls one service, which checks the state first, so running a task twice acts once."""

import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 5}


@shared_task(name="mentors.send_invitation", **RETRY)
def send_invitation_task(*, mentor_id: int) -> bool:
    sent = services.mentor_send_invitation(mentor_id=mentor_id)
    if not sent:
        logger.info("Invitation of mentor %s already sent, or the mentor is gone.", mentor_id)
    return sent


@shared_task(name="mentors.send_introduction", **RETRY)
def send_introduction_task(*, match_id: int) -> bool:
    sent = services.match_send_introduction(match_id=match_id)
    if not sent:
        logger.info("Introduction of match %s already sent, or the match is not active.", match_id)
    return sent


@shared_task(name="mentors.notify_staff_of_application", **RETRY)
def notify_staff_of_application_task(*, mentor_id: int) -> bool:
    sent = services.mentor_notify_staff(mentor_id=mentor_id)
    if not sent:
        logger.info("Staff already told of mentor %s, or the proposal is gone or approved.", mentor_id)
    return sent


@shared_task(name="mentors.send_staff_notice", **RETRY)
def send_staff_notice_task(*, notice_id: int) -> bool:
    sent = services.mentor_send_staff_notice(notice_id=notice_id)
    if not sent:
        logger.info("Staff notice %s already sent, or the proposal is approved or gone.", notice_id)
    return sent


@shared_task(name="mentors.send_approval", **RETRY)
def send_approval_task(*, mentor_id: int) -> bool:
    sent = services.mentor_send_approval(mentor_id=mentor_id)
    if not sent:
        logger.info("Approval e-mail of mentor %s already sent, or the mentor is not approved.", mentor_id)
    return sent


@shared_task(name="mentors.send_decline", **RETRY)
def send_decline_task(*, mentor_id: int) -> bool:
    sent = services.mentor_send_decline(mentor_id=mentor_id)
    if not sent:
        logger.info("Decline e-mail of mentor %s already sent, or the proposal is not declined.", mentor_id)
    return sent


@shared_task(name="mentors.send_due_reminders")
def send_due_reminders_task() -> dict[str, int]:
    """Run by Celery beat (see the mentors migration that schedules it)."""
    return services.reminders_send_due()
