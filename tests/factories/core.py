import factory
from django.contrib.auth.models import Permission
from django.utils.text import slugify
from factory.django import DjangoModelFactory, Password

from roubaix_incubator.core.models import Neighbourhood, User

PASSWORD = "Roubaix-2026-motdepasse"


class UserFactory(DjangoModelFactory):
    """An applicant with a verified-looking account; log in with `client.force_login` or PASSWORD."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"porteuse{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Camille Porteuse {n}")
    preferred_language = "fr"
    password = Password(PASSWORD)

    class Params:
        staff = factory.Trait(is_staff=True, email=factory.Sequence(lambda n: f"agent{n}@ville-roubaix.fr"))

    @factory.post_generation
    def permissions(self, create, extracted, **kwargs):
        """`permissions=["applications.view_application", …]` grants exactly these permissions."""
        if not create or not extracted:
            return
        for dotted in extracted:
            app_label, codename = dotted.split(".")
            self.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


class NeighbourhoodFactory(DjangoModelFactory):
    """Roubaix's neighbourhoods are seeded by a migration: a seeded name returns the existing row."""

    class Meta:
        model = Neighbourhood
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Quartier {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    is_priority_area = False
