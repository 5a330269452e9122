from datetime import timedelta

import icalendar
import pytest
from django.core import mail

from events import services
from events.enums import ActorKind, RegistrationStatus
from events.tasks import send_date_change_notices_task, send_due_reminders_task

from .factories import EventFactory, RegistrationFactory


def reminder_count(outbox):
    return sum(message.subject.startswith("Rappel") for message in outbox)


def test_reminder_is_sent_two_days_before_once(event, registration):
    starts_at = event.starts_at
    assert services.reminders_send_due(now=starts_at - timedelta(days=2, minutes=1))["reminders"] == 0
    assert mail.outbox == []

    assert services.reminders_send_due(now=starts_at - timedelta(days=2))["reminders"] == 1
    assert services.reminders_send_due(now=starts_at - timedelta(days=1))["reminders"] == 0
    assert [m.to for m in mail.outbox] == [[registration.email]]
    assert mail.outbox[0].subject.startswith(f"Rappel : {event.title}")
    registration.refresh_from_db()
    assert registration.reminder_sent_for == starts_at


def test_reminder_follows_a_date_change(event, registration):
    old_start = event.starts_at
    services.reminders_send_due(now=old_start - timedelta(days=1))
    assert reminder_count(mail.outbox) == 1

    services.event_update(
        event=event, fields={"starts_at": old_start + timedelta(days=7), "ends_at": event.ends_at + timedelta(days=7)}
    )
    event.refresh_from_db()
    # At the old date nothing more goes out: the new date is still a week away.
    assert services.reminders_send_due(now=old_start - timedelta(hours=1))["reminders"] == 0
    # Two days before the new date, a reminder for the new date, once.
    assert services.reminders_send_due(now=event.starts_at - timedelta(days=1, hours=12))["reminders"] == 1
    assert services.reminders_send_due(now=event.starts_at - timedelta(days=1))["reminders"] == 0
    assert reminder_count(mail.outbox) == 2
    registration.refresh_from_db()
    assert registration.reminder_sent_for == event.starts_at


def test_reminder_skips_waitlist_cancelled_and_unpublished(event):
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    hidden = EventFactory(published=False, starts_at=event.starts_at, ends_at=event.ends_at)
    RegistrationFactory(event=hidden)
    assert services.reminders_send_due(now=event.starts_at - timedelta(days=1))["reminders"] == 0


def test_registering_less_than_two_days_before_needs_no_separate_reminder(db, now):
    event = EventFactory(starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=1, hours=2))
    services.registration_create(
        event=event, full_name="Tarik G.", email="tarik@example.org", actor_kind=ActorKind.ECONOMIC, consent=True
    )
    mail.outbox.clear()
    assert services.reminders_send_due(now=now)["reminders"] == 0


def test_reminder_task_runs_twice_acts_once(db, now):
    event = EventFactory(starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=1, hours=2))
    RegistrationFactory(event=event)
    nothing_else = {"thank_yous": 0, "confirmations": 0, "promotions": 0, "date_changes": 0}
    assert send_due_reminders_task.delay().get() == {"reminders": 1, **nothing_else}
    assert send_due_reminders_task.delay().get() == {"reminders": 0, **nothing_else}
    assert reminder_count(mail.outbox) == 1


def test_a_failed_send_is_retried_by_the_next_run(event, registration, monkeypatch):
    from events.services import notifications

    def broken(**kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(notifications, "send_registration_email", broken)
    assert services.reminders_send_due(now=event.starts_at - timedelta(days=1))["reminders"] == 0
    registration.refresh_from_db()
    assert registration.reminder_sent_for is None
    monkeypatch.undo()
    assert services.reminders_send_due(now=event.starts_at - timedelta(days=1))["reminders"] == 1


def test_thank_you_after_the_event_to_people_checked_in_once(event):
    present = RegistrationFactory(event=event)
    RegistrationFactory(event=event)  # registered, did not come
    services.registration_check_in(registration=present, now=event.starts_at)
    assert services.reminders_send_due(now=event.ends_at - timedelta(minutes=1))["thank_yous"] == 0
    assert services.reminders_send_due(now=event.ends_at)["thank_yous"] == 1
    assert services.reminders_send_due(now=event.ends_at + timedelta(hours=1))["thank_yous"] == 0
    [message] = [m for m in mail.outbox if m.subject.startswith("Merci")]
    assert message.to == [present.email]
    assert f"{present.get_absolute_url()}#contributions" in message.body


def test_thank_you_goes_to_all_confirmed_when_nobody_was_checked_in(event):
    RegistrationFactory(event=event)
    RegistrationFactory(event=event)
    assert services.reminders_send_due(now=event.ends_at + timedelta(hours=2))["thank_yous"] == 2


def test_no_thank_you_once_contributions_are_closed(event, registration):
    assert services.reminders_send_due(now=event.ends_at + timedelta(days=7))["thank_yous"] == 0


def test_date_change_tells_everyone_registered_once_with_new_calendar(event, django_capture_on_commit_callbacks):
    confirmed = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    new_start = event.starts_at + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(event=event, fields={"starts_at": new_start, "ends_at": new_start + timedelta(hours=2)})
    assert sorted(m.to[0] for m in mail.outbox) == sorted([confirmed.email, waiting.email])
    assert all(m.subject == f"Changement de date : {event.title}" for m in mail.outbox)
    [with_calendar] = [m for m in mail.outbox if m.attachments]
    assert with_calendar.to == [confirmed.email]
    [entry] = icalendar.Calendar.from_ical(with_calendar.attachments[0][1]).walk("VEVENT")
    assert entry.decoded("dtstart") == new_start.replace(microsecond=0)
    assert entry.decoded("sequence") == 1

    assert send_date_change_notices_task.delay(event_id=event.pk).get() == 0
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("field", ["title", "capacity"])
def test_other_changes_tell_nobody(event, registration, field, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(event=event, fields={field: "Nouveau titre" if field == "title" else 30})
    assert mail.outbox == []


# The sweep: e-mails whose task never ran (broker down at commit time) or failed through all its retries.


def test_registration_saved_while_the_broker_is_down_gives_no_error(event, monkeypatch, django_capture_on_commit_callbacks):
    from events import tasks

    def broker_down(**kwargs):
        raise OSError("Redis est injoignable")

    monkeypatch.setattr(tasks.send_confirmation_task, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_create(
            event=event, full_name="Awa D.", email="awa@example.org", actor_kind=ActorKind.RESIDENT, consent=True
        )
    registration.refresh_from_db()
    assert registration.is_confirmed
    assert registration.confirmation_sent_at is None
    assert mail.outbox == []


def test_unsent_confirmation_is_sent_by_the_beat_job_once(event, now):
    lost = RegistrationFactory(event=event, confirmation_sent_at=None)
    RegistrationFactory(event=event)  # confirmed and told long ago
    # Just registered: its own task may still be on the way.
    assert services.reminders_send_due(now=now + timedelta(minutes=1))["confirmations"] == 0
    assert services.reminders_send_due(now=now + timedelta(minutes=6))["confirmations"] == 1
    assert services.reminders_send_due(now=now + timedelta(minutes=7))["confirmations"] == 0
    [message] = mail.outbox
    assert message.to == [lost.email]
    assert message.subject == f"Inscription confirmée : {event.title}"
    assert lost.get_absolute_url() in message.body


def test_unsent_confirmation_fails_then_is_sent_by_the_next_run(event, now, monkeypatch):
    from events.services import notifications

    lost = RegistrationFactory(event=event, confirmation_sent_at=None)

    def smtp_down(**kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(notifications, "send_registration_email", smtp_down)
    assert services.reminders_send_due(now=now + timedelta(minutes=10))["confirmations"] == 0
    lost.refresh_from_db()
    assert lost.confirmation_sent_at is None
    monkeypatch.undo()
    assert services.reminders_send_due(now=now + timedelta(minutes=20))["confirmations"] == 1
    assert services.reminders_send_due(now=now + timedelta(minutes=30))["confirmations"] == 0
    assert [m.to for m in mail.outbox] == [[lost.email]]


def test_no_late_confirmation_for_cancelled_registrations_or_events_over(event, now):
    RegistrationFactory(event=event, confirmation_sent_at=None, status=RegistrationStatus.CANCELLED)
    past = EventFactory(starts_at=now - timedelta(days=10), ends_at=now - timedelta(days=10) + timedelta(hours=2))
    RegistrationFactory(event=past, confirmation_sent_at=None)
    assert services.reminders_send_due(now=now + timedelta(minutes=10))["confirmations"] == 0
    assert mail.outbox == []


def test_unsent_promotion_is_sent_by_the_beat_job_once(event, now):
    promoted = RegistrationFactory(event=event, promoted_at=now)
    assert services.reminders_send_due(now=now + timedelta(minutes=10))["promotions"] == 1
    assert services.reminders_send_due(now=now + timedelta(minutes=20))["promotions"] == 0
    assert [m.to for m in mail.outbox] == [[promoted.email]]


def test_date_change_notice_that_failed_is_sent_by_the_beat_job(event, now, monkeypatch, django_capture_on_commit_callbacks):
    from events.services import notifications

    registration = RegistrationFactory(event=event)

    def smtp_down(**kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(notifications, "send_registration_email", smtp_down)
    old_start = event.starts_at
    new_start = old_start + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(
            event=event, fields={"starts_at": new_start, "ends_at": new_start + timedelta(hours=2)}, now=now
        )
    registration.refresh_from_db()
    assert registration.schedule_known_for == old_start
    monkeypatch.undo()

    assert services.reminders_send_due(now=now + timedelta(minutes=10))["date_changes"] == 1
    assert services.reminders_send_due(now=now + timedelta(minutes=20))["date_changes"] == 0
    [message] = mail.outbox
    assert message.subject == f"Changement de date : {event.title}"
    registration.refresh_from_db()
    assert registration.schedule_known_for == new_start
