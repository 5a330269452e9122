"""A submission confirmation that never left (broker down on commit, SMTP down longer than the task's retries) is
sent by the `applications.send_missing_confirmations` beat job, once, whatever the status since."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from applications import reminders
from applications.enums import Status
from applications.models import Application
from applications.tasks import send_submission_confirmation_task
from roubaix_incubator.celery import app as celery_app
from roubaix_incubator.reports.jobs import JOBS
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

SUBJECT = "Votre candidature « La Cantine de l'Alma » est bien reçue"


def _submitted(call, minutes_ago: int, **fields) -> Application:
    application = ApplicationFactory(call=call, submitted=True, project_name="La Cantine de l'Alma", **fields)
    Application.objects.filter(pk=application.pk).update(submitted_at=timezone.now() - timedelta(minutes=minutes_ago))
    return application


def test_sweep_sends_lost_confirmation_once(open_call):
    lost = _submitted(open_call, minutes_ago=30)

    assert reminders.submission_confirmations_send_due() == 1
    assert reminders.submission_confirmations_send_due() == 0

    [message] = mail.outbox
    assert (message.to, message.subject) == ([lost.applicant.email], SUBJECT)
    lost.refresh_from_db()
    assert lost.confirmation_sent_at is not None


def test_sweep_task_runs_twice_acts_once(open_call):
    _submitted(open_call, minutes_ago=30)
    task = celery_app.tasks["applications.send_missing_confirmations"]

    assert (task.delay().get(), task.delay().get()) == (1, 0)
    assert len(mail.outbox) == 1


def test_sweep_sends_after_status_moved_on(open_call):
    _submitted(open_call, minutes_ago=30, status=Status.WITHDRAWN)

    assert reminders.submission_confirmations_send_due() == 1
    assert [message.subject for message in mail.outbox] == [SUBJECT]


def test_sweep_skips_drafts_fresh_submissions_already_confirmed_and_old_ones(open_call):
    ApplicationFactory(call=open_call, complete=True)  # a draft, never submitted
    _submitted(open_call, minutes_ago=2)  # its on-commit task still has time
    _submitted(open_call, minutes_ago=30, confirmation_sent_at=timezone.now())
    _submitted(open_call, minutes_ago=8 * 24 * 60)  # a week late would confuse more than reassure

    assert reminders.submission_confirmations_due() == []
    assert reminders.submission_confirmations_send_due() == 0
    assert mail.outbox == []


def test_sweep_failed_send_is_retried_by_next_run(open_call):
    lost = _submitted(open_call, minutes_ago=30)

    with mock.patch("applications.reminders.send_templated_email", side_effect=OSError("SMTP indisponible")):
        assert reminders.submission_confirmations_send_due() == 0
    lost.refresh_from_db()
    assert lost.confirmation_sent_at is None

    assert reminders.submission_confirmations_send_due() == 1
    assert len(mail.outbox) == 1


def test_sweep_and_on_commit_task_never_both_send(open_call):
    lost = _submitted(open_call, minutes_ago=30)

    assert reminders.submission_confirmations_send_due() == 1
    assert send_submission_confirmation_task.delay(application_id=lost.pk).get() is False
    assert len(mail.outbox) == 1


def test_sweep_has_enabled_beat_entry_and_dry_run(open_call):
    lost = _submitted(open_call, minutes_ago=30)

    entry = PeriodicTask.objects.get(task="applications.send_missing_confirmations")
    preview = JOBS["applications.send_missing_confirmations"](timezone.now())

    assert (entry.enabled, entry.interval.every, entry.interval.period) == (True, 10, "minutes")
    assert preview.emails == [(lost.applicant.email, SUBJECT)]
    assert mail.outbox == []


@pytest.mark.parametrize("rows", [1, 5])
def test_submission_confirmations_due_queries(open_call, rows, django_assert_num_queries):
    for _ in range(rows):
        _submitted(open_call, minutes_ago=30)

    # 1: the applications due, joined to their call and applicant (the e-mails are built from these rows).
    with django_assert_num_queries(1):
        due = reminders.submission_confirmations_due()

    assert len(due) == rows
