"""Account pages in a real browser: a staff member sets up two-factor authentication before reaching the admin,
and a project holder deletes their account; axe-core checks every page."""

import re
import time

import pytest

from tests.browser.accessibility import assert_no_serious_violations

pytestmark = pytest.mark.browser

PASSWORD = "Quartier-Epeule-2026!"


def _expect():
    from playwright.sync_api import expect

    return expect


def _user(email: str, **fields):
    from allauth.account.models import EmailAddress

    from roubaix_incubator.core.models import User

    user = User.objects.create_user(email=email, password=PASSWORD, full_name="Camille Durand", **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _log_in(page, email: str) -> None:
    page.goto("/compte/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


@pytest.mark.django_db(transaction=True)
def test_staff_activate_an_authenticator_app_before_the_admin(desktop_page, axe, live_server, settings):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    expect = _expect()
    page, visited = desktop_page, []
    settings.MFA_REQUIRED = True
    _user("agent@ville-roubaix.fr", is_staff=True)

    _log_in(page, "agent@ville-roubaix.fr")
    # The admin sends to the activation, which asks for the password once more first.
    expect(page).to_have_url(re.compile(r"/compte/reauthenticate/"))
    expect(page.get_by_role("status")).to_contain_text("activez d'abord la double authentification")
    assert_no_serious_violations(page, axe, visited)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/compte/2fa/totp/activate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Activer l'application d'authentification")
    expect(page.locator("main img[src^='data:image/svg+xml']")).to_be_visible()
    assert_no_serious_violations(page, axe, visited)
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    page.locator("main form button[type=submit]").click()

    # Recovery codes are shown once activated; then the admin opens.
    expect(page).to_have_url(re.compile(r"/compte/2fa/recovery-codes/$"))
    assert_no_serious_violations(page, axe, visited)
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    assert len(visited) == 3


@pytest.mark.django_db(transaction=True)
def test_a_project_holder_deletes_their_account(page, axe, live_server):
    from roubaix_incubator.core.models import User

    expect = _expect()
    visited: list[str] = []
    _user("camille@example.org")

    _log_in(page, "camille@example.org")
    expect(page).to_have_url(re.compile(r"/candidatures/$"))
    page.get_by_role("link", name="Supprimer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Supprimer mon compte")
    assert_no_serious_violations(page, axe, visited)

    page.get_by_role("button", name="Supprimer définitivement mon compte").click()  # no password typed
    expect(page.locator("#erreurs")).to_contain_text("Votre mot de passe, pour confirmer")
    assert_no_serious_violations(page, axe, visited)

    page.get_by_label("Votre mot de passe, pour confirmer").fill(PASSWORD)
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    expect(page.get_by_role("status")).to_contain_text("Votre compte et vos données personnelles ont été supprimés.")
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()
    assert_no_serious_violations(page, axe, visited)
    assert not User.objects.filter(email="camille@example.org").exists()
