"""`manage.py jobs_due`: every periodic job of the platform, whether beat would run it now, and what it would
send if it ran now (recipients and subjects) — without sending anything or changing any row.

Whether a job is due is asked of django-celery-beat itself (its `ModelEntry.is_due`, the very check its
scheduler makes): a job that never ran counts from its last change (`date_changed`), a crontab in its own time
zone. Everything runs in a transaction rolled back at the end, since beat's entry may save the row (it disables
an expired or a one-off task)."""

from contextlib import contextmanager
from datetime import datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import ModelEntry

from roubaix_incubator.celery import app as celery_app
from roubaix_incubator.reports.jobs import JOBS


class _Rollback(Exception):
    pass


@contextmanager
def _rolled_back():
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else _("jamais")


def _schedule(task: PeriodicTask) -> str:
    scheduler = task.scheduler
    return str(scheduler) if scheduler is not None else _("sans planning")


def _delay(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 1:
        return _("moins d'une minute")
    if minutes < 120:
        return _("%(count)s min") % {"count": minutes}
    hours = round(minutes / 60)
    if hours < 48:
        return _("%(count)s h") % {"count": hours}
    return _("%(count)s jours") % {"count": round(hours / 24)}


def beat_state(task: PeriodicTask, now: datetime) -> str:
    """What beat would do with this entry at `now`, by beat's own rule."""
    if not task.enabled:
        return _("désactivée : beat ne la lance pas")
    if task.scheduler is None:
        return _("sans planning : beat ne la lance pas")
    if task.expires is not None and now >= task.expires:
        return _("expirée : beat ne la lance plus")
    if task.one_off and task.total_run_count > 0:
        return _("tâche unique déjà lancée : beat ne la relance pas")
    with _rolled_back():
        entry = ModelEntry(task, app=celery_app)
        # Beat's clock, moved to `now` (the --at option): the entry's and the schedule's.
        entry._default_now = lambda: now
        schedule_tz = getattr(entry.schedule, "tz", None)
        entry.schedule.nowfun = (lambda: now.astimezone(schedule_tz)) if schedule_tz else (lambda: now)
        try:
            due, next_in = entry.is_due()
        except Exception:  # a solar schedule without an estimate, for instance
            return _("échéance inconnue")
    if due:
        return _("due maintenant : beat la lance à son prochain passage")
    return _("prochain lancement dans %(delay)s (vers %(when)s)") % {
        "delay": _delay(next_in),
        "when": _when(now + timedelta(seconds=next_in)),
    }


class Command(BaseCommand):
    help = gettext_lazy(
        "Liste les tâches périodiques (django-celery-beat), celles qui sont dues, et ce que chacune enverrait "
        "maintenant (destinataires et objets), sans rien envoyer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--at",
            help=gettext_lazy("Date et heure à simuler, au format ISO (AAAA-MM-JJTHH:MM), au lieu de maintenant."),
        )

    def handle(self, *args, at=None, **options):
        now = timezone.now()
        if at:
            try:
                now = datetime.fromisoformat(at)
            except ValueError as error:
                raise CommandError(_("--at : date et heure au format AAAA-MM-JJTHH:MM")) from error
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        celery_app.loader.import_default_modules()
        write = self.stdout.write
        write(_("Tâches périodiques au %(when)s — rien n'est envoyé.") % {"when": _when(now)} + "\n")
        scheduled = set()
        for task in PeriodicTask.objects.select_related("interval", "crontab", "solar", "clocked").order_by("name"):
            scheduled.add(task.task)
            write(self.style.MIGRATE_HEADING(f"● {task.name}"))
            write(
                "  "
                + _("tâche : %(task)s — %(schedule)s — dernier lancement : %(last)s")
                % {"task": task.task, "schedule": _schedule(task), "last": _when(task.last_run_at)}
            )
            write("  " + _("beat : %(state)s") % {"state": beat_state(task, now)})
            if task.task not in celery_app.tasks:
                write(self.style.ERROR("  " + _("ATTENTION : le worker ne connaît pas cette tâche.")))
            preview = JOBS.get(task.task)
            if preview is None:
                write("  " + _("aperçu : non disponible pour cette tâche.") + "\n")
                continue
            try:
                result = preview(now)
            except Exception as error:  # one broken preview must not hide the other jobs
                write(
                    self.style.ERROR(
                        "  " + _("aperçu impossible : %(error)s") % {"error": f"{type(error).__name__}: {error}"} + "\n"
                    )
                )
                continue
            write("  " + _("aperçu (%(method)s) :") % {"method": result.method})
            if not result.emails and not result.actions:
                write("    " + _("rien à faire maintenant."))
            if result.emails:
                write("    " + _("enverrait %(count)s e-mail(s) :") % {"count": len(result.emails)})
                for recipient, subject in result.emails:
                    write(f"    - {recipient} — « {subject} »")
            for action in result.actions:
                write(f"    - {action}")
            write("")
        for name in sorted(set(JOBS) - scheduled):
            write(
                self.style.ERROR(
                    _("ABSENTE du planning : la tâche %(task)s n'a pas d'entrée dans django-celery-beat.")
                    % {"task": name}
                )
            )
