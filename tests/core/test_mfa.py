"""Two-factor authentication: staff and mentors activate an authenticator app before the admin and the mentor
portal (when MFA_REQUIRED is on, as in production); everyone else may, never must."""

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.urls import reverse

from tests.factories.core import PASSWORD, UserFactory
from tests.mentors.factories import MentorFactory

pytestmark = pytest.mark.django_db

ACTIVATE_URL = reverse("mfa_activate_totp")


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED = True


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in(client, user) -> None:
    """Through allauth, as a person would: allauth then knows the login is recent (no re-authentication)."""
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


def with_authenticator_app(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def test_staff_without_an_authenticator_app_is_sent_to_activate_one(client, mfa_required):
    log_in(client, UserFactory(staff=True))

    response = client.get("/admin/", follow=True)

    # allauth asks for the password once more before a second factor is added (its default, kept on purpose).
    reauthenticate_url = f"{reverse('account_reauthenticate')}?next=%2Fcompte%2F2fa%2Ftotp%2Factivate%2F"
    assert response.redirect_chain == [(ACTIVATE_URL, 302), (reauthenticate_url, 302)]
    assert "activez d&#x27;abord la double authentification" in response.content.decode()

    activate = client.post(reauthenticate_url, {"password": PASSWORD}, follow=True)

    content = activate.content.decode()
    assert activate.redirect_chain == [(ACTIVATE_URL, 302)]
    assert "Activer l'application d'authentification" in content
    assert 'src="data:image/svg+xml;base64,' in content  # the QR code to scan


def test_staff_with_an_authenticator_app_reaches_the_admin(client, mfa_required):
    staff = UserFactory(staff=True)
    with_authenticator_app(staff)
    client.force_login(staff)

    assert client.get("/admin/").status_code == 200


def test_an_approved_mentor_without_an_authenticator_app_is_sent_to_activate_one(client, mfa_required):
    mentor = MentorFactory()
    client.force_login(mentor.user)

    response = client.get(reverse("mentors:portal"))

    assert response.status_code == 302
    assert response.url == ACTIVATE_URL


def test_a_project_holder_is_never_forced(client, mfa_required):
    client.force_login(UserFactory())

    assert client.get(reverse("applications:dashboard")).status_code == 200
    response = client.get(reverse("mentors:holder_home"))
    assert response.get("Location") != ACTIVATE_URL


def test_nothing_is_forced_when_mfa_is_not_required(client, settings):
    settings.MFA_REQUIRED = False
    client.force_login(UserFactory(staff=True))

    assert client.get("/admin/").status_code == 200


def test_login_with_an_authenticator_app_asks_for_the_code(client, mfa_required):
    staff = UserFactory(staff=True)
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    secret = with_authenticator_app(staff)

    response = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302  # not logged in before the code

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000" if current_code(secret) != "000000" else "1"})
    assert wrong.status_code == 200
    assert "Code incorrect" in wrong.content.decode()

    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert client.get("/admin/").status_code == 200


def test_staff_without_an_authenticator_app_reach_no_page_but_their_account(client, mfa_required):
    from tests.factories.applications import AttachmentFactory

    attachment = AttachmentFactory()
    client.force_login(UserFactory(staff=True, permissions=["applications.view_application"]))

    for url in ("/", attachment.get_absolute_url(), reverse("events:agenda")):
        response = client.get(url)
        assert (response.status_code, response.get("Location")) == (302, ACTIVATE_URL), url
    assert client.get(reverse("mfa_index")).status_code == 200
