"""RGPD: registrations are anonymised RETENTION_EVENT_REGISTRATION_DAYS after their event; the nightly beat entry
that does it (django-celery-beat, editable in the admin). Running the migration again changes nothing."""

from django.db import migrations, models

TASK = "events.anonymise_old_registrations"
NAME = "Événements : anonymisation des inscriptions anciennes (RGPD)"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="45", hour="3", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Europe/Paris"
    )
    PeriodicTask.objects.get_or_create(name=NAME, defaults={"task": TASK, "crontab": nightly, "enabled": True})


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_registration_search_text"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="anonymised_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="anonymisée le"),
        ),
        migrations.RunPython(schedule, unschedule),
    ]
