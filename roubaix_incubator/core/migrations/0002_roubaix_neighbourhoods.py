"""Seeds Roubaix's neighbourhoods. Most of the city lies in priority areas of the State's urban policy (QPV).

The official QPV codes are left for the programme team to fill in the admin from the State's reference list
(the 2024 contracts renamed and re-cut several areas); the priority flag is what the platform relies on.
"""

from django.db import migrations
from django.utils.text import slugify

NEIGHBOURHOODS = [
    ("Alma", True),
    ("Épeule", True),
    ("Trichon", True),
    ("Pile", True),
    ("Trois-Ponts", True),
    ("Hommelet", True),
    ("Cul-de-Four", True),
    ("Fosse-aux-Chênes", True),
    ("Nouveau-Roubaix", True),
    ("Sainte-Élisabeth", True),
    ("Moulin", True),
    ("Potennerie", True),
    ("Fresnoy-Mackellerie", True),
    ("Hauts-Champs", True),
    ("Justice", True),
    ("Centre-ville", False),
    ("Barbieux", False),
    ("Entrepont", False),
    ("Hors Roubaix", False),
]


def seed(apps, schema_editor):
    Neighbourhood = apps.get_model("core", "Neighbourhood")
    for name, is_priority_area in NEIGHBOURHOODS:
        Neighbourhood.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "is_priority_area": is_priority_area}
        )


def unseed(apps, schema_editor):
    apps.get_model("core", "Neighbourhood").objects.filter(slug__in=[slugify(n) for n, _ in NEIGHBOURHOODS]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
