"""Cohort members: leaving, completing, and the waitlist filling a freed seat."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import Status
from applications.services import application_transition

from ..enums import MembershipStatus, Outcome
from ..models import Cohort, Decision, Membership
from ..selectors import cohort_seats_taken, waitlist_for_call
from .decisions import _queue_decision_email

MEMBERSHIP_TRANSITIONS: dict[str, set[str]] = {
    MembershipStatus.ACTIVE: {MembershipStatus.LEFT, MembershipStatus.COMPLETED},
    MembershipStatus.LEFT: set(),
    MembershipStatus.COMPLETED: set(),
}


class InvalidMembershipTransition(ValidationError):
    def __init__(self, before: str, after: str):
        self.before, self.after = before, after
        super().__init__(
            _("Un projet « %(before)s » ne peut pas passer au statut « %(after)s ».")
            % {"before": MembershipStatus(before).label, "after": MembershipStatus(after).label}
        )


def cohort_seats_problem(*, cohort: Cohort, seats: int | None) -> str | None:
    """Why a cohort cannot have this many seats (None when it can): never fewer than the projects holding one."""
    if cohort.pk is None or seats is None:
        return None
    taken = cohort_seats_taken(cohort=cohort)
    if seats >= taken:
        return None
    return _(
        "La promotion compte déjà %(taken)d projet(s) en cours ou ayant terminé le parcours : elle ne peut pas "
        "avoir moins de %(taken)d place(s). Pour libérer une place, enregistrez d'abord le désistement d'un projet."
    ) % {"taken": taken}


@transaction.atomic
def cohort_save(*, cohort: Cohort) -> Cohort:
    """Saves a cohort edited by the staff. The seats are checked under the cohort's row lock, as the release and
    the promotions take it: a release cannot fill the seats being removed at the same moment."""
    if cohort.pk is not None:
        Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
        problem = cohort_seats_problem(cohort=cohort, seats=cohort.seats)
        if problem:
            raise ValidationError({"seats": problem})
    cohort.save()
    return cohort


@transaction.atomic
def membership_transition(*, membership: Membership, to: str, reason: str = "") -> Membership:
    """The one way to change a member's status. Leaving needs a reason and frees the seat."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if to not in MEMBERSHIP_TRANSITIONS[membership.status]:
        raise InvalidMembershipTransition(membership.status, to)
    update_fields = ["status"]
    if to == MembershipStatus.LEFT:
        if not reason.strip():
            raise ValidationError({"reason": _("Indiquez pourquoi le projet quitte la promotion.")})
        membership.left_at = timezone.now()
        membership.reason = reason.strip()
        update_fields += ["left_at", "reason"]
    membership.status = to
    membership.save(update_fields=update_fields)
    return membership


def _promote(*, cohort: Cohort, decision: Decision, by) -> Membership:
    application = application_transition(
        application=decision.application,
        to=Status.ACCEPTED,
        by=by,
        reason=_("Une place s'est libérée : appelée depuis la liste d'attente"),
    )
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    decision.outcome = Outcome.ACCEPTED
    decision.waitlist_rank = None
    decision.promoted_at = timezone.now()
    # The applicant gets the news of the promotion as a new decision e-mail.
    decision.email_sent_at = None
    decision.save(update_fields=["outcome", "waitlist_rank", "promoted_at", "email_sent_at"])
    membership = Membership.objects.create(cohort=cohort, application=application)
    _queue_decision_email(decision.pk)
    return membership


@transaction.atomic
def waitlist_promote_next(*, cohort: Cohort, by) -> Membership | None:
    """Gives a free seat of the cohort to the first project of its call's waitlist (by rank), if there is a
    seat and a project. The cohort row is locked first, so two managers doing it at once fill the seat once."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort_seats_taken(cohort=cohort) >= cohort.seats:
        return None
    decision = waitlist_for_call(call_id=cohort.call_id).first()
    if decision is None:
        return None
    return _promote(cohort=cohort, decision=decision, by=by)


@transaction.atomic
def membership_decline_and_promote(*, membership: Membership, by, reason: str) -> Membership | None:
    """An accepted project gives up its seat: it leaves the cohort and the first waitlisted project takes the
    seat, in one transaction under the cohort's row lock. Returns the new membership, if any."""
    cohort = Cohort.objects.select_for_update().get(pk=membership.cohort_id)
    membership_transition(membership=membership, to=MembershipStatus.LEFT, reason=reason)
    return waitlist_promote_next(cohort=cohort, by=by)
