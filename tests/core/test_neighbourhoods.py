import pytest

from roubaix_incubator.core.models import Neighbourhood

pytestmark = pytest.mark.django_db


def test_migration_seeds_roubaix_neighbourhoods_with_priority_flags():
    assert dict(Neighbourhood.objects.values_list("name", "is_priority_area")) == {
        "Alma": True,
        "Épeule": True,
        "Trichon": True,
        "Pile": True,
        "Trois-Ponts": True,
        "Hommelet": True,
        "Cul-de-Four": True,
        "Fosse-aux-Chênes": True,
        "Nouveau-Roubaix": True,
        "Sainte-Élisabeth": True,
        "Moulin": True,
        "Potennerie": True,
        "Fresnoy-Mackellerie": True,
        "Hauts-Champs": True,
        "Justice": True,
        "Centre-ville": False,
        "Barbieux": False,
        "Entrepont": False,
        "Hors Roubaix": False,
    }


@pytest.mark.parametrize(
    ("slug", "name", "is_priority_area"),
    [
        ("alma", "Alma", True),
        ("epeule", "Épeule", True),
        ("fosse-aux-chenes", "Fosse-aux-Chênes", True),
        ("barbieux", "Barbieux", False),
        ("centre-ville", "Centre-ville", False),
    ],
)
def test_seeded_neighbourhood_slug_and_flag(slug, name, is_priority_area):
    neighbourhood = Neighbourhood.objects.get(slug=slug)

    assert (neighbourhood.name, neighbourhood.is_priority_area, str(neighbourhood)) == (name, is_priority_area, name)


def test_neighbourhoods_ordered_by_name():
    names = list(Neighbourhood.objects.values_list("name", flat=True))

    assert names[:3] == ["Alma", "Barbieux", "Centre-ville"]
