"""The platform's periodic jobs, as `manage.py jobs_due` shows them: each beat entry, and what its task would
send if it ran now — without sending anything.

Two ways to know, both unable to disagree with the real run:
- the reminders written with a "due" selector (applications' deadlines, cohorts' reviewers and impact reports,
  reports lost in the queue) are listed by that selector, the very one their sender iterates over;
- the others (events, mentors, the retention purge) are rehearsed: their real service runs inside a transaction
  that is rolled back, with e-mails captured instead of sent and Celery tasks run inline (so rolled back too).
"""

import contextvars
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module

from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from roubaix_incubator.celery import app as celery_app


@dataclass(frozen=True)
class Preview:
    emails: list[tuple[str, str]] = field(default_factory=list)  # (recipient, subject)
    actions: list[str] = field(default_factory=list)  # what it would do besides e-mails
    method: str = ""


# Rehearsal

_captured: contextvars.ContextVar[list | None] = contextvars.ContextVar("jobs_due_captured_emails", default=None)


class CapturingBackend(BaseEmailBackend):
    """Keeps the messages of a rehearsal instead of sending them."""

    def send_messages(self, email_messages):
        outbox = _captured.get()
        if outbox is None:  # only ever installed by `rehearse`
            raise RuntimeError("CapturingBackend used outside a rehearsal.")
        outbox.extend(email_messages)
        return len(email_messages)


class _Rollback(Exception):
    pass


@contextmanager
def _tasks_inline():
    previous = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = True, True
    try:
        yield
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


def rehearse(service: Callable, *, now: datetime) -> tuple[object, list]:
    """Runs `service(now=now)` and undoes it: its writes are rolled back, its e-mails captured, its on-commit
    callbacks dropped with the transaction. Returns the service's result and the captured messages."""
    outbox: list = []
    token = _captured.set(outbox)
    result = None
    try:
        with override_settings(EMAIL_BACKEND="roubaix_incubator.reports.jobs.CapturingBackend"), _tasks_inline():
            try:
                with transaction.atomic():
                    result = service(now=now)
                    raise _Rollback
            except _Rollback:
                pass
    finally:
        _captured.reset(token)
    return result, outbox


def _rehearsed(service_path: str, describe: Callable[[object], list[str]] = lambda result: []):
    def preview(now: datetime) -> Preview:
        module_path, name = service_path.rsplit(".", 1)
        result, outbox = rehearse(getattr(import_module(module_path), name), now=now)
        emails = [(", ".join(message.to), message.subject) for message in outbox]
        return Preview(emails=emails, actions=describe(result), method=_("répétition à blanc du vrai service"))

    return preview


# Due selectors


def _from_due(selector_path: str):
    def preview(now: datetime) -> Preview:
        module_path, name = selector_path.rsplit(".", 1)
        due = getattr(import_module(module_path), name)(now=now)
        return Preview(
            emails=[(item.email.to, item.email.subject()) for item in due],
            method=_("sélecteur %(name)s, celui qu'utilise l'envoi") % {"name": name},
        )

    return preview


def _lost_reports(now: datetime) -> Preview:
    from . import selectors
    from .services import LOST_AFTER, STUCK_AFTER

    def ids(queryset) -> list[int]:
        return list(queryset.values_list("pk", flat=True))

    actions = [
        _("marquerait en échec le rapport n° %(id)s (construction interrompue)") % {"id": pk}
        for pk in ids(selectors.reports_stuck(now=now, stuck_after=STUCK_AFTER))
    ]
    actions += [
        _("relancerait la construction du rapport n° %(id)s") % {"id": pk}
        for pk in ids(selectors.reports_lost(now=now, lost_after=LOST_AFTER))
    ]
    actions += [
        _("renverrait l'e-mail « rapport prêt » du rapport n° %(id)s") % {"id": pk}
        for pk in ids(selectors.reports_ready_email_missing(now=now, lost_after=LOST_AFTER))
    ]
    actions += [
        _("renverrait l'e-mail d'échec du rapport n° %(id)s") % {"id": pk}
        for pk in ids(selectors.reports_failure_email_missing(now=now, lost_after=LOST_AFTER))
    ]
    return Preview(actions=actions, method=_("sélecteurs qu'utilise la relance des rapports"))


def _purge_actions(result) -> list[str]:
    if result is None:
        return []
    return [
        _("supprimerait %(count)s brouillon(s) jamais envoyé(s)") % {"count": result.drafts_deleted},
        _("supprimerait %(count)s document(s) de candidatures non retenues") % {"count": result.documents_deleted},
        _("effacerait %(count)s profil(s) de porteur") % {"count": result.profiles_erased},
        _("anonymiserait %(count)s candidature(s) non retenue(s)") % {"count": result.applications_anonymised},
    ]


# Every periodic job of the platform: the task a beat entry runs → how to preview it.
JOBS: dict[str, Callable[[datetime], Preview]] = {
    "applications.send_deadline_reminders": _from_due("applications.reminders.deadline_reminders_due"),
    "applications.send_missing_confirmations": _from_due("applications.reminders.submission_confirmations_due"),
    "cohorts.send_reviewer_reminders": _from_due("cohorts.reminders.reviewer_reminders_due"),
    "cohorts.send_impact_report_requests": _from_due("cohorts.reminders.impact_report_requests_due"),
    "mentors.send_due_reminders": _rehearsed("mentors.services.reminders.reminders_send_due"),
    "events.send_due_reminders": _rehearsed("events.services.notifications.reminders_send_due"),
    "events.anonymise_old_registrations": _rehearsed(
        "events.services.retention.registrations_anonymise_expired",
        lambda count: [_("anonymiserait %(count)s inscription(s) à des événements anciens") % {"count": count or 0}],
    ),
    "applications.purge_personal_data": _rehearsed("applications.retention.personal_data_purge", _purge_actions),
    "reports.queue_lost_reports": _lost_reports,
    "core.purge_accounts_past_retention": _rehearsed(
        "roubaix_incubator.core.services.accounts_purge_past_retention",
        lambda count: [_("supprimerait %(count)s compte(s) inutilisé(s)") % {"count": count or 0}],
    ),
}
