"""Two requests at the same instant: the row lock makes the second one wait and then find the work done.
PostgreSQL only (SQLite has no row locks and serialises every writer anyway)."""

import threading

import pytest
from django.core import mail
from django.db import close_old_connections, connections
from django.utils import timezone

from applications import services
from applications.enums import Status
from applications.models import Application, StatusChange
from applications.tasks import send_submission_confirmation_task
from roubaix_incubator.core.models import Neighbourhood
from tests.factories import AnswerFactory, ApplicationFactory, QuestionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def run_together(function, times=2):
    """Runs `function` in `times` threads released at the same moment; returns what each returned or raised."""
    barrier = threading.Barrier(times)
    results = [None] * times

    def worker(index):
        close_old_connections()
        try:
            barrier.wait()
            results[index] = function()
        except Exception as error:  # noqa: BLE001 - reported to the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.fixture
def complete_draft():
    application = ApplicationFactory(complete=True, neighbourhoods=[Neighbourhood.objects.get(slug="alma")])
    AnswerFactory(application=application, question=QuestionFactory(call=application.call))
    return application


def test_double_submit_at_the_same_time_acts_once(complete_draft):
    results = run_together(
        lambda: services.application_submit(application=complete_draft, by=complete_draft.applicant).status
    )

    assert results == [Status.SUBMITTED, Status.SUBMITTED]
    assert Application.objects.get().status == Status.SUBMITTED
    assert StatusChange.objects.count() == 1
    assert len(mail.outbox) == 1


def test_confirmation_task_twice_at_the_same_time_sends_once(complete_draft):
    Application.objects.filter(pk=complete_draft.pk).update(status=Status.SUBMITTED, submitted_at=timezone.now())

    # `.result`, not `.get()`: Celery forbids waiting on a result while another thread runs an eager task.
    results = run_together(lambda: send_submission_confirmation_task.delay(application_id=complete_draft.pk).result)

    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1
