"""Schedules the deadline reminders to applicants with drafts (7 days and 1 day before a call closes) as a
django-celery-beat entry, editable in the admin. Running the migration again changes nothing."""

from django.db import migrations

TASK = "applications.send_deadline_reminders"
NAME = "Candidatures : rappels de date limite aux brouillons (J-7 et J-1)"


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
        ("applications", "0004_deadline_reminder_timestamps"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
