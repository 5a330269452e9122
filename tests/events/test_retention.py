"""RGPD: registrations are anonymised RETENTION_EVENT_REGISTRATION_DAYS after their event ended."""

from datetime import timedelta

import pytest
from django.urls import reverse

from events import services, tasks
from events.enums import ActorKind, RegistrationStatus
from events.models import Registration

from .factories import ContributionFactory, EventFactory, RegistrationFactory


@pytest.fixture
def old_event(db, now, settings):
    settings.RETENTION_EVENT_REGISTRATION_DAYS = 365
    starts_at = now - timedelta(days=366)
    return EventFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=3))


def test_anonymise_erases_the_person_and_keeps_the_statistics(old_event, alma, member_user):
    registration = RegistrationFactory(
        event=old_event,
        user=member_user,
        full_name="Élise Martin",
        email="elise@example.org",
        organisation="Cœur de Roubaix",
        accessibility_needs="Fauteuil roulant",
        answers={"Votre projet ?": "Une épicerie solidaire"},
        actor_kind=ActorKind.RESIDENT,
        neighbourhood=alma,
        checked_in_at=old_event.starts_at,
    )
    token = registration.token
    contribution = ContributionFactory(author=registration, text="Un jardin partagé")
    voter = RegistrationFactory(event=old_event)
    contribution.votes.create(registration=voter)

    assert services.registrations_anonymise_expired() == 2

    registration.refresh_from_db()
    assert (
        registration.full_name,
        registration.email,
        registration.organisation,
        registration.accessibility_needs,
        registration.answers,
        registration.user,
        registration.search_text,
    ) == ("", "", "", "", {}, None, "")
    assert registration.token != token
    assert registration.anonymised_at is not None
    # What the synthesis and the reports count stays.
    assert (registration.actor_kind, registration.neighbourhood, registration.status) == (
        ActorKind.RESIDENT, alma, RegistrationStatus.CONFIRMED
    )
    assert registration.checked_in_at == old_event.starts_at
    # The contribution and its vote stay, attached to nobody nameable.
    contribution.refresh_from_db()
    assert contribution.text == "Un jardin partagé"
    assert contribution.votes.count() == 1


def test_anonymised_registration_private_link_is_404(client, old_event):
    registration = RegistrationFactory(event=old_event)
    token = registration.token
    services.registrations_anonymise_expired()
    registration.refresh_from_db()
    assert client.get(reverse("events:manage", args=[token])).status_code == 404
    assert client.get(reverse("events:manage", args=[registration.token])).status_code == 404


def test_anonymise_leaves_recent_events_alone(old_event, now, settings):
    recent_start = now - timedelta(days=364)
    recent = EventFactory(starts_at=recent_start, ends_at=recent_start + timedelta(hours=3))
    kept = RegistrationFactory(event=recent, full_name="Karim Haddad")
    upcoming = RegistrationFactory(full_name="Nadia Kaci")

    assert services.registrations_anonymise_expired() == 0

    assert Registration.objects.get(pk=kept.pk).full_name == "Karim Haddad"
    assert Registration.objects.get(pk=upcoming.pk).full_name == "Nadia Kaci"


def test_anonymise_task_runs_twice_acts_once(old_event):
    RegistrationFactory(event=old_event)
    RegistrationFactory(event=old_event, status=RegistrationStatus.CANCELLED)
    assert tasks.anonymise_old_registrations_task.delay().get() == 2
    assert tasks.anonymise_old_registrations_task.delay().get() == 0
    assert Registration.objects.filter(anonymised_at__isnull=True).count() == 0


def test_anonymise_beat_entry_runs_nightly(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="events.anonymise_old_registrations")
    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == ("3", "45", "Europe/Paris")
