import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

from tests.factories import ApplicationFactory


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/appels/", "/compte/login/"])
def test_pages_send_csp_without_inline_scripts(client, url):
    response = client.get(url)

    assert response.status_code == 200
    policy = _directives(response.headers["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_application_pages_have_no_inline_script_or_style(client):
    application = ApplicationFactory()
    client.force_login(application.applicant)
    urls = [
        f"/appels/{application.call.slug}/",
        f"/appels/{application.call.slug}/candidater/",
        "/candidatures/",
        f"/candidatures/{application.pk}/",
        f"/candidatures/{application.pk}/etape/besoin/",
        f"/candidatures/{application.pk}/documents/",
        f"/candidatures/{application.pk}/envoyer/",
        f"/candidatures/{application.pk}/retirer/",
    ]

    for url in urls:
        html = client.get(url).content.decode()
        # The CSP blocks inline code: every script has a src, and no element carries a style attribute.
        assert html.count("<script") == html.count("<script src="), url
        assert " style=" not in html, url


def test_check_deploy_with_production_environment_has_no_warning():
    # Only what production sets: test-only variables of this process (e.g. DJANGO_ALLOW_ASYNC_UNSAFE) stay out.
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(45),
        "DJANGO_ALLOWED_HOSTS": "example.org",
        **{name: os.environ[name] for name in ("DATABASE_URL", "REDIS_URL") if name in os.environ},
    }
    assert len(env["DJANGO_SECRET_KEY"]) == 60

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_admin_allows_inline_styles_but_never_inline_scripts(client, db):
    response = client.get("/admin/login/", follow=True)
    admin_response = client.get("/admin/")

    policy = admin_response.headers["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'self';" in policy
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
