from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0007_extra_questions_to_eventquestion"),
    ]

    operations = [
        migrations.RemoveField(model_name="event", name="extra_questions"),
    ]
