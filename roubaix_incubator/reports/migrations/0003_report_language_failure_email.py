"""Each report keeps its requester's language (the page's `lang`, the workbook, the e-mails), and the failure
e-mail gets its claim. Reports requested before take their requester's current language, and their past
failures count as announced; running it again
changes nothing, and going back just drops the fields."""

from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery


def backfill(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    # Failures recorded before the failure e-mail existed: not announced now, long after.
    Report.objects.filter(status="failed", failure_email_sent_at__isnull=True).update(
        failure_email_sent_at=F("requested_at")
    )
    User = apps.get_model("core", "User")
    language = User.objects.filter(pk=OuterRef("requested_by_id")).values("preferred_language")[:1]
    Report.objects.filter(requested_by__isnull=False).update(language=Subquery(language))


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_schedule_lost_reports"),
        ("core", "0002_roubaix_neighbourhoods"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="failure_email_sent_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="report",
            name="language",
            field=models.CharField(
                choices=[("fr", "Français"), ("en", "English")], default="fr", max_length=10, verbose_name="langue"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
