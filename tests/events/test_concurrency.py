"""Simultaneous registrations on PostgreSQL: the event's row lock serialises them, so seats are never overbooked
and waitlist positions never collide. SQLite has no row locks (it locks the whole database), so this is
PostgreSQL only."""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from events import services
from events.enums import ActorKind, RegistrationStatus
from events.models import Registration

from .factories import EventFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and concurrency need PostgreSQL"),
]

PEOPLE = 100
SEATS = 20
# PostgreSQL's default max_connections is 100, and the test session holds some: at most this many registrations
# hold a connection at the same time. All 100 threads start together; 40 transactions at once still queue on
# the same row lock, which is what the test is about.
MAX_OPEN_CONNECTIONS = 40


@pytest.mark.django_db(transaction=True)
def test_simultaneous_registrations_never_overbook_and_number_the_waitlist_without_gaps():
    event = EventFactory(capacity=SEATS)
    start = threading.Barrier(PEOPLE)
    connection_slots = threading.BoundedSemaphore(MAX_OPEN_CONNECTIONS)
    errors: list[BaseException] = []

    def register(n: int) -> None:
        start.wait()
        with connection_slots:
            try:
                services.registration_create(
                    event=event,
                    full_name=f"Personne {n}",
                    email=f"personne{n}@example.org",
                    actor_kind=ActorKind.RESIDENT,
                    consent=True,
                )
            except BaseException as error:  # noqa: BLE001 - any error fails the test below
                errors.append(error)
            finally:
                connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=register, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    rows = list(Registration.objects.filter(event=event).values_list("email", "status", "waitlist_position"))
    assert len(rows) == PEOPLE
    assert len({email for email, _status, _position in rows}) == PEOPLE
    assert Counter(status for _email, status, _position in rows) == {
        RegistrationStatus.CONFIRMED: SEATS,
        RegistrationStatus.WAITLISTED: PEOPLE - SEATS,
    }
    assert sorted(p for _e, status, p in rows if status == RegistrationStatus.WAITLISTED) == list(
        range(1, PEOPLE - SEATS + 1)
    )
    assert all(p is None for _e, status, p in rows if status == RegistrationStatus.CONFIRMED)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_cancellations_promote_each_waiting_person_once():
    event = EventFactory(capacity=5)
    registrations = [
        services.registration_create(
            event=event, full_name=f"P{n}", email=f"p{n}@example.org", actor_kind=ActorKind.SOCIAL, consent=True
        )
        for n in range(10)
    ]
    seated = registrations[:5]
    start = threading.Barrier(len(seated) * 2)
    errors: list[BaseException] = []

    def cancel(registration) -> None:
        start.wait()
        try:
            services.registration_cancel(registration=registration)
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    # Each seated person cancels twice at the same time: five seats free up, five people move up, once each.
    threads = [threading.Thread(target=cancel, args=(r,)) for r in seated for _twice in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    statuses = dict(Registration.objects.filter(event=event).values_list("email", "status"))
    assert Counter(statuses.values()) == {RegistrationStatus.CANCELLED: 5, RegistrationStatus.CONFIRMED: 5}
    assert Registration.objects.filter(event=event, promoted_at__isnull=False).count() == 5
