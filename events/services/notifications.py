"""The participants' e-mails. Each one is claimed by a conditional UPDATE before it is sent, in the same
transaction: a second run finds nothing to claim, and a failed send rolls the claim back so the next run retries."""

import logging

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from ..emails import registration_attachments, send_registration_email
from ..enums import (
    CONTRIBUTIONS_OPEN_AFTER_END,
    MANAGE_LINK_RESEND_INTERVAL,
    REMINDER_BEFORE,
    UNSENT_EMAIL_SWEEP_AFTER,
    RegistrationStatus,
)
from ..models import Event, Registration

logger = logging.getLogger(__name__)

ACTIVE = ~Q(status=RegistrationStatus.CANCELLED)


def _registration_for_email(pk: int) -> Registration:
    return Registration.objects.select_related("event", "event__neighbourhood", "user", "table").get(pk=pk)


@transaction.atomic
def registration_send_confirmation(*, registration_id: int) -> bool:
    """The confirmation (or waitlist) e-mail with the private link; a confirmed seat adds the .ics and the QR."""
    claimed = (
        Registration.objects.filter(ACTIVE, pk=registration_id, confirmation_sent_at__isnull=True)
        .update(confirmation_sent_at=timezone.now())
    )
    if not claimed:
        return False
    registration = _registration_for_email(registration_id)
    send_registration_email(
        registration=registration, template="confirmation", attachments=registration_attachments(registration)
    )
    return True


@transaction.atomic
def registration_send_promotion(*, registration_id: int) -> bool:
    """Tells someone who left the waitlist that they have a seat."""
    claimed = Registration.objects.filter(
        pk=registration_id,
        status=RegistrationStatus.CONFIRMED,
        promoted_at__isnull=False,
        promotion_sent_at__isnull=True,
    ).update(promotion_sent_at=timezone.now())
    if not claimed:
        return False
    registration = _registration_for_email(registration_id)
    send_registration_email(
        registration=registration, template="promotion", attachments=registration_attachments(registration)
    )
    return True


@transaction.atomic
def registration_send_manage_link(*, registration_id: int, now=None) -> bool:
    """Sends the private link again (someone tried to register twice); at most once every ten minutes, so the
    form cannot be used to flood someone's mailbox."""
    now = now or timezone.now()
    claimed = (
        Registration.objects.filter(ACTIVE, pk=registration_id)
        .filter(Q(manage_link_sent_at__isnull=True) | Q(manage_link_sent_at__lte=now - MANAGE_LINK_RESEND_INTERVAL))
        .update(manage_link_sent_at=now)
    )
    if not claimed:
        return False
    send_registration_email(registration=_registration_for_email(registration_id), template="manage_link")
    return True


def _send_one(*, pk: int, claim, claim_values: dict, template: str, with_attachments: bool = False) -> bool:
    """Claims (`claim.update(**claim_values)`) and sends one e-mail in its own transaction; a failure is logged
    and left for the next run."""
    try:
        with transaction.atomic():
            if not claim.update(**claim_values):
                return False
            registration = _registration_for_email(pk)
            attachments = registration_attachments(registration) if with_attachments else ()
            send_registration_email(registration=registration, template=template, attachments=attachments)
            return True
    except Exception:
        logger.exception("Sending the %s e-mail of registration %s failed; it will be retried.", template, pk)
        return False


def event_send_date_change_notices(*, event_id: int, now=None) -> int:
    """Tells everyone registered (waitlist included) the new date, with the updated calendar entry. Each person is
    told once per date: `schedule_known_for` is the start they know."""
    now = now or timezone.now()
    event = Event.objects.filter(pk=event_id, published=True).first()
    if event is None or event.is_past(now):
        return 0
    starts_at = event.starts_at
    to_tell = event.registrations.filter(ACTIVE).exclude(schedule_known_for=starts_at).exclude(email="")
    values = {"schedule_known_for": starts_at}
    if now >= starts_at - REMINDER_BEFORE:
        values["reminder_sent_for"] = starts_at  # the notice, this close to the day, is the reminder
    sent = 0
    for pk in list(to_tell.values_list("pk", flat=True)):
        claim = Registration.objects.filter(ACTIVE, pk=pk).exclude(schedule_known_for=starts_at)
        sent += _send_one(pk=pk, claim=claim, claim_values=values, template="date_changed", with_attachments=True)
    return sent


def _sweep_unsent(*, now) -> dict[str, int]:
    """The e-mails whose task never ran or failed for good (broker down at commit time, SMTP down through every
    retry): each one is still unclaimed, so the beat job sends it now. Only rows older than a few minutes, so the
    sweep does not race the task queued at commit time (a race would send nothing twice anyway: both claim)."""
    settled = now - UNSENT_EMAIL_SWEEP_AFTER
    upcoming = Q(event__published=True, event__ends_at__gt=now)

    confirmations = 0
    due = (
        Registration.objects.filter(ACTIVE, upcoming, confirmation_sent_at__isnull=True, created_at__lte=settled)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    for pk in list(due):
        claim = Registration.objects.filter(ACTIVE, pk=pk, confirmation_sent_at__isnull=True)
        confirmations += _send_one(
            pk=pk, claim=claim, claim_values={"confirmation_sent_at": now}, template="confirmation",
            with_attachments=True,
        )

    promotions = 0
    due = (
        Registration.objects.filter(
            upcoming,
            status=RegistrationStatus.CONFIRMED,
            promoted_at__isnull=False,
            promoted_at__lte=settled,
            promotion_sent_at__isnull=True,
        )
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    for pk in list(due):
        claim = Registration.objects.filter(pk=pk, status=RegistrationStatus.CONFIRMED, promotion_sent_at__isnull=True)
        promotions += _send_one(
            pk=pk, claim=claim, claim_values={"promotion_sent_at": now}, template="promotion", with_attachments=True
        )

    # Date-change notices: the people who do not know the current start yet (`schedule_known_for` differs).
    date_changes = 0
    moved = (
        Registration.objects.filter(
            ACTIVE, event__published=True, event__ends_at__gt=now, event__date_changed_at__lte=settled
        )
        .exclude(schedule_known_for=F("event__starts_at"))
        .exclude(email="")
        .values_list("event_id", flat=True)
        .distinct()
    )
    for event_id in list(moved):
        date_changes += event_send_date_change_notices(event_id=event_id, now=now)
    return {"confirmations": confirmations, "promotions": promotions, "date_changes": date_changes}


def reminders_send_due(*, now=None) -> dict[str, int]:
    """What the beat job runs every few minutes:

    - the e-mails that should have gone and did not (`_sweep_unsent`): confirmations, promotions, date changes;
    - two days before an event, a reminder to each confirmed participant, once per start date: the claim is
      `reminder_sent_for <> starts_at`, so moving the event re-arms it for the new date;
    - after the event, for the week contributions stay open, a thank-you with the link to contribute, once, to the
      people checked in (or to every confirmed participant when nobody was checked in)."""
    now = now or timezone.now()
    # First the overdue e-mails: a date-change notice this close to the day also counts as the reminder.
    swept = _sweep_unsent(now=now)
    reminders = 0
    due = (
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            event__published=True,
            event__starts_at__gt=now,
            event__starts_at__lte=now + REMINDER_BEFORE,
        )
        .exclude(email="")
        .exclude(reminder_sent_for=F("event__starts_at"))
        .values_list("pk", "event__starts_at")
    )
    for pk, starts_at in list(due):
        claim = Registration.objects.filter(pk=pk, status=RegistrationStatus.CONFIRMED).exclude(
            reminder_sent_for=starts_at
        )
        reminders += _send_one(
            pk=pk, claim=claim, claim_values={"reminder_sent_for": starts_at}, template="reminder", with_attachments=True
        )

    thank_yous = 0
    someone_checked_in = Registration.objects.filter(event=OuterRef("event"), checked_in_at__isnull=False)
    due = (
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            thank_you_sent_at__isnull=True,
            event__published=True,
            event__ends_at__lte=now,
            event__ends_at__gt=now - CONTRIBUTIONS_OPEN_AFTER_END,
        )
        .exclude(email="")
        .filter(Q(checked_in_at__isnull=False) | ~Exists(someone_checked_in))
        .values_list("pk", flat=True)
    )
    for pk in list(due):
        claim = Registration.objects.filter(pk=pk, thank_you_sent_at__isnull=True)
        thank_yous += _send_one(pk=pk, claim=claim, claim_values={"thank_you_sent_at": now}, template="thank_you")
    return {"reminders": reminders, "thank_yous": thank_yous, **swept}
