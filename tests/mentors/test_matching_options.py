"""The matching page's option: with the guarantee every project gets a mentor when seats allow; without it,
only pairs with something in common (expertise, sector, neighbourhood) are proposed."""

import pytest
from django.urls import reverse

from applications.enums import SupportNeed
from mentors.enums import MatchStatus
from mentors.models import Match

from .factories import MembershipFactory, MentorFactory

FUNDING, DIGITAL = SupportNeed.FUNDING.value, SupportNeed.DIGITAL.value


@pytest.fixture
def setting(cohort, alma):
    cantine = MembershipFactory(
        cohort=cohort, application__project_name="Cantine", application__support_needs=[FUNDING]
    )
    atelier = MembershipFactory(
        cohort=cohort, application__project_name="Atelier", application__support_needs=[DIGITAL]
    )
    # Sabine knows funding; Bruno has nothing the workshop asks for, only French and free seats (25 points).
    MentorFactory(user__full_name="Sabine", expertise=[FUNDING], capacity_projects=1)
    MentorFactory(user__full_name="Bruno", expertise=[], capacity_projects=1)
    return cantine, atelier


def proposed(cohort):
    return sorted(
        Match.objects.filter(membership__cohort=cohort, status=MatchStatus.PROPOSED).values_list(
            "membership__application__project_name", "mentor__user__full_name"
        )
    )


def test_matching_page_without_guarantee_proposes_only_pairs_with_something_in_common(client, manager, cohort, setting):
    client.force_login(manager)

    response = client.post(reverse("admin:mentors_match_matching", args=[cohort.pk]), {}, follow=True)

    assert response.status_code == 200
    assert proposed(cohort) == [("Cantine", "Sabine")]
    assert [str(m) for m in response.context["messages"]] == [
        "Appariement terminé : 1 proposition(s), 0 projet(s) déjà accompagné(s), 1 projet(s) sans mentor disponible, "
        "0 binôme(s) fixé(s) à la main écarté(s)."
    ]


def test_matching_page_with_guarantee_gives_every_project_a_mentor(client, manager, cohort, setting):
    client.force_login(manager)

    client.post(reverse("admin:mentors_match_matching", args=[cohort.pk]), {"guarantee_one_each": "on"})

    assert proposed(cohort) == [("Atelier", "Bruno"), ("Cantine", "Sabine")]


def test_matching_page_help_text_says_what_the_option_does(client, manager, cohort):
    client.force_login(manager)
    content = client.get(reverse("admin:mentors_match_matching", args=[cohort.pk])).content.decode()
    assert "quelque chose en commun (une expertise demandée par le projet, son secteur ou un de ses quartiers)" in (
        content.replace("&#x27;", "'")
    )
