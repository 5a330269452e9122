"""allauth's rate limits hold per account, with only a loose ceiling per IP address: at an information session
everyone signs up and logs in from the venue's single IP."""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Roubaix-2026-solidaire"
TOO_MANY = "Trop de tentatives de connexion échouées. Veuillez réessayer ultérieurement."
VENUE_IP = "203.0.113.7"


def _account(email: str):
    user = UserFactory(email=email)
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _login(client, email: str, password: str):
    return client.post("/compte/login/", {"login": email, "password": password}, REMOTE_ADDR=VENUE_IP)


def _form_errors(response) -> list[str]:
    return response.context["form"].non_field_errors()


def test_rate_limits_are_mainly_per_account():
    assert django_settings.ACCOUNT_RATE_LIMITS["login_failed"] == "30/5m/ip,5/5m/key"
    assert django_settings.ACCOUNT_RATE_LIMITS["signup"] == "60/h/ip"


def test_login_sixth_failure_on_one_account_refused_other_account_same_ip_logs_in(client):
    _account("nadia.benali@example.org")
    _account("karim.haddad@example.org")

    failures = [_login(client, "nadia.benali@example.org", "mauvais-mot-de-passe") for _ in range(5)]
    sixth = _login(client, "nadia.benali@example.org", PASSWORD)  # even the right password, within 5 minutes
    other = _login(client, "karim.haddad@example.org", PASSWORD)

    assert [response.status_code for response in failures] == [200] * 5
    assert all(TOO_MANY not in _form_errors(response) for response in failures)
    assert sixth.status_code == 200
    assert _form_errors(sixth) == [TOO_MANY]
    assert "_auth_user_id" not in sixth.wsgi_request.session
    assert other.status_code == 302
    assert int(client.session["_auth_user_id"]) == _account_pk("karim.haddad@example.org")


def _account_pk(email: str) -> int:
    return EmailAddress.objects.get(email=email).user_id


def test_login_failures_on_several_accounts_from_one_ip_do_not_lock_the_venue(client):
    emails = [f"participant{n}@example.org" for n in range(8)]
    for email in emails:
        _account(email)

    # Everyone mistypes their password twice: 16 failures from the venue's IP, more than the old limit of 5.
    for email in emails:
        for _ in range(2):
            _login(client, email, "faute-de-frappe")
    last = _login(client, emails[-1], PASSWORD)

    assert last.status_code == 302
