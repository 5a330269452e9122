"""French first, English on request through the language switcher."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_pages_are_french_even_when_the_browser_asks_for_english(client):
    response = client.get("/appels/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert "Appels à candidatures" in response.content.decode()
    assert response.headers["Content-Language"] == "fr"


def test_the_language_switcher_serves_the_english_catalogue(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/appels/"})

    response = client.get("/appels/")

    content = response.content.decode()
    assert response.headers["Content-Language"] == "en"
    assert "Calls for applications" in content
    assert "Skip to content" in content
    assert settings.LANGUAGE_COOKIE_NAME in client.cookies


def test_the_language_switcher_names_each_language_in_itself(client):
    content = client.get("/appels/").content.decode()

    assert '<option value="en" lang="en">English</option>' in content
    assert '<option value="fr" lang="fr" selected>Français</option>' in content
