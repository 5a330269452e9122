"""Members see their mentors on their cohort page once a match is confirmed, not before."""

import pytest
from django.urls import reverse

from mentors.enums import MatchStatus

pytestmark = pytest.mark.django_db


def test_cohort_page_shows_the_active_mentor(client, active_match, holder):
    client.force_login(holder)

    content = client.get(reverse("cohorts:membership", args=[active_match.membership_id])).content.decode()

    assert active_match.mentor.user.get_full_name() in content
    assert reverse("mentors:holder_project", args=[active_match.membership_id]) in content


def test_cohort_page_hides_a_proposed_mentor(client, active_match, holder):
    active_match.status = MatchStatus.PROPOSED
    active_match.save(update_fields=["status"])
    client.force_login(holder)

    content = client.get(reverse("cohorts:membership", args=[active_match.membership_id])).content.decode()

    assert active_match.mentor.user.get_full_name() not in content
    assert "pas encore désigné" in content
