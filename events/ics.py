"""The calendar entry (.ics) attached to confirmations: times in UTC, so every calendar shows the right hour."""

from datetime import UTC
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

from roubaix_incubator.core.emails import absolute_url

from .models import Event, Registration

ICS_CONTENT_TYPE = "text/calendar"


def event_uid(event: Event) -> str:
    # Stable across date changes: calendars replace the entry (higher SEQUENCE) instead of adding a second one.
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"evenement-{event.pk}@{host}"


def event_calendar(*, event: Event, registration: Registration | None = None) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Ville de Roubaix//Roubaix Innovation Sociale//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")

    entry = icalendar.Event()
    entry.add("uid", event_uid(event))
    entry.add("dtstamp", timezone.now().astimezone(UTC))
    entry.add("dtstart", event.starts_at.astimezone(UTC))
    entry.add("dtend", event.ends_at.astimezone(UTC))
    entry.add("sequence", event.schedule_sequence)
    entry.add("summary", event.title)
    entry.add("location", ", ".join(part for part in (event.venue, event.address) if part))
    description = [event.summary] if event.summary else []
    if registration is not None:
        description.append(absolute_url(registration.get_absolute_url()))
    entry.add("description", "\n\n".join(description))
    entry.add("url", absolute_url(event.get_absolute_url()))
    calendar.add_component(entry)
    return calendar.to_ical()


def calendar_filename(event: Event) -> str:
    return f"{event.slug}.ics"
