"""Accounts past their retention period are deleted at night, as their owners would (RGPD)."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from applications.enums import Status
from roubaix_incubator.core.models import User
from roubaix_incubator.core.services import accounts_purge_past_retention
from roubaix_incubator.core.tasks import purge_accounts_past_retention_task
from roubaix_incubator.reports.jobs import JOBS
from tests.factories.applications import ApplicationFactory
from tests.factories.core import UserFactory
from tests.mentors.factories import MatchFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
YEARS_AGO = NOW - timedelta(days=4 * 365)


def verified(user: User) -> User:
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def account(*, email: str, joined=YEARS_AGO, last_login=None, verified_email=True, **fields) -> User:
    user = UserFactory(email=email, **fields)
    User.objects.filter(pk=user.pk).update(date_joined=joined, last_login=last_login)
    return verified(user) if verified_email else user


def remaining() -> set[str]:
    return set(User.objects.values_list("email", flat=True))


def test_unused_and_never_confirmed_accounts_are_deleted_the_others_kept(settings):
    settings.RETENTION_ACCOUNT_DAYS = 1095
    settings.RETENTION_UNVERIFIED_ACCOUNT_DAYS = 30
    account(email="ancienne@example.org", last_login=YEARS_AGO)
    account(email="jamais-connectee@example.org")
    account(email="recente@example.org", last_login=NOW - timedelta(days=40))
    account(email="non-confirmee@example.org", joined=NOW - timedelta(days=31), verified_email=False)
    account(email="tout-juste-inscrite@example.org", joined=NOW - timedelta(days=10), verified_email=False)
    account(email="agent@ville-roubaix.fr", last_login=YEARS_AGO, is_staff=True)

    deleted = accounts_purge_past_retention(now=NOW)

    assert deleted == 3
    assert remaining() == {"recente@example.org", "tout-juste-inscrite@example.org", "agent@ville-roubaix.fr"}


def test_something_in_progress_keeps_an_old_account():
    under_review = account(email="en-examen@example.org", last_login=YEARS_AGO)
    ApplicationFactory(applicant=under_review, complete=True, status=Status.UNDER_REVIEW)
    mentor = account(email="mentor-invite@example.org", verified_email=False)
    MatchFactory(mentor__user=mentor, membership__application__applicant=under_review)

    assert accounts_purge_past_retention(now=NOW) == 0
    assert remaining() == {"en-examen@example.org", "mentor-invite@example.org"}


def test_an_old_account_is_deleted_as_its_owner_would_its_applications_anonymised():
    holder = account(email="ancienne@example.org", last_login=YEARS_AGO)
    rejected = ApplicationFactory(applicant=holder, complete=True, status=Status.REJECTED, submitted_at=YEARS_AGO)

    accounts_purge_past_retention(now=NOW)

    rejected.refresh_from_db()
    assert rejected.applicant is None
    assert rejected.project_name == f"Candidature anonymisée n° {rejected.pk}"


def test_the_nightly_task_runs_twice_and_deletes_once():
    account(email="ancienne@example.org", last_login=YEARS_AGO)

    assert purge_accounts_past_retention_task.apply().get() == 1
    assert purge_accounts_past_retention_task.apply().get() == 0


def test_the_purge_is_a_beat_entry_and_its_dry_run_deletes_nothing():
    account(email="ancienne@example.org", last_login=YEARS_AGO)

    preview = JOBS["core.purge_accounts_past_retention"](timezone.now())

    assert PeriodicTask.objects.get(task="core.purge_accounts_past_retention").enabled
    assert preview.actions == ["supprimerait 1 compte(s) inutilisé(s)"]
    assert remaining() == {"ancienne@example.org"}
