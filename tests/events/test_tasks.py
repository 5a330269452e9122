from django.core import mail
from django.utils import timezone

from events import tasks
from events.enums import RegistrationStatus
from roubaix_incubator.celery import app

from .factories import RegistrationFactory


def test_tasks_have_explicit_names():
    names = {
        tasks.send_confirmation_task.name,
        tasks.send_promotion_task.name,
        tasks.send_manage_link_task.name,
        tasks.send_date_change_notices_task.name,
        tasks.send_due_reminders_task.name,
        tasks.anonymise_old_registrations_task.name,
    }
    assert names == {
        "events.send_registration_confirmation",
        "events.send_waitlist_promotion",
        "events.send_manage_link",
        "events.send_date_change_notices",
        "events.send_due_reminders",
        "events.anonymise_old_registrations",
    }
    assert names <= set(app.tasks)


def test_confirmation_task_runs_twice_acts_once(event):
    registration = RegistrationFactory(event=event, confirmation_sent_at=None)
    assert tasks.send_confirmation_task.delay(registration_id=registration.pk).get() is True
    assert tasks.send_confirmation_task.delay(registration_id=registration.pk).get() is False
    assert len(mail.outbox) == 1


def test_confirmation_task_for_a_cancelled_or_missing_registration_does_nothing(event):
    registration = RegistrationFactory(event=event, confirmation_sent_at=None)
    registration.status = RegistrationStatus.CANCELLED
    registration.save()
    assert tasks.send_confirmation_task.delay(registration_id=registration.pk).get() is False
    assert tasks.send_confirmation_task.delay(registration_id=999_999).get() is False
    assert mail.outbox == []


def test_promotion_task_runs_twice_acts_once(event):
    promoted = RegistrationFactory(event=event, promoted_at=timezone.now())
    assert tasks.send_promotion_task.delay(registration_id=promoted.pk).get() is True
    assert tasks.send_promotion_task.delay(registration_id=promoted.pk).get() is False
    assert len(mail.outbox) == 1


def test_promotion_task_for_someone_never_waitlisted_does_nothing(registration):
    assert tasks.send_promotion_task.delay(registration_id=registration.pk).get() is False


def test_manage_link_task_runs_twice_acts_once(registration):
    assert tasks.send_manage_link_task.delay(registration_id=registration.pk).get() is True
    assert tasks.send_manage_link_task.delay(registration_id=registration.pk).get() is False
    assert len(mail.outbox) == 1


def test_beat_schedule_row_exists(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="events.send_due_reminders")
    assert task.enabled
    assert (task.interval.every, task.interval.period) == (10, "minutes")
