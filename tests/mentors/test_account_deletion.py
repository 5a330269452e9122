"""A mentor's profile and account deletion: only matches hold the account back (they are the projects' history)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mentors.enums import MatchStatus
from mentors.models import Match, Mentor
from roubaix_incubator.core.models import User
from tests.factories.core import PASSWORD

from .factories import MatchFactory, MentorFactory

pytestmark = pytest.mark.django_db

URL = reverse("account_delete")
HELD_BACK = "Vous êtes inscrit·e comme mentor"


@pytest.mark.parametrize(
    "fields",
    [
        {"approved": False, "approved_at": None},
        {"approved": False, "approved_at": None, "declined_at": timezone.now(), "decline_reason": "Pas cette fois."},
        {},
    ],
    ids=["proposal-waiting", "proposal-declined", "approved-never-matched"],
)
def test_account_deletion_without_matches_takes_the_mentor_profile_along(client, fields):
    mentor = MentorFactory(**fields)
    user = mentor.user
    client.force_login(user)

    page = client.get(URL).content.decode()
    response = client.post(URL, {"password": PASSWORD})

    assert HELD_BACK not in page
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Mentor.objects.filter(pk=mentor.pk).exists()


@pytest.mark.parametrize("status", [MatchStatus.PROPOSED, MatchStatus.ACTIVE, MatchStatus.ENDED])
def test_account_deletion_with_a_match_is_held_back(client, status):
    match = MatchFactory(status=status)
    user = match.mentor.user
    client.force_login(user)

    response = client.post(URL, {"password": PASSWORD})

    assert response.status_code == 200
    assert HELD_BACK in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
    assert Mentor.objects.filter(pk=match.mentor_id).exists()
    assert Match.objects.filter(pk=match.pk).exists()
