from django.db import transaction
from django.utils import timezone

from .. import selectors
from ..models import Event
from .errors import capacity_below_confirmed
from .registrations import _fill_from_waitlist, _queue


@transaction.atomic
def event_save(*, event: Event, now=None) -> Event:
    """Saves an event edited by staff (the instance carries the new values) and follows up on what changed:
    new dates are announced to the participants (their reminder follows the new date), more seats go to the
    people waiting. Fewer seats than people confirmed is refused (ValidationError on "capacity"): nobody loses a
    seat they were promised without being told."""
    now = now or timezone.now()
    if event.pk is None:
        event.save()
        return event
    before = Event.objects.select_for_update().get(pk=event.pk)
    if event.capacity < before.capacity:
        # Checked again under the lock: the form checked before someone else may have registered.
        confirmed = selectors.event_confirmed_count(event=event)
        if event.capacity < confirmed:
            raise capacity_below_confirmed(confirmed)
    dates_moved = (before.starts_at, before.ends_at) != (event.starts_at, event.ends_at)
    if dates_moved:
        event.date_changed_at = now
        event.schedule_sequence = before.schedule_sequence + 1
    else:
        event.date_changed_at, event.schedule_sequence = before.date_changed_at, before.schedule_sequence
    event.save()
    if event.capacity > before.capacity:
        _fill_from_waitlist(event, now)
    if dates_moved and event.published:
        _queue("send_date_change_notices_task", event_id=event.pk)
    return event


def event_update(*, event: Event, fields: dict, now=None) -> Event:
    event = Event.objects.get(pk=event.pk)
    for name, value in fields.items():
        setattr(event, name, value)
    return event_save(event=event, now=now)


@transaction.atomic
def event_set_synthesis_published(*, event: Event, published: bool = True) -> Event:
    Event.objects.filter(pk=event.pk).update(synthesis_published=published, updated_at=timezone.now())
    event.synthesis_published = published
    return event
