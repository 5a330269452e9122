from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from events import services
from events.enums import ActorKind, RegistrationStatus
from events.models import Registration

from .factories import EventFactory, RegistrationFactory


def register(event, email, **extra):
    values = {
        "event": event,
        "full_name": extra.pop("full_name", "Aïcha Mansouri"),
        "email": email,
        "actor_kind": ActorKind.RESIDENT,
        "consent": True,
    }
    values.update(extra)
    return services.registration_create(**values)


def statuses(event):
    return list(
        event.registrations.order_by("pk").values_list("email", "status", "waitlist_position")
    )


def test_registration_create_confirms_while_seats_remain_then_waitlists_in_order(db):
    event = EventFactory(capacity=2)
    for n in range(4):
        register(event, f"p{n}@example.org")
    assert statuses(event) == [
        ("p0@example.org", RegistrationStatus.CONFIRMED, None),
        ("p1@example.org", RegistrationStatus.CONFIRMED, None),
        ("p2@example.org", RegistrationStatus.WAITLISTED, 1),
        ("p3@example.org", RegistrationStatus.WAITLISTED, 2),
    ]


def test_registration_create_sends_one_confirmation_with_private_link(event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        registration = register(event, "Aicha.Mansouri@Example.org ")
    assert len(callbacks) == 1
    assert registration.email == "aicha.mansouri@example.org"
    assert registration.consent_given_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["aicha.mansouri@example.org"]
    assert message.subject == f"Inscription confirmée : {event.title}"
    assert f"https://innovation-sociale.roubaix.test/evenements/inscription/{registration.token}/" in message.body
    assert [name for name, _content, _type in message.attachments] == [
        f"{event.slug}.ics",
        "qr-code-accueil.png",
        "qr-code-accueil.svg",
    ]


def test_registration_create_on_waitlist_sends_position_without_calendar(db, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, "attente@example.org")
    assert registration.waitlist_position == 1
    assert mail.outbox[0].subject == f"Liste d'attente : {event.title}"
    assert "n° 1 sur la liste d'attente" in mail.outbox[0].body
    assert mail.outbox[0].attachments == []


def test_registration_create_twice_same_email_is_refused_and_resends_manage_link(
    event, django_capture_on_commit_callbacks
):
    first = register(event, "nadia@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.AlreadyRegistered) as error:
        register(event, "  NADIA@example.org")
    assert error.value.registration_id == first.pk
    assert "lien personnel" in error.value.messages[0]
    assert Registration.objects.filter(event=event).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == f"Votre lien d'inscription : {event.title}"
    assert first.get_absolute_url() in mail.outbox[0].body


def test_manage_link_resend_is_limited_to_once_every_ten_minutes(event, django_capture_on_commit_callbacks):
    register(event, "nadia@example.org")
    mail.outbox.clear()
    for _attempt in range(3):
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.AlreadyRegistered):
            register(event, "nadia@example.org")
    assert len(mail.outbox) == 1


def test_registration_create_after_cancelling_is_allowed_again(event):
    first = register(event, "nadia@example.org")
    services.registration_cancel(registration=first)
    again = register(event, "nadia@example.org")
    assert again.pk != first.pk
    assert again.status == RegistrationStatus.CONFIRMED


def test_registration_create_before_opening_gives_the_dates(event, now):
    event.registration_opens_at = now + timedelta(days=1)
    event.save()
    with pytest.raises(services.RegistrationClosed) as error:
        register(event, "tot@example.org")
    assert "Les inscriptions ouvriront le" in error.value.messages[0]
    assert "(heure de Paris)" in error.value.messages[0]


def test_registration_create_after_closing_gives_the_date(event, now):
    event.registration_opens_at = now - timedelta(days=3)
    event.registration_closes_at = now - timedelta(minutes=1)
    event.save()
    with pytest.raises(services.RegistrationClosed) as error:
        register(event, "tard@example.org")
    assert error.value.messages[0].startswith("Les inscriptions sont closes depuis le ")


def test_registration_create_on_unpublished_event_is_refused(event):
    event.published = False
    event.save()
    with pytest.raises(services.RegistrationClosed):
        register(event, "x@example.org")


def test_registration_create_without_consent_is_refused(event):
    with pytest.raises(ValidationError) as error:
        register(event, "x@example.org", consent=False)
    assert "consent" in error.value.message_dict
    assert not Registration.objects.exists()


def test_registration_create_links_the_account(event, member_user):
    registration = register(event, member_user.email, user=member_user)
    assert registration.user == member_user


def test_registration_cancel_promotes_first_waitlisted_once_and_tells_them(db, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    seated = register(event, "seated@example.org")
    first = register(event, "first@example.org")
    second = register(event, "second@example.org")
    third = register(event, "third@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=seated)
    first.refresh_from_db()
    assert (first.status, first.waitlist_position, first.promoted_at is not None) == (
        RegistrationStatus.CONFIRMED, None, True
    )
    assert statuses(event)[2:] == [
        ("second@example.org", RegistrationStatus.WAITLISTED, 1),
        ("third@example.org", RegistrationStatus.WAITLISTED, 2),
    ]
    assert [m.to for m in mail.outbox] == [["first@example.org"]]
    assert mail.outbox[0].subject.startswith("Une place s'est libérée")
    assert mail.outbox[0].attachments[0][0] == f"{event.slug}.ics"

    # Cancelling the same registration again changes nothing and tells nobody.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.registration_cancel(registration=seated)
    assert callbacks == []
    assert len(mail.outbox) == 1
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, second.waitlist_position) == (RegistrationStatus.WAITLISTED, 1)
    assert (third.status, third.waitlist_position) == (RegistrationStatus.WAITLISTED, 2)


def test_registration_cancel_after_the_start_promotes_nobody(db, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    seated = register(event, "seated@example.org")
    first = register(event, "first@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.registration_cancel(registration=seated, now=event.starts_at + timedelta(minutes=30))

    assert callbacks == []
    assert mail.outbox == []
    first.refresh_from_db()
    assert (first.status, first.waitlist_position, first.promoted_at) == (RegistrationStatus.WAITLISTED, 1, None)


def test_more_seats_after_the_start_promote_nobody(db, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    register(event, "seated@example.org")
    waiting = register(event, "w0@example.org")
    mail.outbox.clear()
    event.capacity = 3
    with django_capture_on_commit_callbacks(execute=True):
        services.event_save(event=event, now=event.starts_at + timedelta(minutes=1))
    waiting.refresh_from_db()
    assert (waiting.status, waiting.waitlist_position) == (RegistrationStatus.WAITLISTED, 1)
    assert mail.outbox == []


def test_registration_cancel_of_waitlisted_closes_the_gap(db):
    event = EventFactory(capacity=1)
    register(event, "seated@example.org")
    waiting = [register(event, f"w{n}@example.org") for n in range(4)]
    services.registration_cancel(registration=waiting[1])
    assert [(e, p) for e, _s, p in statuses(event)[1:]] == [
        ("w0@example.org", 1),
        ("w1@example.org", None),
        ("w2@example.org", 2),
        ("w3@example.org", 3),
    ]


def test_more_seats_promote_people_waiting(db, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    register(event, "seated@example.org")
    for n in range(3):
        register(event, f"w{n}@example.org")
    mail.outbox.clear()
    event.capacity = 3
    with django_capture_on_commit_callbacks(execute=True):
        services.event_save(event=event)
    assert [(e, s, p) for e, s, p in statuses(event)] == [
        ("seated@example.org", RegistrationStatus.CONFIRMED, None),
        ("w0@example.org", RegistrationStatus.CONFIRMED, None),
        ("w1@example.org", RegistrationStatus.CONFIRMED, None),
        ("w2@example.org", RegistrationStatus.WAITLISTED, 1),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["w0@example.org", "w1@example.org"]


def test_registration_check_in_is_idempotent(registration, now):
    first = services.registration_check_in(registration=registration, now=now)
    again = services.registration_check_in(registration=registration, now=now + timedelta(minutes=5))
    assert first.checked_in_at == now
    assert again.checked_in_at == now


def test_registration_check_in_of_cancelled_is_refused(registration):
    services.registration_cancel(registration=registration)
    with pytest.raises(ValidationError):
        services.registration_check_in(registration=registration)


def test_registration_check_in_of_waitlisted_gives_them_the_seat_and_renumbers(db):
    event = EventFactory(capacity=1)
    register(event, "seated@example.org")
    first = register(event, "w0@example.org")
    register(event, "w1@example.org")
    services.registration_check_in(registration=first)
    assert [(e, s, p) for e, s, p in statuses(event)] == [
        ("seated@example.org", RegistrationStatus.CONFIRMED, None),
        ("w0@example.org", RegistrationStatus.CONFIRMED, None),
        ("w1@example.org", RegistrationStatus.WAITLISTED, 1),
    ]


def test_registration_undo_check_in(registration):
    services.registration_check_in(registration=registration)
    assert services.registration_undo_check_in(registration=registration).checked_in_at is None


def test_registration_walk_in_registers_and_checks_in_even_when_full(db, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    register(event, "seated@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        walk_in, created = services.registration_walk_in(
            event=event, full_name="Karim Benali", email="karim@example.org", actor_kind=ActorKind.ECONOMIC
        )
    assert created
    assert (walk_in.status, walk_in.walk_in, walk_in.checked_in_at is not None) == (
        RegistrationStatus.CONFIRMED, True, True
    )
    assert [m.to for m in mail.outbox] == [["karim@example.org"]]


def test_registration_walk_in_without_email_sends_nothing(event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, _created = services.registration_walk_in(event=event, full_name="Sans mail", actor_kind=ActorKind.RESIDENT)
        second, _created = services.registration_walk_in(event=event, full_name="Sans mail 2", actor_kind=ActorKind.RESIDENT)
    assert first.pk != second.pk
    assert mail.outbox == []


def test_registration_walk_in_with_registered_email_checks_them_in(registration):
    walk_in, created = services.registration_walk_in(
        event=registration.event, full_name="X", email=registration.email.upper(), actor_kind=ActorKind.RESIDENT
    )
    assert not created
    assert walk_in.pk == registration.pk
    assert walk_in.checked_in_at is not None


def test_registration_update_changes_details_but_not_a_cancelled_one(registration, epeule):
    services.registration_update(
        registration=registration, fields={"organisation": " Maison du projet ", "neighbourhood": epeule}
    )
    registration.refresh_from_db()
    assert (registration.organisation, registration.neighbourhood) == ("Maison du projet", epeule)
    services.registration_cancel(registration=registration)
    with pytest.raises(ValidationError):
        services.registration_update(registration=registration, fields={"organisation": "Autre"})


def test_registration_update_refuses_status_or_email(registration):
    with pytest.raises(ValueError):
        services.registration_update(registration=registration, fields={"status": RegistrationStatus.CONFIRMED})
