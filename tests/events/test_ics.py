from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from django.core import mail

from events import services
from events.enums import ActorKind
from events.ics import event_calendar

from .factories import EventFactory, RegistrationFactory

PARIS = ZoneInfo("Europe/Paris")


def test_ics_parses_and_carries_the_event_times_in_utc(db):
    # The co-construction afternoon: 7 March 2023, 12:00–17:30 in Roubaix (UTC+1 in winter).
    event = EventFactory(
        title="Un après-midi pour co-construire le nouvel outil d'innovation sociale roubaisien",
        starts_at=datetime(2023, 3, 7, 12, 0, tzinfo=PARIS),
        ends_at=datetime(2023, 3, 7, 17, 30, tzinfo=PARIS),
        venue="Avant-Poste",
        address="Roubaix",
    )
    registration = RegistrationFactory(event=event)

    calendar = icalendar.Calendar.from_ical(event_calendar(event=event, registration=registration))
    [entry] = calendar.walk("VEVENT")

    assert entry.decoded("dtstart") == datetime(2023, 3, 7, 11, 0, tzinfo=UTC)
    assert entry.decoded("dtend") == datetime(2023, 3, 7, 16, 30, tzinfo=UTC)
    assert entry.decoded("dtstart") == event.starts_at
    assert b"DTSTART:20230307T110000Z" in calendar.to_ical()
    assert str(entry["summary"]) == event.title
    assert str(entry["location"]) == "Avant-Poste, Roubaix"
    assert registration.get_absolute_url() in str(entry["description"])
    assert str(entry["uid"]) == f"evenement-{event.pk}@innovation-sociale.roubaix.test"
    assert entry.decoded("sequence") == 0


def test_ics_in_summer_uses_the_summer_offset(db):
    event = EventFactory(
        starts_at=datetime(2026, 7, 2, 9, 0, tzinfo=PARIS), ends_at=datetime(2026, 7, 2, 11, 0, tzinfo=PARIS)
    )
    [entry] = icalendar.Calendar.from_ical(event_calendar(event=event)).walk("VEVENT")
    assert entry.decoded("dtstart") == datetime(2026, 7, 2, 7, 0, tzinfo=UTC)


def test_confirmation_email_attaches_a_parseable_ics(event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(
            event=event, full_name="Léna G.", email="lena@example.org", actor_kind=ActorKind.SOCIAL, consent=True
        )
    name, content, mimetype = mail.outbox[0].attachments[0]
    assert (name, mimetype) == (f"{event.slug}.ics", "text/calendar")
    [entry] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert entry.decoded("dtstart") == event.starts_at.replace(microsecond=0)
    assert entry.decoded("dtend") == event.ends_at.replace(microsecond=0)


def test_ics_sequence_goes_up_when_the_date_moves(event):
    services.event_update(
        event=event, fields={"starts_at": event.starts_at + timedelta(days=7), "ends_at": event.ends_at + timedelta(days=7)}
    )
    event.refresh_from_db()
    assert event.schedule_sequence == 1
    [entry] = icalendar.Calendar.from_ical(event_calendar(event=event)).walk("VEVENT")
    assert entry.decoded("sequence") == 1


def test_confirmation_email_attaches_the_qr_code_as_png_for_every_mail_client(event, django_capture_on_commit_callbacks):
    import io
    import struct

    import segno

    from events.emails import checkin_url

    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_create(
            event=event, full_name="Léna G.", email="lena@example.org", actor_kind=ActorKind.SOCIAL, consent=True
        )
    attachments = {name: (content, mimetype) for name, content, mimetype in mail.outbox[0].attachments}
    png, mimetype = attachments["qr-code-accueil.png"]
    assert mimetype == "image/png"
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    qr = segno.make(checkin_url(registration), error="m")
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == qr.symbol_size(scale=8, border=4)
    # The very code of the person's check-in page.
    expected = io.BytesIO()
    qr.save(expected, kind="png", scale=8, border=4)
    assert png == expected.getvalue()
    assert attachments["qr-code-accueil.svg"][1] == "image/svg+xml"
