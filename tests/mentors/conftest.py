"""Fixtures of the mentors tests: Celery runs inline, the cache starts empty, e-mails land in mail.outbox."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import caches
from django.utils import timezone

from roubaix_incubator.core.models import Neighbourhood

from .factories import CohortFactory, MatchFactory, MembershipFactory, MentorFactory, UserFactory


@pytest.fixture(autouse=True)
def _mentors_test_environment(settings):
    from roubaix_incubator.celery import app

    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://innovation-sociale.roubaix.test"
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


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
def cohort(db):
    return CohortFactory(name="Promotion 2026")


@pytest.fixture
def membership(cohort):
    return MembershipFactory(cohort=cohort, application__project_name="La Cantine de l'Alma")


@pytest.fixture
def mentor(db):
    return MentorFactory(user__full_name="Karim Haddad", user__email="karim.haddad@example.org")


@pytest.fixture
def active_match(mentor, membership, now):
    return MatchFactory(mentor=mentor, membership=membership, confirmed_at=now - timedelta(days=3))


@pytest.fixture
def holder(membership):
    return membership.application.applicant


@pytest.fixture
def make_staff(db):
    def make(*perms: str):
        user = UserFactory(staff=True)
        for dotted in perms:
            app_label, codename = dotted.split(".")
            user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        return user

    return make


@pytest.fixture
def manager(make_staff):
    """A programme manager: may see and change matches, sessions and mentors."""
    return make_staff(
        "mentors.view_match",
        "mentors.change_match",
        "mentors.add_match",
        "mentors.view_mentoringsession",
        "mentors.add_mentor",
        "mentors.view_mentor",
        "mentors.change_mentor",
    )
