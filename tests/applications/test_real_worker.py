"""The confirmation e-mail goes through a real Celery worker consuming the real Redis broker (CI sets
REDIS_URL). Skipped with a reason when no broker is configured."""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from applications import services
from roubaix_incubator.celery import app
from tests.factories import ApplicationFactory, NeighbourhoodFactory

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis broker: set REDIS_URL"),
]


@pytest.fixture
def real_broker():
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = previous


def _wait_for_mail(seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.05)


def test_submission_confirmation_is_sent_by_a_real_worker(real_broker):
    application = ApplicationFactory(complete=True, neighbourhoods=[NeighbourhoodFactory(name="Alma")])

    # The worker runs in a thread of this process: it shares the test database and the locmem mailbox.
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        services.application_submit(application=application, by=application.applicant)
        _wait_for_mail()

    assert len(mail.outbox) == 1
    assert application.project_name in mail.outbox[0].subject
    application.refresh_from_db()
    assert application.confirmation_sent_at is not None
