"""Two managers acting on the same cohort at the same instant: the cohort row lock keeps its seats.

Each thread has its own database connection (Django's connections are per thread) and its own transaction.
A pause is slipped in right after the seats are counted, so without the lock both would count the same free
seat: the test would then fail instead of passing by luck."""

import threading
import time

import pytest
from django.db import connection, connections

from applications.enums import Status
from cohorts import selectors, services
from cohorts.enums import MembershipStatus, Outcome
from cohorts.models import Membership

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (set DATABASE_URL)"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _slow_seat_count(monkeypatch):
    real = selectors.cohort_seats_taken

    def counted_then_paused(*, cohort):
        taken = real(cohort=cohort)
        time.sleep(0.3)
        return taken

    monkeypatch.setattr("cohorts.services.memberships.cohort_seats_taken", counted_then_paused)
    monkeypatch.setattr("cohorts.services.decisions.cohort_seats_taken", counted_then_paused)


def _at_the_same_time(*actions):
    barrier = threading.Barrier(len(actions))
    results, errors = [None] * len(actions), []

    def run(index, action):
        try:
            barrier.wait()
            results[index] = action()
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


def test_two_managers_promoting_into_one_free_seat_fill_it_once(released_cohort, make_user, manager):
    cohort, members, waitlisted = released_cohort
    services.membership_transition(membership=members[0], to=MembershipStatus.LEFT, reason="Désistement.")
    other_manager = make_user(staff=True)

    results, errors = _at_the_same_time(
        lambda: services.waitlist_promote_next(cohort=cohort, by=manager),
        lambda: services.waitlist_promote_next(cohort=cohort, by=other_manager),
    )

    assert errors == []
    assert sorted(m is None for m in results) == [False, True]  # one promoted, the other found no seat
    assert selectors.cohort_seats_taken(cohort=cohort) == cohort.seats == 2
    assert [m.application for m in Membership.objects.filter(status=MembershipStatus.ACTIVE).order_by("pk")] == [
        members[1].application,
        waitlisted[0],
    ]


def test_two_managers_declining_two_members_promote_two_different_projects(released_cohort, make_user, manager):
    cohort, members, waitlisted = released_cohort
    other_manager = make_user(staff=True)

    results, errors = _at_the_same_time(
        lambda: services.membership_decline_and_promote(membership=members[0], by=manager, reason="Désistement."),
        lambda: services.membership_decline_and_promote(membership=members[1], by=other_manager, reason="Départ."),
    )

    assert errors == []
    assert sorted(m.application.pk for m in results) == sorted(a.pk for a in waitlisted[:2])
    assert selectors.cohort_seats_taken(cohort=cohort) == 2
    waitlisted[2].refresh_from_db()
    assert waitlisted[2].status == Status.WAITLISTED


def test_a_release_and_a_promotion_at_the_same_time_keep_the_seats(
    released_cohort, make_application, prepare, make_user, manager, call
):
    cohort, members, _ = released_cohort
    services.membership_transition(membership=members[0], to=MembershipStatus.LEFT, reason="Désistement.")
    prepare(make_application(status=Status.SHORTLISTED, project_name="Retenue en retard"), Outcome.ACCEPTED)
    other_manager = make_user(staff=True)

    results, errors = _at_the_same_time(
        lambda: services.waitlist_promote_next(cohort=cohort, by=manager),
        lambda: services.decisions_release(call=call, by=other_manager),
    )

    # Whichever came second found the last seat taken: a promotion finds none, a release is refused whole.
    promoted, released = results
    if promoted is None:
        assert errors == [] and len(released) == 1
    else:
        assert released is None and [type(e) for e in errors] == [services.DecisionsNotReady]
    assert selectors.cohort_seats_taken(cohort=cohort) == cohort.seats == 2
