"""A real Celery worker consuming the real Redis broker (CI sets REDIS_URL) picks up a report request, builds it
and e-mails the requester. Skipped with a reason when no broker is configured.

The broker may be shared with other test runs: this test sends and consumes on a queue of its own, so no other
worker takes its task and this worker takes no one else's."""

import os
import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from applications.enums import Status
from roubaix_incubator.celery import app
from roubaix_incubator.reports import services
from roubaix_incubator.reports.enums import ReportKind, ReportStatus
from roubaix_incubator.reports.models import Report
from tests.factories import ApplicationFactory, CallFactory, UserFactory

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis broker: set REDIS_URL"),
]

QUEUE_CACHES = ("default_queue", "queues", "router")


def _forget_queues():
    for name in QUEUE_CACHES:
        app.amqp.__dict__.pop(name, None)


@pytest.fixture
def real_broker_on_own_queue():
    previous = app.conf.task_always_eager, app.conf.task_default_queue
    app.conf.task_always_eager = False
    app.conf.task_default_queue = f"reports-test-{uuid.uuid4().hex}"
    _forget_queues()
    yield
    app.conf.task_always_eager, app.conf.task_default_queue = previous
    _forget_queues()


def _wait_for(condition, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)


def test_a_report_request_is_built_by_a_real_worker(real_broker_on_own_queue):
    call = CallFactory(title="Appel du vrai worker")
    ApplicationFactory.create_batch(3, call=call, status=Status.SUBMITTED)
    manager = UserFactory(staff=True, permissions=["reports.add_report", "reports.view_report"])

    # The worker runs in a thread of this process: it shares the test database and the locmem mailbox.
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        report = services.report_request(kind=ReportKind.CALL, parameters={"call_id": call.pk}, requested_by=manager)
        _wait_for(lambda: len(mail.outbox) == 1)

    report = Report.objects.get(pk=report.pk)
    assert report.status == ReportStatus.READY, report.error
    assert report.attempts == 1
    assert report.file and "Appel du vrai worker" in report.html
    assert mail.outbox[0].to == [manager.email]
