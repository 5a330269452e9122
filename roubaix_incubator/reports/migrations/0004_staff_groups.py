"""The staff groups ("Chargé·e de programme", "Membre du jury") and their permissions, in every database, not
only the demo's (see reports/groups.py). Permissions are made by Django after the migrations: they are made
here first, for the apps as they stand at this point, so that the groups get them on a fresh database too.
Running it again adds nothing; going back deletes the two groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from roubaix_incubator.reports.groups import GROUP_PERMISSIONS, staff_groups_grant


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True  # historical app configs have none; create_permissions needs it set
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = None
    staff_groups_grant(group_model=apps.get_model("auth", "Group"), permission_model=apps.get_model("auth", "Permission"))


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(GROUP_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    # The top layer: after the latest migration of every app whose permissions the groups get.
    dependencies = [
        ("reports", "0003_report_language_failure_email"),
        ("applications", "0006_schedule_missing_confirmations"),
        ("cohorts", "0003_schedule_reminders"),
        ("mentors", "0004_backfill_nudge_and_reminder_claims"),
        ("events", "0005_registration_anonymisation"),
        ("core", "0002_roubaix_neighbourhoods"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, remove)]
