"""Fixtures of the events tests: Celery runs inline, the cache starts empty, e-mails land in mail.outbox."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.utils import timezone

from roubaix_incubator.core.models import Neighbourhood

from .factories import EventFactory, RegistrationFactory, TableFactory


@pytest.fixture(autouse=True)
def _events_test_environment(settings):
    from roubaix_incubator.celery import app

    always_eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://innovation-sociale.roubaix.test"
    cache.clear()
    yield
    cache.clear()
    app.conf.task_always_eager = always_eager


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def alma(db):
    # get_or_create: a transactional test may have flushed the seeded neighbourhoods.
    return Neighbourhood.objects.get_or_create(slug="alma", defaults={"name": "Alma", "is_priority_area": True})[0]


@pytest.fixture
def epeule(db):
    return Neighbourhood.objects.get_or_create(slug="epeule", defaults={"name": "Épeule", "is_priority_area": True})[0]


@pytest.fixture
def event(db, alma, now):
    """A published neighbourhood meetup in ten days, open for registration, 20 seats."""
    return EventFactory(
        starts_at=now + timedelta(days=10),
        ends_at=now + timedelta(days=10, hours=3),
        neighbourhood=alma,
        capacity=20,
    )


@pytest.fixture
def running_event(db, alma, now):
    """An event under way: contributions are open."""
    return EventFactory(
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=2),
        registration_closes_at=now + timedelta(hours=1),
        neighbourhood=alma,
    )


@pytest.fixture
def registration(event):
    return RegistrationFactory(event=event)


@pytest.fixture
def staff_user(django_user_model):
    """Staff with exactly the permission the check-in pages require (not a superuser)."""
    user = django_user_model.objects.create_user(
        email="accueil@ville-roubaix.test", password="Accueil-Roubaix-2025", full_name="Camille Accueil", is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="change_registration", content_type__app_label="events"))
    return user


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def member_user(django_user_model):
    return django_user_model.objects.create_user(
        email="nadia.kaci@example.org", password="Quartier-Alma-2025!", full_name="Nadia Kaci"
    )


@pytest.fixture
def tables(event):
    return [TableFactory(event=event, name=f"Table {n}", order=n, seats=5) for n in range(1, 5)]
