"""Whoever may change events may edit their questions (the inline of the event's admin): the groups holding
`events.change_event` get the permissions of EventQuestion. Django makes permissions after the migrations, so they
are made here first. Adds, never removes: running it again changes nothing; going back leaves them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("events")
    app_config.models_module = True  # historical app configs have none; create_permissions needs it set
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    question_permissions = list(
        Permission.objects.filter(content_type__app_label="events", content_type__model="eventquestion")
    )
    groups = Group.objects.filter(
        permissions__content_type__app_label="events", permissions__codename="change_event"
    ).distinct()
    for group in groups:
        group.permissions.add(*question_permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0008_remove_event_extra_questions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
