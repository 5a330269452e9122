"""Shared fixtures. Autouse ones keep tests apart: private files in a temporary folder, an empty cache, Celery
tasks run inline, and the `postgres` marker skips where the database is not PostgreSQL."""

import pytest
from django.core.cache import caches
from django.db import connection

from roubaix_incubator.celery import app as celery_app
from roubaix_incubator.core.files import private_storage
from tests.factories import ApplicationFactory, CallFactory, UserFactory


def pytest_configure(config):
    config.addinivalue_line("markers", "celery_worker: runs against a real Celery worker instead of eager tasks")


def _forget_storage_location():
    # FileSystemStorage caches its folder; the private storage reads PRIVATE_MEDIA_ROOT, which Django's
    # setting_changed handler does not watch.
    for name in ("base_location", "location"):
        private_storage.__dict__.pop(name, None)


@pytest.fixture(autouse=True)
def _private_media_in_tmp(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    _forget_storage_location()
    yield
    _forget_storage_location()


@pytest.fixture(autouse=True)
def _empty_cache():
    # allauth keeps its rate limits in the cache, which is the shared Redis when REDIS_URL is set.
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _celery_eager(request):
    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    previous = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _skip_postgres_only(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks, concurrency): set DATABASE_URL to a PostgreSQL database")


@pytest.fixture
def applicant(db):
    return UserFactory(full_name="Nadia Benali", email="nadia.benali@example.org")


@pytest.fixture
def open_call(db):
    return CallFactory(title="Appel à projets 2026 — Innovation sociale", slug="appel-2026")


@pytest.fixture
def draft(applicant, open_call):
    return ApplicationFactory(applicant=applicant, call=open_call, project_name="La Cantine de l'Alma")
