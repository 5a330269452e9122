"""Every write of the reports: request, build, retry, the "ready" and "failed" e-mails, the beat sweep. The admin
and the tasks call these.

A report is built once: the build claims it with a conditional UPDATE (pending → building), so a task delivered
twice, or a retry racing the first run, finds nothing to claim. A failure is recorded with its reason in the
report's language, the one its "failed" e-mail speaks (failed; the traceback goes to the log) and the requester is told; a retry puts the report back to pending. A
transient database error puts it back to pending too, for the task's retry with backoff. The beat sweep picks up
what a dead broker or worker left behind: requests never built, builds stuck in construction, "ready" e-mails
never sent."""

import logging
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import Call
from cohorts.models import Cohort
from roubaix_incubator.core.emails import absolute_url, send_templated_email

from . import content as builders
from . import selectors
from .enums import HOLDER_PROFILE_PERMISSION, ReportKind, ReportStatus
from .exports import workbook_bytes
from .models import Report
from .tables import Content

logger = logging.getLogger(__name__)

# A build still "building" after this long died with its worker: beat marks it failed, staff may start it again.
STUCK_AFTER = timedelta(minutes=30)
# A report still pending after this long lost its task (broker down when it was requested): beat queues it again.
# The same delay for a "ready" e-mail never sent (the broker was down when the build finished).
LOST_AFTER = timedelta(minutes=5)
# A build that meets a transient database error goes back to pending and is tried again, this many times in all.
MAX_ATTEMPTS = 5
TRANSIENT_ERRORS = (OperationalError, InterfaceError)

STUCK_REASON = gettext_lazy("construction interrompue (worker arrêté)")
UNEXPECTED_REASON = gettext_lazy("erreur inattendue pendant la construction (détails dans le journal du serveur)")
DATABASE_REASON = gettext_lazy("base de données indisponible après %(count)s tentatives ; relancez plus tard")


class ReportBuildError(Exception):
    """A build that cannot succeed as requested; its reason is recorded (in the report's language) and shown to
    staff."""

    def __init__(self, message, params: dict | None = None):
        super().__init__(message)
        self.message, self.params = message, params or {}

    def reason(self, language: str) -> str:
        with translation.override(language):
            return str(self.message) % self.params if self.params else str(self.message)


class TransientBuildError(Exception):
    """The database failed for a moment: the report is pending again, the task retries it with backoff."""


def _parse_date(value, field: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise ValidationError({field: _("Indiquez une date au format AAAA-MM-JJ.")}) from error


def report_parameters_clean(*, kind: str, parameters: dict, user) -> dict:
    """Checks the parameters a kind of report needs and returns them normalised (ids as numbers, ISO dates)."""
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Choisissez un type de rapport.")})
    if kind == ReportKind.FUNDERS and not user.has_perm(HOLDER_PROFILE_PERMISSION):
        raise PermissionDenied(
            _("Le rapport pour les financeurs est réservé aux personnes habilitées à voir le profil des porteurs.")
        )
    parameters = parameters or {}
    if kind in (ReportKind.CALL, ReportKind.FUNDERS):
        call_id = parameters.get("call_id")
        if call_id in (None, ""):
            # The funders' report covers one call too: a report over every call minus one over a call would
            # give away the groups the "< 5" rule hides.
            raise ValidationError({"call": _("Choisissez l'appel à candidatures.")})
        if not Call.objects.filter(pk=call_id).exists():
            raise ValidationError({"call": _("Cet appel à candidatures n'existe pas.")})
        return {"call_id": int(call_id)}
    if kind == ReportKind.COHORT:
        cohort_id = parameters.get("cohort_id")
        if cohort_id in (None, "") or not Cohort.objects.filter(pk=cohort_id).exists():
            raise ValidationError({"cohort": _("Choisissez la promotion.")})
        return {"cohort_id": int(cohort_id)}
    start = _parse_date(parameters.get("start"), "start")
    end = _parse_date(parameters.get("end"), "end")
    if end < start:
        raise ValidationError({"end": _("La fin de la période doit suivre son début.")})
    return {"start": start.isoformat(), "end": end.isoformat()}


@transaction.atomic
def report_request(*, kind: str, parameters: dict, requested_by) -> Report:
    """Records the request and queues the build once the request is committed."""
    if not requested_by.has_perm("reports.add_report"):
        raise PermissionDenied
    parameters = report_parameters_clean(kind=kind, parameters=parameters, user=requested_by)
    report = Report.objects.create(
        kind=kind, parameters=parameters, requested_by=requested_by, language=requested_by.preferred_language or "fr"
    )
    _queue_build(report.pk)
    return report


def _queue_build(report_id: int) -> None:
    from .tasks import build_report_task

    # robust: a broker outage must not turn a recorded request into an error page; beat queues it again later.
    transaction.on_commit(lambda: build_report_task.delay(report_id=report_id), robust=True)


def report_content(*, report: Report, now=None) -> Content:
    """What the report shows, read now from the database (aggregate queries only)."""
    parameters = report.parameters
    if report.kind == ReportKind.FUNDERS:
        requester = report.requested_by
        if requester is None or not requester.has_perm(HOLDER_PROFILE_PERMISSION):
            raise ReportBuildError(
                gettext_lazy(
                    "La personne qui a demandé ce rapport n'est pas (ou plus) habilitée à voir le profil des porteurs."
                )
            )
    if report.kind in (ReportKind.CALL, ReportKind.FUNDERS):
        call = None
        if parameters.get("call_id"):
            call = Call.objects.filter(pk=parameters["call_id"]).first()
            if call is None:
                raise ReportBuildError(
                    gettext_lazy("L'appel à candidatures n° %(id)s n'existe plus."), {"id": parameters["call_id"]}
                )
        if call is None:
            raise ReportBuildError(gettext_lazy("Aucun appel à candidatures n'est indiqué."))
        if report.kind == ReportKind.CALL:
            return builders.call_report(call=call)
        return builders.funders_report(call=call)
    if report.kind == ReportKind.COHORT:
        cohort = Cohort.objects.filter(pk=parameters.get("cohort_id")).first()
        if cohort is None:
            raise ReportBuildError(
                gettext_lazy("La promotion n° %(id)s n'existe plus."), {"id": parameters.get("cohort_id")}
            )
        return builders.cohort_report(cohort=cohort, today=timezone.localdate(now))
    if report.kind == ReportKind.EVENTS:
        try:
            start, end = date.fromisoformat(parameters["start"]), date.fromisoformat(parameters["end"])
        except (KeyError, TypeError, ValueError) as error:
            raise ReportBuildError(gettext_lazy("La période du rapport est incomplète.")) from error
        return builders.events_report(start=start, end=end, now=now)
    raise ReportBuildError(gettext_lazy("Type de rapport inconnu : %(kind)s"), {"kind": report.kind})


def _failure_reason(error: Exception, *, language: str) -> str:
    """The reason staff read, in the report's language (the e-mail telling them speaks it too); never the raw
    exception (the traceback is in the log)."""
    if isinstance(error, ReportBuildError):
        return error.reason(language)
    with translation.override(language):
        return str(UNEXPECTED_REASON)


def _record_failure(report_id: int, reason: str, *, status=ReportStatus.BUILDING, **conditions) -> bool:
    """building → failed with its reason, then the requester is told (once the change is committed)."""
    with transaction.atomic():
        failed = Report.objects.filter(pk=report_id, status=status, **conditions).update(
            status=ReportStatus.FAILED, error=reason, failure_email_sent_at=None
        )
        if failed:
            _queue_failure_email(report_id)
    return bool(failed)


def _queue_failure_email(report_id: int) -> None:
    from .tasks import send_report_failed_task

    transaction.on_commit(lambda: send_report_failed_task.delay(report_id=report_id), robust=True)


def report_build(*, report_id: int, now=None) -> bool:
    """Builds the workbook and the printable page, then queues the e-mail to the requester. Returns False when
    there was nothing to build (already claimed, built, or gone) or when the build failed (reason recorded)."""
    now = now or timezone.now()
    claimed = Report.objects.filter(pk=report_id, status=ReportStatus.PENDING).update(
        status=ReportStatus.BUILDING, started_at=now, attempts=F("attempts") + 1, error=""
    )
    if not claimed:
        return False
    report = Report.objects.select_related("requested_by").get(pk=report_id)
    saved_name = ""
    try:
        with translation.override(report.language):
            content = report_content(report=report, now=now)
            built_at = formats.date_format(timezone.localtime(now), "DATETIME_FORMAT")
            html = render_to_string(
                "reports/_report_body.html", {"content": content, "report": report, "built_at": built_at}
            )
            data = workbook_bytes(
                content, parameters=[(_("Construit le"), built_at), (_("Demandé par"), str(report.requested_by or "—"))]
            )
        saved_name = report.file.storage.save(f"reports/{report.pk}/{report.download_name}", ContentFile(data))
        with transaction.atomic():
            done = Report.objects.filter(pk=report_id, status=ReportStatus.BUILDING).update(
                status=ReportStatus.READY, file=saved_name, html=html, title=content.title[:300], built_at=now
            )
            if done:
                from .tasks import send_report_ready_task

                transaction.on_commit(lambda: send_report_ready_task.delay(report_id=report_id), robust=True)
    except TRANSIENT_ERRORS as error:
        if saved_name:
            report.file.storage.delete(saved_name)
        if report.attempts < MAX_ATTEMPTS:
            logger.warning("Building report %s met a transient database error; retried.", report_id, exc_info=True)
            Report.objects.filter(pk=report_id, status=ReportStatus.BUILDING).update(status=ReportStatus.PENDING)
            raise TransientBuildError(report_id) from error
        logger.exception("Building report %s failed: the database stayed unavailable.", report_id)
        with translation.override(report.language):
            reason = str(DATABASE_REASON) % {"count": report.attempts}
        _record_failure(report_id, reason)
        return False
    except Exception as error:
        logger.exception("Building report %s failed.", report_id)
        if saved_name:
            report.file.storage.delete(saved_name)
        _record_failure(report_id, _failure_reason(error, language=report.language))
        return False
    if not done:  # staff retried a build they thought stuck, and this one finished late: keep the other one
        report.file.storage.delete(saved_name)
    return bool(done)


@transaction.atomic
def report_retry(*, report: Report, now=None) -> bool:
    """Puts a failed report (or one stuck in construction for 30 minutes) back in the queue."""
    now = now or timezone.now()
    retried = (
        Report.objects.filter(pk=report.pk)
        .filter(Q(status=ReportStatus.FAILED) | Q(status=ReportStatus.BUILDING, started_at__lt=now - STUCK_AFTER))
        .update(status=ReportStatus.PENDING, error="", failure_email_sent_at=None)
    )
    if retried:
        _queue_build(report.pk)
    return bool(retried)


def reports_queue_lost(*, now=None) -> int:
    """Queues again the reports still pending a while after they were requested (their task was lost, e.g. the
    broker was down). Harmless when the first task is only late: the build claims the report once."""
    now = now or timezone.now()
    lost = list(selectors.reports_lost(now=now, lost_after=LOST_AFTER).values_list("pk", flat=True))
    from .tasks import build_report_task

    for report_id in lost:
        build_report_task.delay(report_id=report_id)
    return len(lost)


def reports_fail_stuck(*, now=None) -> int:
    """Marks failed the builds still "in construction" 30 minutes after they started: their worker died. Each
    one is claimed by its conditional UPDATE (building and still old), so a second sweep finds nothing."""
    now = now or timezone.now()
    stuck = list(selectors.reports_stuck(now=now, stuck_after=STUCK_AFTER).values_list("pk", "language"))
    failed = 0
    for pk, language in stuck:
        with translation.override(language):
            reason = str(STUCK_REASON)
        failed += _record_failure(pk, reason, started_at__lt=now - STUCK_AFTER)
    return failed


def reports_queue_missing_emails(*, now=None) -> int:
    """Queues again the "ready" and "failed" e-mails that were never sent (the broker was down when the build
    ended). The sending task claims each e-mail, so one queued twice is sent once."""
    now = now or timezone.now()
    from .tasks import send_report_failed_task, send_report_ready_task

    ready = list(selectors.reports_ready_email_missing(now=now, lost_after=LOST_AFTER).values_list("pk", flat=True))
    failed = list(selectors.reports_failure_email_missing(now=now, lost_after=LOST_AFTER).values_list("pk", flat=True))
    for report_id in ready:
        send_report_ready_task.delay(report_id=report_id)
    for report_id in failed:
        send_report_failed_task.delay(report_id=report_id)
    return len(ready) + len(failed)


def reports_sweep(*, now=None) -> dict[str, int]:
    """The beat job: what a dead broker or worker left behind. Safe to run twice: each part claims its rows."""
    now = now or timezone.now()
    emails = reports_queue_missing_emails(now=now)  # first: a build failed below queues its own e-mail
    return {"stuck": reports_fail_stuck(now=now), "lost": reports_queue_lost(now=now), "emails": emails}


def report_urls(report: Report) -> dict[str, str]:
    return {
        "page_url": absolute_url(reverse("admin:reports_report_page", kwargs={"pk": report.pk})),
        "download_url": absolute_url(reverse("admin:reports_report_download", kwargs={"pk": report.pk})),
    }


@transaction.atomic
def report_send_ready_email(*, report_id: int) -> bool:
    """Tells the requester their report is ready, once (claimed on `ready_email_sent_at`; a failed sending rolls
    the claim back for the task's retry)."""
    claimed = Report.objects.filter(
        pk=report_id, status=ReportStatus.READY, ready_email_sent_at__isnull=True, requested_by__isnull=False
    ).update(ready_email_sent_at=timezone.now())
    if not claimed:
        return False
    report = Report.objects.select_related("requested_by").get(pk=report_id)
    user = report.requested_by
    send_templated_email(
        to=user.email,
        template="reports/emails/ready",
        context={"user": user, "report": report, **report_urls(report)},
        language=report.language,
    )
    return True


@transaction.atomic
def report_send_failed_email(*, report_id: int) -> bool:
    """Tells the requester their report could not be built, and why, once per failure (claimed on
    `failure_email_sent_at`, which a retry clears)."""
    claimed = Report.objects.filter(
        pk=report_id, status=ReportStatus.FAILED, failure_email_sent_at__isnull=True, requested_by__isnull=False
    ).update(failure_email_sent_at=timezone.now())
    if not claimed:
        return False
    report = Report.objects.select_related("requested_by").get(pk=report_id)
    user = report.requested_by
    with translation.override(report.language):
        label = report_parameters_label(report)
    send_templated_email(
        to=user.email,
        template="reports/emails/failed",
        context={
            "user": user,
            "report": report,
            "label": label,
            "list_url": absolute_url(reverse("admin:reports_report_changelist")),
        },
        language=report.language,
    )
    return True


def report_parameters_label(report: Report) -> str:
    """What a report covers, in words (admin, e-mail)."""
    parameters = report.parameters or {}
    if "call_id" in parameters:
        call = Call.objects.filter(pk=parameters["call_id"]).first()
        return (
            _("Appel « %(call)s »") % {"call": call} if call else _("Appel n° %(id)s") % {"id": parameters["call_id"]}
        )
    if "cohort_id" in parameters:
        cohort = Cohort.objects.filter(pk=parameters["cohort_id"]).first()
        return (
            _("Promotion « %(cohort)s »") % {"cohort": cohort}
            if cohort
            else _("Promotion n° %(id)s") % {"id": parameters["cohort_id"]}
        )
    if "start" in parameters:
        return _("Du %(start)s au %(end)s") % {
            "start": formats.date_format(date.fromisoformat(parameters["start"]), "DATE_FORMAT"),
            "end": formats.date_format(date.fromisoformat(parameters["end"]), "DATE_FORMAT"),
        }
    return _("Tous les appels") if report.kind == ReportKind.FUNDERS else ""


@transaction.atomic
def report_delete(*, report: Report) -> None:
    """Deletes the report and, once that is committed, its workbook."""
    storage, name = report.file.storage, report.file.name
    report.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name), robust=True)
