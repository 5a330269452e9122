"""Sectors and working languages of a cohort's projects: suggested from the applications, saved by staff for the
whole cohort in one form, and used by the matching."""

import pytest
from django.urls import reverse

from applications.enums import SupportNeed
from mentors import services
from mentors.enums import MatchStatus, Sector
from mentors.models import Match, ProjectMatchingProfile
from mentors.profiling import suggest_languages, suggest_sectors

from .factories import MatchFactory, MembershipFactory, MentorFactory, UserFactory


def test_suggest_sectors_reads_french_words_without_accents():
    assert suggest_sectors("L'Épicerie solidaire", "Un atelier de couture pour les jeunes du quartier") == [
        Sector.FOOD,
        Sector.TEXTILE,
        Sector.EDUCATION,
    ]


def test_suggest_sectors_ignores_capitals_line_breaks_and_non_breaking_spaces():
    assert suggest_sectors("RESSOURCERIE\u00a0du Pile", "Aide  à\n\tdomicile pour les SENIORS") == [
        Sector.REUSE,
        Sector.CARE,
    ]


def test_suggest_sectors_with_nothing_recognised_is_empty():
    assert suggest_sectors("Projet X", "") == []


def test_suggest_languages_adds_the_holders_language_to_french():
    assert suggest_languages(preferred_language="en") == ["fr", "en"]
    assert suggest_languages(preferred_language="fr") == ["fr"]
    assert suggest_languages(preferred_language="") == ["fr"]


@pytest.fixture
def projects(cohort):
    epicerie = MembershipFactory(
        cohort=cohort,
        application__project_name="Épicerie solidaire du Pile",
        application__summary="Une épicerie à petits prix et des ateliers cuisine.",
        application__social_need="Manger correctement coûte trop cher.",
        application__target_public="Les familles du Pile.",
        application__applicant__preferred_language="en",
    )
    velo = MembershipFactory(cohort=cohort, application__project_name="Vélo-école de l'Alma")
    ProjectMatchingProfile.objects.create(membership=velo, sectors=[Sector.SPORT], languages=["fr", "ar"])
    return epicerie, velo


def profile_data(forms_values):
    data = {}
    for membership, values in forms_values.items():
        for name, value in values.items():
            data[f"projet-{membership.pk}-{name}"] = value
    return data


def test_profiles_page_prefills_from_the_application_or_the_saved_profile(client, manager, cohort, projects):
    epicerie, velo = projects
    client.force_login(manager)

    response = client.get(reverse("mentors:staff_project_profiles", args=[cohort.pk]))

    assert response.status_code == 200
    forms = {form.membership.pk: form for form in response.context["forms"]}
    assert forms[epicerie.pk].initial == {"sectors": [Sector.FOOD], "languages": ["fr", "en"]}
    assert forms[epicerie.pk].membership.is_suggestion is True
    assert forms[velo.pk].initial == {"sectors": [Sector.SPORT], "languages": ["fr", "ar"]}
    assert forms[velo.pk].membership.is_suggestion is False
    assert response.content.decode().count("suggestion à vérifier") == 1


def test_profiles_page_saves_every_project_and_the_matching_uses_them(client, manager, cohort, projects):
    epicerie, velo = projects
    client.force_login(manager)

    response = client.post(
        reverse("mentors:staff_project_profiles", args=[cohort.pk]),
        profile_data(
            {
                epicerie: {"sectors": [Sector.FOOD, Sector.EMPLOYMENT], "languages": ["fr"]},
                velo: {"sectors": [Sector.MOBILITY], "languages": ["fr", "ar"]},
            }
        ),
    )

    assert response.status_code == 302 and response["Location"] == reverse(
        "admin:mentors_match_matching", args=[cohort.pk]
    )
    saved = {p.membership_id: (p.sectors, p.languages) for p in ProjectMatchingProfile.objects.all()}
    assert saved == {
        epicerie.pk: ([Sector.FOOD, Sector.EMPLOYMENT], ["fr"]),
        velo.pk: ([Sector.MOBILITY], ["fr", "ar"]),
    }

    MatchFactory(membership=velo)  # the bike school has its mentor; only the grocery is matched
    MentorFactory(expertise=[], sectors=[Sector.FOOD], capacity_projects=1)
    services.matching_run(cohort=cohort, by=manager)
    match = Match.objects.get(membership=epicerie, status=MatchStatus.PROPOSED)
    assert match.score_breakdown["sector"] == {"weight": 15, "value": 1.0, "points": 15.0, "matched": [Sector.FOOD]}


def test_profiles_page_without_a_language_shows_the_error_and_keeps_every_choice(client, manager, cohort, projects):
    epicerie, velo = projects
    client.force_login(manager)

    response = client.post(
        reverse("mentors:staff_project_profiles", args=[cohort.pk]),
        profile_data(
            {
                epicerie: {"sectors": [Sector.FOOD]},
                velo: {"sectors": [Sector.MOBILITY], "languages": ["fr"]},
            }
        ),
    )

    assert response.status_code == 200
    forms = {form.membership.pk: form for form in response.context["forms"]}
    assert forms[epicerie.pk].errors == {"languages": ["Choisissez au moins une langue de travail."]}
    assert forms[epicerie.pk]["sectors"].value() == [Sector.FOOD]
    assert forms[velo.pk]["sectors"].value() == [Sector.MOBILITY]
    # Nothing saved: the bike school keeps its old profile, the grocery still has none.
    assert list(ProjectMatchingProfile.objects.values_list("membership_id", "sectors")) == [(velo.pk, [Sector.SPORT])]


@pytest.mark.parametrize("who", ["holder", "mentor", "staff_without_permission"])
def test_profiles_page_is_404_for_others(client, cohort, projects, who):
    epicerie, _velo = projects
    user = {
        "holder": lambda: epicerie.application.applicant,
        "mentor": lambda: MentorFactory().user,
        "staff_without_permission": lambda: UserFactory(staff=True),
    }[who]()
    client.force_login(user)
    assert client.get(reverse("mentors:staff_project_profiles", args=[cohort.pk])).status_code == 404
    assert client.post(reverse("mentors:staff_project_profiles", args=[cohort.pk]), {}).status_code == 404


@pytest.mark.parametrize("count", [1, 10])
def test_profiles_page_query_budget(client, manager, cohort, count, django_assert_num_queries):
    for n in range(count):
        membership = MembershipFactory(cohort=cohort, application__support_needs=[SupportNeed.FUNDING])
        if n % 2:
            ProjectMatchingProfile.objects.create(membership=membership, sectors=[Sector.FOOD])
    client.force_login(manager)
    # 6 queries: the session, the user, their permissions and their groups' permissions, the cohort, and the
    # active projects with their application, holder and matching profile joined (suggestions need no query).
    with django_assert_num_queries(6):
        response = client.get(reverse("mentors:staff_project_profiles", args=[cohort.pk]))
    assert len(response.context["forms"]) == count
