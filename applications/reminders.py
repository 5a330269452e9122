"""Deadline reminders to applicants whose application is still a draft: one 7 days before the call closes, one the
day before. Run by a beat job (see the migration that schedules `applications.send_deadline_reminders`).

Also the sweep of submission confirmations that never left (broker down when the submission was saved, SMTP down
for longer than the task's retries): a beat job (`applications.send_missing_confirmations`) sends them.

Each reminder is a timestamp on the application, claimed by a conditional UPDATE that repeats the conditions of
the search, in the same transaction as the sending: a second run finds nothing to claim, and a failed sending
rolls the claim back so the next run tries again. `deadline_reminders_due` is what `manage.py jobs_due` lists
and what the sender sends, the very same objects: the dry run and the real run cannot disagree.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from roubaix_incubator.core.emails import absolute_url, send_templated_email

from .enums import Status
from .models import Application
from .selectors import applications_awaiting_confirmation

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlannedEmail:
    """An e-mail a reminder job would send: the dry run shows its recipient and subject, the real run sends it."""

    to: str
    template: str
    context: dict = field(hash=False)
    language: str = "fr"

    def subject(self) -> str:
        # The same rendering as send_templated_email, so the dry run shows the subject the recipient will read.
        with translation.override(self.language):
            context = {"site_url": settings.SITE_URL, **self.context}
            return " ".join(render_to_string(f"{self.template}_subject.txt", context).split())

    def send(self) -> None:
        send_templated_email(to=self.to, template=self.template, context=self.context, language=self.language)


def claim_and_send(*, claim, email: PlannedEmail, what: str) -> bool:
    """Runs `claim()` (a conditional update or a unique insert that returns how many rows it took) and sends the
    e-mail in one transaction. Nothing claimed: already sent or no longer due. A failed sending is logged and
    rolled back with its claim, for the next run."""
    try:
        with transaction.atomic():
            if not claim():
                return False
            email.send()
            return True
    except Exception:
        logger.exception("Sending the %s to %s failed; the next run tries again.", what, email.to)
        return False


@dataclass(frozen=True)
class Horizon:
    code: str
    before: timedelta  # the reminder is due once the call closes within this delay…
    not_within: timedelta  # …and not yet within this one (the next, closer reminder takes over)
    field: str


HORIZONS = (
    Horizon("7d", before=timedelta(days=7), not_within=timedelta(days=1), field="deadline_reminder_7d_sent_at"),
    Horizon("1d", before=timedelta(days=1), not_within=timedelta(0), field="deadline_reminder_1d_sent_at"),
)


def _due(horizon: Horizon, now) -> QuerySet[Application]:
    """Drafts of a published call closing within the horizon, not reminded yet for it. A draft started after the
    horizon opened is left alone: its holder has just been on the site and knows the date."""
    return Application.objects.filter(
        status=Status.DRAFT,
        applicant__is_active=True,
        call__is_published=True,
        call__closes_at__gt=now + horizon.not_within,
        call__closes_at__lte=now + horizon.before,
        created_at__lte=F("call__closes_at") - horizon.before,
        **{f"{horizon.field}__isnull": True},
    )


@dataclass(frozen=True)
class DueDeadlineReminder:
    application_id: int
    horizon: Horizon
    email: PlannedEmail


def deadline_reminders_due(*, now=None) -> list[DueDeadlineReminder]:
    """Every deadline reminder due now, with the e-mail it sends (one query per horizon)."""
    now = now or timezone.now()
    due = []
    for horizon in HORIZONS:
        for application in _due(horizon, now).select_related("call", "applicant").order_by("call__closes_at", "pk"):
            user = application.applicant
            email = PlannedEmail(
                to=user.email,
                template="applications/emails/deadline_reminder",
                context={
                    "user": user,
                    "application": application,
                    "call": application.call,
                    "last_day": horizon.code == "1d",
                    "url": absolute_url(reverse("applications:detail", kwargs={"pk": application.pk})),
                },
                language=user.preferred_language,
            )
            due.append(DueDeadlineReminder(application.pk, horizon, email))
    return due


def deadline_reminders_send_due(*, now=None) -> dict[str, int]:
    """Sends the reminders `deadline_reminders_due` lists, each claimed with the same conditions as the search
    (an application submitted meanwhile is not reminded)."""
    now = now or timezone.now()
    sent = {horizon.code: 0 for horizon in HORIZONS}
    for item in deadline_reminders_due(now=now):
        horizon = item.horizon

        def claim(horizon=horizon, pk=item.application_id):
            return _due(horizon, now).filter(pk=pk).update(**{horizon.field: now})

        sent[horizon.code] += claim_and_send(
            claim=claim, email=item.email, what=f"{horizon.code} deadline reminder of application {item.application_id}"
        )
    return sent


@shared_task(name="applications.send_deadline_reminders")
def send_deadline_reminders_task() -> dict[str, int]:
    """Run by Celery beat (see applications/migrations/0005_schedule_deadline_reminders.py)."""
    return deadline_reminders_send_due()


# Submission confirmations that never left


SWEEP_AFTER = timedelta(minutes=10)  # leaves the on-commit task of a fresh submission time to do its job
SWEEP_WITHIN = timedelta(days=7)  # a confirmation weeks late would confuse more than it reassures


def submission_confirmation_email(application: Application) -> PlannedEmail:
    """The confirmation of a submission; `application` comes with its call and applicant."""
    user = application.applicant
    return PlannedEmail(
        to=user.email,
        template="applications/emails/submitted",
        context={"application": application, "user": user},
        language=user.preferred_language,
    )


def _confirmations_due(now) -> QuerySet[Application]:
    return applications_awaiting_confirmation().filter(
        submitted_at__lte=now - SWEEP_AFTER, submitted_at__gt=now - SWEEP_WITHIN
    )


@dataclass(frozen=True)
class DueConfirmation:
    application_id: int
    email: PlannedEmail


def submission_confirmations_due(*, now=None) -> list[DueConfirmation]:
    """Applications submitted more than SWEEP_AFTER ago whose confirmation was never sent (one query), whatever
    their status since; drafts never submitted are not concerned."""
    now = now or timezone.now()
    return [
        DueConfirmation(application.pk, submission_confirmation_email(application))
        for application in _confirmations_due(now).select_related("call", "applicant").order_by("submitted_at", "pk")
    ]


def submission_confirmations_send_due(*, now=None) -> int:
    """Sends what `submission_confirmations_due` lists, each claimed by the same conditional update as the
    on-commit task's (`confirmation_sent_at IS NULL`), so the task and the sweep never both send."""
    now = now or timezone.now()
    sent = 0
    for item in submission_confirmations_due(now=now):

        def claim(pk=item.application_id):
            return _confirmations_due(now).filter(pk=pk).update(confirmation_sent_at=now)

        sent += claim_and_send(
            claim=claim, email=item.email, what=f"submission confirmation of application {item.application_id}"
        )
    return sent


@shared_task(name="applications.send_missing_confirmations")
def send_missing_confirmations_task() -> int:
    """Run by Celery beat (see applications/migrations/0006_schedule_missing_confirmations.py)."""
    return submission_confirmations_send_due()
