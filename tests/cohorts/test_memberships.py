import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from applications.enums import Status
from cohorts import selectors, services
from cohorts.enums import MembershipStatus, Outcome
from cohorts.models import Decision, Membership

pytestmark = pytest.mark.django_db


def test_released_cohort_fixture_is_full_with_a_ranked_waitlist(released_cohort):
    cohort, members, waitlisted = released_cohort

    assert selectors.cohort_seats_taken(cohort=cohort) == cohort.seats == 2
    assert [d.application for d in selectors.waitlist_for_call(call_id=cohort.call_id)] == waitlisted


def test_decline_frees_the_seat_for_the_first_waitlisted_project(
    released_cohort, manager, django_capture_on_commit_callbacks
):
    cohort, members, waitlisted = released_cohort
    mail.outbox.clear()
    leaving = members[0]

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.membership_decline_and_promote(
            membership=leaving, by=manager, reason="Le porteur a trouvé un emploi à Lyon."
        )

    leaving.refresh_from_db()
    assert (leaving.status, leaving.reason) == (MembershipStatus.LEFT, "Le porteur a trouvé un emploi à Lyon.")
    assert leaving.left_at is not None
    assert promoted.application == waitlisted[0]
    assert promoted.status == MembershipStatus.ACTIVE
    waitlisted[0].refresh_from_db()
    assert waitlisted[0].status == Status.ACCEPTED
    decision = Decision.objects.get(application=waitlisted[0])
    assert (decision.outcome, decision.waitlist_rank) == (Outcome.ACCEPTED, None)
    assert decision.promoted_at is not None and decision.email_sent_at is not None
    assert selectors.cohort_seats_taken(cohort=cohort) == 2
    assert [m.to for m in mail.outbox] == [[waitlisted[0].applicant.email]]
    assert mail.outbox[0].subject.startswith("Une place s'est libérée")
    assert [d.application for d in selectors.waitlist_for_call(call_id=cohort.call_id)] == waitlisted[1:]


def test_decline_twice_promotes_once(released_cohort, manager, django_capture_on_commit_callbacks):
    cohort, members, waitlisted = released_cohort
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_decline_and_promote(membership=members[0], by=manager, reason="Désistement.")

    with pytest.raises(ValidationError):
        services.membership_decline_and_promote(membership=members[0], by=manager, reason="Désistement.")

    assert selectors.cohort_seats_taken(cohort=cohort) == 2
    assert Membership.objects.filter(application__in=waitlisted).count() == 1


def test_decline_needs_a_reason(released_cohort, manager):
    _, members, _ = released_cohort

    with pytest.raises(ValidationError):
        services.membership_decline_and_promote(membership=members[0], by=manager, reason=" ")
    members[0].refresh_from_db()
    assert members[0].status == MembershipStatus.ACTIVE


def test_promote_does_nothing_on_a_full_cohort(released_cohort, manager):
    cohort, _, waitlisted = released_cohort

    assert services.waitlist_promote_next(cohort=cohort, by=manager) is None
    waitlisted[0].refresh_from_db()
    assert waitlisted[0].status == Status.WAITLISTED


def test_decline_with_an_empty_waitlist_leaves_the_seat_free(
    make_application, make_cohort, prepare, manager, call, django_capture_on_commit_callbacks
):
    cohort = make_cohort(seats=1)
    prepare(make_application(status=Status.SHORTLISTED), Outcome.ACCEPTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.decisions_release(call=call, by=manager)

    promoted = services.membership_decline_and_promote(
        membership=cohort.memberships.get(), by=manager, reason="Désistement."
    )

    assert promoted is None
    assert selectors.cohort_seats_taken(cohort=cohort) == 0


def test_a_completed_member_keeps_their_seat(released_cohort, manager):
    cohort, members, _ = released_cohort

    services.membership_transition(membership=members[0], to=MembershipStatus.COMPLETED)

    assert selectors.cohort_seats_taken(cohort=cohort) == 2
    with pytest.raises(services.InvalidMembershipTransition):
        services.membership_transition(membership=members[0], to=MembershipStatus.LEFT, reason="Trop tard.")
