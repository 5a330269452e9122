import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_registration_anonymisation"),
    ]

    operations = [
        migrations.CreateModel(
            name="EventQuestion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("label", models.CharField(max_length=300, verbose_name="intitulé")),
                ("help_text", models.CharField(blank=True, max_length=500, verbose_name="aide")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("short_text", "Texte court"),
                            ("long_text", "Texte long"),
                            ("single_choice", "Choix unique"),
                            ("yes_no", "Oui / non"),
                        ],
                        default="short_text",
                        max_length=20,
                        verbose_name="type de réponse",
                    ),
                ),
                ("required", models.BooleanField(default=False, verbose_name="obligatoire")),
                (
                    "choices",
                    models.TextField(
                        blank=True, help_text="Un choix par ligne, pour les questions à choix.", verbose_name="choix possibles"
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="ordre")),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="questions",
                        to="events.event",
                        verbose_name="événement",
                    ),
                ),
            ],
            options={
                "verbose_name": "question complémentaire",
                "verbose_name_plural": "questions complémentaires",
                "ordering": ["event", "order", "pk"],
            },
        ),
    ]
