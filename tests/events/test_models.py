import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.enums import RegistrationStatus

from .factories import EventFactory, RegistrationFactory


@pytest.mark.parametrize("slug", ["accueil", "inscription"])
def test_event_slug_cannot_take_a_fixed_url(db, slug):
    event = EventFactory.build(slug=slug)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "slug" in error.value.message_dict


def test_database_refuses_two_active_registrations_with_the_same_email(event):
    RegistrationFactory(event=event, email="nadia@example.org")
    RegistrationFactory(event=event, email="nadia@example.org", status=RegistrationStatus.CANCELLED)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, email="NADIA@example.org")


def test_database_refuses_a_waitlist_position_twice_or_on_a_confirmed_seat(event):
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED, waitlist_position=2)
