"""The check-in search ignores accents and capitals, on SQLite and on PostgreSQL (run the suite with DATABASE_URL)."""

from importlib import import_module

from django.apps import apps
from django.urls import reverse

from events import selectors, services
from events.models import Registration, registration_search_text

from .factories import RegistrationFactory


def names(registrations) -> list[str]:
    return [registration.full_name for registration in registrations]


def test_registration_search_text_is_one_plain_line_per_field():
    assert registration_search_text(full_name=" Aïcha  Benali", email="A@b.fr", organisation="Cœur") == (
        "aicha benali\na@b.fr\ncoeur"
    )


def test_checkin_search_without_accents_finds_names_with_them(event):
    RegistrationFactory(event=event, full_name="Élise Martin", organisation="")
    RegistrationFactory(event=event, full_name="Aïcha Benali", organisation="Cœur de Roubaix")
    RegistrationFactory(event=event, full_name="Marc Dupont", organisation="", email="marc@exemple.fr")

    assert names(selectors.checkin_list(event=event, query="elise")) == ["Élise Martin"]
    assert names(selectors.checkin_list(event=event, query="ELISE")) == ["Élise Martin"]
    assert names(selectors.checkin_list(event=event, query="aicha")) == ["Aïcha Benali"]
    assert names(selectors.checkin_list(event=event, query="Aïcha")) == ["Aïcha Benali"]
    assert names(selectors.checkin_list(event=event, query="coeur")) == ["Aïcha Benali"]
    assert names(selectors.checkin_list(event=event, query="martin élise")) == ["Élise Martin"]
    assert names(selectors.checkin_list(event=event, query="exemple.fr")) == ["Marc Dupont"]
    assert names(selectors.checkin_list(event=event, query="elise dupont")) == []
    assert names(selectors.checkin_list(event=event, query="50%")) == []
    assert len(selectors.checkin_list(event=event, query="  ")) == 3


def test_checkin_search_follows_a_change_of_name(registration):
    services.registration_update(registration=registration, fields={"full_name": "Hélène Noël"})
    assert names(selectors.checkin_list(event=registration.event, query="helene noel")) == ["Hélène Noël"]


def test_checkin_page_search_is_accent_insensitive(staff_client, event):
    RegistrationFactory(event=event, full_name="Élise Martin")
    RegistrationFactory(event=event, full_name="Karim Haddad")
    response = staff_client.get(reverse("events:checkin", args=[event.slug]), {"q": "elise"})
    assert names(response.context["registrations"]) == ["Élise Martin"]


def test_search_text_migration_fills_existing_rows_and_runs_twice_alike(event):
    migration = import_module("events.migrations.0004_registration_search_text")
    registration = RegistrationFactory(event=event, full_name="Aïcha Benali", organisation="Cœur", email="a@b.fr")
    Registration.objects.filter(pk=registration.pk).update(search_text="")

    migration.fill_search_text(apps, None)
    migration.fill_search_text(apps, None)

    registration.refresh_from_db()
    assert registration.search_text == "aicha benali\na@b.fr\ncoeur"
