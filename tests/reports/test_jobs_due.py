"""`manage.py jobs_due` says what beat itself would do: django-celery-beat's own check, its own clock rules."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from roubaix_incubator.reports.management.commands.jobs_due import beat_state

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 10, 6, 30, tzinfo=UTC)  # 07:30 in Paris


def every_ten_minutes(**fields) -> PeriodicTask:
    interval = IntervalSchedule.objects.create(every=10, period=IntervalSchedule.MINUTES)
    task = PeriodicTask.objects.create(
        name="Essai toutes les 10 min", task="reports.queue_lost_reports", interval=interval, **fields
    )
    PeriodicTask.objects.filter(pk=task.pk).update(date_changed=T0)  # auto_now: set it afterwards
    task.refresh_from_db()
    return task


def seven_in_paris(**fields) -> PeriodicTask:
    crontab = CrontabSchedule.objects.create(minute="0", hour="7", timezone="Europe/Paris")
    return PeriodicTask.objects.create(name="Essai 7 h", task="reports.queue_lost_reports", crontab=crontab, **fields)


def test_jobs_due_a_job_never_run_counts_from_its_last_change():
    # Beat takes date_changed as the last run: not "launched at its next pass" but in 5 minutes.
    task = every_ten_minutes()

    assert beat_state(task, T0 + timedelta(minutes=5)) == "prochain lancement dans 5 min (vers 10 mars 2026 à 07:40)"
    assert beat_state(task, T0 + timedelta(minutes=11)) == "due maintenant : beat la lance à son prochain passage"


def test_jobs_due_a_crontab_runs_in_its_own_time_zone():
    task = seven_in_paris(last_run_at=T0)  # ran at 07:30 Paris time

    # 05:30 UTC the next day is 06:30 in Paris: 30 minutes before 7:00 there (not 90 before 7:00 UTC).
    assert beat_state(task, T0 + timedelta(hours=23)) == "prochain lancement dans 30 min (vers 11 mars 2026 à 07:00)"
    assert beat_state(task, T0 + timedelta(hours=24)) == "due maintenant : beat la lance à son prochain passage"


def test_jobs_due_disabled_expired_and_spent_jobs_are_not_run():
    assert beat_state(seven_in_paris(enabled=False), T0) == "désactivée : beat ne la lance pas"
    assert beat_state(every_ten_minutes(expires=T0), T0) == "expirée : beat ne la lance plus"


def test_jobs_due_changes_no_row_even_when_beat_would():
    task = every_ten_minutes(last_run_at=T0)

    beat_state(task, T0 + timedelta(hours=1))

    task.refresh_from_db()
    assert (task.enabled, task.last_run_at, task.total_run_count) == (True, T0, 0)


def test_jobs_due_prints_beat_state_for_a_simulated_time():
    every_ten_minutes()
    output = io.StringIO()

    call_command("jobs_due", "--at", "2026-03-10T07:35", stdout=output)  # Paris time: 06:35 UTC

    text = output.getvalue()
    assert "Tâches périodiques au 10 mars 2026 à 07:35 — rien n'est envoyé." in text
    assert "● Essai toutes les 10 min\n" in text
    assert "  beat : prochain lancement dans 5 min (vers 10 mars 2026 à 07:40)\n" in text
