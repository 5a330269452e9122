"""Schedules the cohorts' reminders as django-celery-beat entries, editable in the admin: open reviews (every
morning; each jury member at most once a week) and the quarterly impact-report requests (every morning; each
member once per quarter). Running the migration again changes nothing."""

from django.db import migrations

JOBS = [
    ("cohorts.send_reviewer_reminders", "Sélection : rappel des évaluations en attente au jury", "0"),
    ("cohorts.send_impact_report_requests", "Promotions : demande trimestrielle des chiffres d'impact", "30"),
]


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for task, name, minute in JOBS:
        morning, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour="9", day_of_week="1-5", day_of_month="*", month_of_year="*", timezone="Europe/Paris"
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": morning, "enabled": True})


def unschedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for _, name, _ in JOBS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0002_reminder_claims"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
