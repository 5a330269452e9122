"""A project that left its cohort says so on "Mes candidatures"."""

import pytest
from django.urls import reverse

from cohorts.enums import MembershipStatus
from tests.mentors.factories import MembershipFactory
from tests.pages import page_text

pytestmark = pytest.mark.django_db


def test_a_project_that_left_its_cohort_says_so_and_no_longer_links_to_it(client):
    membership = MembershipFactory(status=MembershipStatus.LEFT)
    client.force_login(membership.application.applicant)

    page = page_text(client.get(reverse("applications:dashboard")))

    assert "— a quitté la promotion" in page
    assert "Votre projet a quitté la promotion. Pour en reparler, écrivez à l'équipe du programme." in page
    assert reverse("cohorts:my_cohorts") not in page.split("<main", 1)[1]


def test_an_active_member_keeps_the_link_to_their_cohort(client):
    membership = MembershipFactory(status=MembershipStatus.ACTIVE)
    client.force_login(membership.application.applicant)

    page = page_text(client.get(reverse("applications:dashboard")))

    assert "a quitté la promotion" not in page
    assert "Félicitations, votre projet est retenu !" in page
    assert reverse("cohorts:my_cohorts") in page.split("<main", 1)[1]
