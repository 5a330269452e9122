import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from applications import services
from applications.enums import Status
from applications.models import Application
from applications.tasks import send_submission_confirmation_task
from roubaix_incubator.celery import app as celery_app
from roubaix_incubator.core.models import Neighbourhood
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


class FlakyEmailBackend(EmailBackend):
    """Stands in for an SMTP server that refuses the first `failures` connections."""

    failures = 0

    def send_messages(self, messages):
        if FlakyEmailBackend.failures:
            FlakyEmailBackend.failures -= 1
            raise ConnectionRefusedError("SMTP indisponible")
        return super().send_messages(messages)


@pytest.fixture
def flaky_smtp(settings, monkeypatch):
    settings.EMAIL_BACKEND = "tests.applications.test_tasks.FlakyEmailBackend"
    # Eager tasks that propagate raise Retry to the caller instead of retrying; a worker retries, so do we.
    celery_app.conf.task_eager_propagates = False  # the autouse _celery_eager fixture restores it

    def fail(times):
        monkeypatch.setattr(FlakyEmailBackend, "failures", times)

    return fail


@pytest.fixture
def submitted(applicant, open_call):
    return ApplicationFactory(
        applicant=applicant,
        call=open_call,
        project_name="La Cantine de l'Alma",
        submitted=True,
        neighbourhoods=[Neighbourhood.objects.get(slug="alma")],
    )


def test_submission_sends_one_french_email_with_link(
    applicant, open_call, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://innovation-sociale.example.org"
    draft = ApplicationFactory(
        applicant=applicant,
        call=open_call,
        project_name="La Cantine de l'Alma",
        complete=True,
        neighbourhoods=[Neighbourhood.objects.get(slug="alma")],
    )

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.application_submit(application=draft, by=applicant)

    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    link = f"https://innovation-sociale.example.org/candidatures/{draft.pk}/"
    assert message.to == ["nadia.benali@example.org"]
    assert message.from_email == "Roubaix Innovation Sociale <innovation-sociale@ville-roubaix.fr>"
    assert message.subject == "Votre candidature « La Cantine de l'Alma » est bien reçue"
    assert message.body.startswith(
        "Bonjour Nadia,\n\nNous avons bien reçu votre candidature « La Cantine de l'Alma » "
        "à l'appel « Appel à projets 2026 — Innovation sociale », le "
    )
    assert f"Suivre votre candidature : {link}\n" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'<a href="{link}">Suivre votre candidature</a>' in html
    assert "La Cantine de l&#x27;Alma" in html
    draft.refresh_from_db()
    assert draft.confirmation_sent_at is not None


def test_send_submission_confirmation_task_runs_twice_acts_once(submitted):
    first = send_submission_confirmation_task.delay(application_id=submitted.pk)
    submitted.refresh_from_db()
    sent_at = submitted.confirmation_sent_at
    second = send_submission_confirmation_task.delay(application_id=submitted.pk)

    assert (first.get(), second.get()) == (True, False)
    assert len(mail.outbox) == 1
    submitted.refresh_from_db()
    assert submitted.confirmation_sent_at == sent_at


def test_send_submission_confirmation_task_gone_application_does_nothing(submitted):
    gone_id = submitted.pk + 1000

    assert send_submission_confirmation_task.delay(application_id=gone_id).get() is False
    assert mail.outbox == []


def test_send_submission_confirmation_task_never_submitted_draft_does_nothing(draft):
    assert send_submission_confirmation_task.delay(application_id=draft.pk).get() is False
    assert mail.outbox == []
    draft.refresh_from_db()
    assert draft.confirmation_sent_at is None


@pytest.mark.parametrize("status", [Status.WITHDRAWN, Status.UNDER_REVIEW, Status.REJECTED])
def test_send_submission_confirmation_task_status_moved_on_still_sends_once(submitted, status):
    # The task may run late (broker down, retries): the holder still gets the receipt of what they sent.
    Application.objects.filter(pk=submitted.pk).update(status=status)

    first = send_submission_confirmation_task.delay(application_id=submitted.pk).get()
    second = send_submission_confirmation_task.delay(application_id=submitted.pk).get()

    assert (first, second) == (True, False)
    assert [message.subject for message in mail.outbox] == ["Votre candidature « La Cantine de l'Alma » est bien reçue"]


def test_send_submission_confirmation_task_smtp_down_retries_then_sends_once(submitted, flaky_smtp):
    flaky_smtp(2)

    result = send_submission_confirmation_task.delay(application_id=submitted.pk)

    assert result.get() is True
    assert len(mail.outbox) == 1
    submitted.refresh_from_db()
    assert submitted.confirmation_sent_at is not None


def test_send_submission_confirmation_task_smtp_down_for_good_keeps_it_due(submitted, flaky_smtp):
    flaky_smtp(100)

    result = send_submission_confirmation_task.delay(application_id=submitted.pk)

    with pytest.raises(ConnectionRefusedError):
        result.get()

    assert FlakyEmailBackend.failures == 100 - 6  # the first try and the five retries
    submitted.refresh_from_db()
    assert submitted.confirmation_sent_at is None  # a later run will still send it
    assert mail.outbox == []
