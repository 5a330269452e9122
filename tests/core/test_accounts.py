"""Where people land after logging in, and the language their e-mails follow."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.factories.core import PASSWORD, UserFactory
from tests.mentors.factories import MentorFactory

pytestmark = pytest.mark.django_db


def log_in(client, user, **extra):
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD, **extra})


def test_a_project_holder_lands_on_their_applications(client):
    assert log_in(client, UserFactory()).url == reverse("applications:dashboard")


def test_staff_land_in_the_admin(client):
    assert log_in(client, UserFactory(staff=True)).url == reverse("admin:index")


def test_an_approved_mentor_lands_in_the_mentor_portal(client):
    assert log_in(client, MentorFactory().user).url == reverse("mentors:portal")


def test_a_mentor_still_waiting_for_approval_lands_on_their_applications(client):
    mentor = MentorFactory(approved=False, approved_at=None)

    assert log_in(client, mentor.user).url == reverse("applications:dashboard")


def test_the_next_address_wins_over_the_landing_page(client):
    response = log_in(client, UserFactory(staff=True), next="/evenements/")

    assert response.url == "/evenements/"


def test_switching_language_is_remembered_on_the_account_for_the_emails(client):
    user = UserFactory(preferred_language="fr")
    client.force_login(user)

    response = client.post(reverse("set_language"), {"language": "en", "next": "/appels/"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.preferred_language == "en"


def test_switching_to_an_unknown_language_changes_nothing(client):
    user = UserFactory(preferred_language="fr")
    client.force_login(user)

    client.post(reverse("set_language"), {"language": "xx", "next": "/appels/"})

    user.refresh_from_db()
    assert user.preferred_language == "fr"


def test_an_anonymous_visitor_can_switch_language(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/appels/"})

    assert response.status_code == 302
    assert client.cookies["django_language"].value == "en"
