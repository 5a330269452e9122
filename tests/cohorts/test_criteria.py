import pytest

from cohorts import services
from cohorts.models import Criterion

pytestmark = pytest.mark.django_db


def test_default_grid_has_the_programme_weights(call):
    criteria = services.criteria_seed_default(call=call)

    assert [(c.label, c.weight) for c in criteria] == [
        ("Besoin social et impact", 30),
        ("Équipe et disponibilité", 20),
        ("Viabilité économique", 20),
        ("Ancrage local et coopération", 15),
        ("Innovation", 10),
        ("Adéquation avec l'étape du programme", 5),
    ]
    assert "quartiers prioritaires" in criteria[0].description


def test_default_grid_seeded_twice_keeps_the_edits(call):
    services.criteria_seed_default(call=call)
    Criterion.objects.filter(call=call, label="Innovation").update(weight=12)

    services.criteria_seed_default(call=call)

    assert Criterion.objects.filter(call=call).count() == 6
    assert Criterion.objects.get(call=call, label="Innovation").weight == 12
