"""Schedules the sweep of submission confirmations that never left (broker or SMTP down at the time) as a
django-celery-beat entry, editable in the admin. Running the migration again changes nothing; reversing it
removes the entry."""

from django.db import migrations

TASK = "applications.send_missing_confirmations"
NAME = "Candidatures : confirmations de dépôt restées en attente"


def schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_ten_minutes, _ = IntervalSchedule.objects.get_or_create(every=10, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=NAME, defaults={"task": TASK, "interval": every_ten_minutes, "enabled": True}
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0005_schedule_deadline_reminders"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
