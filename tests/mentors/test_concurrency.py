"""Two people acting at the same instant: row locks keep the mentors' seats and make a double click one session.

Each thread has its own database connection and transaction. A pause is slipped in right after the seats are
read, so without the locks both would see the same free seat: the tests would then fail instead of passing by
luck."""

import threading
import time
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from mentors import services
from mentors.enums import OPEN_MATCH_STATUSES
from mentors.matching import best_assignment
from mentors.models import Match, MentoringSession

from .factories import CohortFactory, MatchFactory, MembershipFactory, MentorFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (set DATABASE_URL)"),
    pytest.mark.django_db(transaction=True),
]


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


def test_two_cohorts_matched_at_once_never_share_a_mentors_last_seat(monkeypatch):
    def slow_assignment(*args, **kwargs):
        result = best_assignment(*args, **kwargs)
        time.sleep(0.3)  # the seats have been read: the other run must wait for this one
        return result

    monkeypatch.setattr("mentors.services.matches.best_assignment", slow_assignment)
    manager = UserFactory(staff=True)
    first, second = CohortFactory(), CohortFactory()
    MembershipFactory(cohort=first)
    MembershipFactory(cohort=second)
    mentor = MentorFactory(capacity_projects=1)

    _results, errors = _at_the_same_time(
        lambda: services.matching_run(cohort=first, by=manager),
        lambda: services.matching_run(cohort=second, by=manager),
    )

    assert errors == []
    assert Match.objects.filter(mentor=mentor, status__in=OPEN_MATCH_STATUSES).count() == 1


def test_two_pairs_by_hand_for_the_last_seat_make_one(monkeypatch):
    from mentors.services import matches

    real = matches.match_check_pair_by_hand

    def slow_check(**kwargs):
        result = real(**kwargs)
        time.sleep(0.3)
        return result

    monkeypatch.setattr(matches, "match_check_pair_by_hand", slow_check)
    manager = UserFactory(staff=True)
    cohort = CohortFactory()
    projects = [MembershipFactory(cohort=cohort) for _ in range(2)]
    mentor = MentorFactory(capacity_projects=1)

    _results, errors = _at_the_same_time(
        *(lambda p=p: services.match_create_by_hand(mentor=mentor, membership=p, by=manager) for p in projects)
    )

    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert Match.objects.filter(mentor=mentor).count() == 1


def test_a_double_click_on_a_slow_page_logs_one_session():
    match = MatchFactory()
    key = uuid.uuid4()
    fields = {"idempotency_key": key, "date": timezone.localdate(), "duration_minutes": 60}

    results, errors = _at_the_same_time(
        lambda: services.session_log(match=match, by=match.mentor.user, **fields),
        lambda: services.session_log(match=match, by=match.mentor.user, **fields),
    )

    assert errors == []
    assert sorted(created for _session, created in results) == [False, True]
    assert MentoringSession.objects.filter(idempotency_key=key).count() == 1


def test_a_conflict_declared_while_a_proposal_is_confirmed_never_leaves_an_active_conflicted_pair(monkeypatch):
    """Confirming and declaring a conflict on the same pair at once: both lock the mentor's row first, so the
    confirmation waits for the declaration (no deadlock) and then sees the conflict."""
    from mentors.services import profiles

    real = profiles._set_aside_proposals

    def slow_set_aside(**kwargs):
        result = real(**kwargs)
        time.sleep(0.3)  # the mentor's row is held: the confirmation must wait
        return result

    monkeypatch.setattr(profiles, "_set_aside_proposals", slow_set_aside)
    manager = UserFactory(staff=True)
    proposal = MatchFactory(proposed=True)

    _results, errors = _at_the_same_time(
        lambda: services.conflict_declare(
            mentor=proposal.mentor, membership=proposal.membership, reason="Associée du porteur.", by=manager
        ),
        lambda: (time.sleep(0.1), services.match_confirm(match=proposal, by=manager)),
    )

    proposal.refresh_from_db()
    assert proposal.status == "rejected"
    assert [error.messages for error in errors] == [
        ["Ce binôme ne peut pas être confirmé : conflit d'intérêts déclaré."]
    ]
