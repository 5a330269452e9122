"""Staff read French labels, never the codes kept in the score breakdown (funding, ar…)."""

import pytest
from django.urls import reverse

from mentors.enums import Sector
from mentors.models import ProjectMatchingProfile
from mentors.scoring import matched_labels

from .factories import MatchFactory, UserFactory

BREAKDOWN = {
    "expertise": {"weight": 40, "value": 1.0, "points": 40.0, "matched": ["funding", "premises"]},
    "neighbourhood": {"weight": 20, "value": 1.0, "points": 20.0, "matched": ["Alma"]},
    "sector": {"weight": 15, "value": 1.0, "points": 15.0, "matched": ["food"]},
    "language": {"weight": 10, "value": 1.0, "points": 10.0, "matched": ["ar", "fr"]},
    "capacity": {"weight": 15, "value": 1.0, "points": 15.0, "matched": []},
}


def test_matched_labels_translate_each_criterion_and_keep_unknown_codes():
    assert matched_labels("expertise", ["funding", "premises"]) == ["Financement", "Locaux"]
    assert matched_labels("sector", ["food"]) == ["Alimentation et circuits courts"]
    assert matched_labels("language", ["ar", "fr"]) == ["Arabe", "Français"]
    assert matched_labels("neighbourhood", ["Alma"]) == ["Alma"]
    assert matched_labels("language", ["xx"]) == ["xx"]


@pytest.fixture
def proposal(membership):
    return MatchFactory(membership=membership, proposed=True, score=100, score_breakdown=BREAKDOWN)


def test_matching_page_shows_french_labels_in_common(client, manager, cohort, proposal):
    client.force_login(manager)
    content = client.get(reverse("admin:mentors_match_matching", args=[cohort.pk])).content.decode()
    assert "<td>Financement, Locaux</td>" in content
    assert "<td>Alimentation et circuits courts</td>" in content
    assert "<td>Arabe, Français</td>" in content
    assert "funding" not in content and "ar, fr" not in content


def test_admin_match_page_and_profiles_list_show_french_labels(client, proposal, membership):
    ProjectMatchingProfile.objects.create(membership=membership, sectors=[Sector.FOOD], languages=["ar", "fr"])
    client.force_login(UserFactory(staff=True, is_superuser=True))

    match_page = client.get(reverse("admin:mentors_match_change", args=[proposal.pk])).content.decode()
    profiles = client.get(reverse("admin:mentors_projectmatchingprofile_changelist")).content.decode()

    assert "<td>Financement, Locaux</td>" in match_page and "<td>Arabe, Français</td>" in match_page
    assert "funding" not in match_page
    assert "Arabe, Français" in profiles and "ar, fr" not in profiles
