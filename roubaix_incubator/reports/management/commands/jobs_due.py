"""`manage.py jobs_due`: every periodic job of the platform, whether beat would run it now, and what it would
send if it ran now (recipients and subjects) — without sending anything or changing any row."""

from datetime import datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import formats, timezone
from django_celery_beat.models import PeriodicTask

from roubaix_incubator.celery import app as celery_app
from roubaix_incubator.reports.jobs import JOBS


def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else "jamais"


def _schedule(task: PeriodicTask) -> str:
    scheduler = task.scheduler
    return str(scheduler) if scheduler is not None else "sans planning"


def _beat_state(task: PeriodicTask, now) -> str:
    if not task.enabled:
        return "désactivée : beat ne la lance pas"
    if task.last_run_at is None:
        return "jamais lancée : beat la lancera à son prochain passage"
    try:
        due, next_in = task.schedule.is_due(task.last_run_at)
    except Exception:  # a clocked or solar schedule without an estimate
        return "échéance inconnue"
    if due:
        return "à lancer maintenant"
    return f"prochain lancement vers {_when(now + timedelta(seconds=next_in))}"


class Command(BaseCommand):
    help = (
        "Liste les tâches périodiques (django-celery-beat), celles qui sont dues, et ce que chacune enverrait "
        "maintenant (destinataires et objets), sans rien envoyer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--at", help="Date et heure à simuler, au format ISO (AAAA-MM-JJTHH:MM), au lieu de maintenant."
        )

    def handle(self, *args, at=None, **options):
        now = timezone.now()
        if at:
            try:
                now = datetime.fromisoformat(at)
            except ValueError as error:
                raise CommandError("--at : date et heure au format AAAA-MM-JJTHH:MM") from error
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        celery_app.loader.import_default_modules()
        write = self.stdout.write
        write(f"Tâches périodiques au {_when(now)} — rien n'est envoyé.\n")
        scheduled = set()
        for task in PeriodicTask.objects.select_related("interval", "crontab", "solar", "clocked").order_by("name"):
            scheduled.add(task.task)
            write(self.style.MIGRATE_HEADING(f"● {task.name}"))
            write(f"  tâche : {task.task} — {_schedule(task)} — dernier lancement : {_when(task.last_run_at)}")
            write(f"  beat : {_beat_state(task, now)}")
            if task.task not in celery_app.tasks:
                write(self.style.ERROR("  ATTENTION : le worker ne connaît pas cette tâche."))
            preview = JOBS.get(task.task)
            if preview is None:
                write("  aperçu : non disponible pour cette tâche.\n")
                continue
            try:
                result = preview(now)
            except Exception as error:  # one broken preview must not hide the other jobs
                write(self.style.ERROR(f"  aperçu impossible : {type(error).__name__}: {error}\n"))
                continue
            write(f"  aperçu ({result.method}) :")
            if not result.emails and not result.actions:
                write("    rien à faire maintenant.")
            if result.emails:
                write(f"    enverrait {len(result.emails)} e-mail(s) :")
                for recipient, subject in result.emails:
                    write(f"    - {recipient} — « {subject} »")
            for action in result.actions:
                write(f"    - {action}")
            write("")
        missing = sorted(set(JOBS) - scheduled)
        for name in missing:
            write(self.style.ERROR(f"ABSENTE du planning : la tâche {name} n'a pas d'entrée dans django-celery-beat."))
