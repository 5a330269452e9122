"""Committee decisions: prepared one by one, released together, announced by e-mail once."""


from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import Status
from applications.models import Application, Call
from applications.services import ALLOWED_TRANSITIONS, application_transition

from ..enums import OUTCOMES_NEEDING_PARTNER, OUTCOMES_NEEDING_REASONS, Outcome
from ..models import Cohort, Decision, Membership
from ..selectors import cohort_seats_taken

# Accepting or waitlisting comes after the shortlist: the committee has seen the file.
SHORTLIST_FIRST_OUTCOMES = {Outcome.ACCEPTED, Outcome.WAITLISTED}


class DecisionsNotReady(ValidationError):
    """Nothing was released: every problem found is listed, so the manager fixes them all in one go."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(problems)


def decision_problems(*, outcome: str, reasons: str, referral_partner: str) -> dict[str, str]:
    """What a decision lacks before the applicant may read it, by field (empty when it is complete)."""
    problems = {}
    if outcome not in Outcome.values:
        problems["outcome"] = _("Choisissez une décision.")
    if outcome in OUTCOMES_NEEDING_REASONS and not reasons.strip():
        problems["reasons"] = _("Expliquez les motifs de la décision : le porteur de projet les lira.")
    if outcome in OUTCOMES_NEEDING_PARTNER and not referral_partner.strip():
        problems["referral_partner"] = _(
            "Indiquez la structure vers laquelle orienter le projet : personne n'est refusé sans autre piste."
        )
    return problems


def decision_transition_problem(application: Application, outcome: str) -> str | None:
    """Why the file cannot take this outcome at its current step (None when it can)."""
    if outcome not in Outcome.values:
        return None  # decision_problems already says so
    if outcome in ALLOWED_TRANSITIONS[application.status]:
        return None
    if application.status == Status.WITHDRAWN:
        return _("« %(project)s » a été retirée par son porteur : supprimez cette décision.") % {
            "project": application.project_name
        }
    text = _("« %(project)s » est au statut « %(status)s » : la décision « %(outcome)s » n'est pas possible.") % {
        "project": application.project_name,
        "status": Status(application.status).label,
        "outcome": Outcome(outcome).label,
    }
    if outcome in SHORTLIST_FIRST_OUTCOMES and application.status in {Status.SUBMITTED, Status.UNDER_REVIEW}:
        text += " " + _("Présélectionnez d'abord le dossier pour le comité.")
    return text


def _next_waitlist_rank(call_id: int) -> int:
    current = Decision.objects.filter(application__call_id=call_id, outcome=Outcome.WAITLISTED).aggregate(
        rank=Max("waitlist_rank")
    )["rank"]
    return (current or 0) + 1


@transaction.atomic
def decision_prepare(
    *,
    application: Application,
    outcome: str,
    by,
    reasons: str = "",
    referral_partner: str = "",
    waitlist_rank: int | None = None,
) -> Decision:
    """Records (or corrects) the committee's decision on an application, unreleased. Accepting or waitlisting
    needs a shortlisted file; referring or rejecting needs reasons and a partner to turn to. A waitlisted file
    without a rank goes to the end of the list."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    problems = decision_problems(outcome=outcome, reasons=reasons, referral_partner=referral_partner)
    if problems:
        raise ValidationError(problems)
    transition_problem = decision_transition_problem(application, outcome)
    if transition_problem:
        raise ValidationError(transition_problem)
    decision = Decision.objects.select_for_update().filter(application=application).first()
    if decision is not None and decision.released_at:
        raise ValidationError(_("Cette décision est déjà publiée : elle ne peut plus être modifiée."))
    if outcome != Outcome.WAITLISTED:
        waitlist_rank = None
    elif waitlist_rank is None:
        if decision is not None and decision.outcome == Outcome.WAITLISTED and decision.waitlist_rank:
            waitlist_rank = decision.waitlist_rank
        else:
            waitlist_rank = _next_waitlist_rank(application.call_id)
    values = {
        "outcome": outcome,
        "reasons": reasons.strip(),
        "referral_partner": referral_partner.strip(),
        "waitlist_rank": waitlist_rank,
        "decided_by": by,
        "decided_at": timezone.now(),
    }
    if decision is None:
        return Decision.objects.create(application=application, **values)
    for name, value in values.items():
        setattr(decision, name, value)
    decision.save(update_fields=list(values))
    return decision


def _queue_decision_email(decision_id: int) -> None:
    from ..tasks import send_decision_email_task

    transaction.on_commit(lambda: send_decision_email_task.delay(decision_id=decision_id), robust=True)


@transaction.atomic
def decisions_release(*, call: Call, by) -> list[Decision]:
    """Publishes every prepared decision of a call at once, or none when one is not ready.

    Each application moves to its outcome through the transition service, accepted ones join the call's
    cohort — never beyond its seats: the cohort row stays locked, as when a waitlisted project is promoted —
    and one e-mail per applicant is queued after the commit. Released decisions are skipped, so a second
    release does nothing and sends nothing."""
    # Lock order everywhere: cohort, then applications, then decisions.
    cohort = Cohort.objects.select_for_update().filter(call=call).first()
    pending = list(
        Decision.objects.filter(application__call=call, released_at__isnull=True).values_list(
            "application_id", flat=True
        )
    )
    if not pending:
        return []
    list(Application.objects.select_for_update().filter(pk__in=pending).order_by("pk"))
    # Re-read under the locks: a release that committed meanwhile has left nothing here.
    decisions = list(
        Decision.objects.select_for_update(of=("self",))
        .select_related("application")
        .filter(application_id__in=pending, released_at__isnull=True)
        .order_by("application__project_name", "pk")
    )
    problems = []
    for decision in decisions:
        missing = decision_problems(
            outcome=decision.outcome, reasons=decision.reasons, referral_partner=decision.referral_partner
        )
        problems += [f"« {decision.application.project_name} » : {message}" for message in missing.values()]
        transition_problem = decision_transition_problem(decision.application, decision.outcome)
        if transition_problem:
            problems.append(transition_problem)
    accepted = [d for d in decisions if d.outcome == Outcome.ACCEPTED]
    if accepted and cohort is None:
        problems.append(_("Créez la promotion de cet appel avant de publier des projets retenus."))
    elif accepted:
        free = cohort.seats - cohort_seats_taken(cohort=cohort)
        if len(accepted) > free:
            problems.append(
                _(
                    "La promotion « %(cohort)s » n'a que %(free)d place(s) libre(s) pour %(accepted)d projet(s) "
                    "retenu(s) : placez les autres sur liste d'attente."
                )
                % {"cohort": cohort.name, "free": max(free, 0), "accepted": len(accepted)}
            )
    if problems:
        raise DecisionsNotReady(problems)

    now = timezone.now()
    for decision in decisions:
        decision.application = application_transition(
            application=decision.application, to=decision.outcome, by=by, reason=_("Décision du comité publiée")
        )
        if decision.outcome == Outcome.ACCEPTED:
            Membership.objects.create(cohort=cohort, application=decision.application, joined_at=now)
        decision.released_at = now
        _queue_decision_email(decision.pk)
    Decision.objects.bulk_update(decisions, ["released_at"])
    return decisions


@transaction.atomic
def decision_send_email(*, decision_id: int) -> bool:
    """Tells the applicant their decision, once. The row stays locked while sending and the timestamp is
    kept only if the e-mail left: a failed send is retried, a repeated task finds the timestamp and stops."""
    from roubaix_incubator.core.emails import send_templated_email

    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("application__applicant", "application__call")
        .filter(
            pk=decision_id, released_at__isnull=False, email_sent_at__isnull=True, application__applicant__isnull=False
        )
        .first()
    )
    if decision is None:
        return False
    application = decision.application
    cohort = Cohort.objects.filter(call_id=application.call_id).first()
    send_templated_email(
        to=application.applicant.email,
        template="cohorts/emails/decision",
        context={"decision": decision, "application": application, "user": application.applicant, "cohort": cohort},
        language=application.applicant.preferred_language,
    )
    decision.email_sent_at = timezone.now()
    decision.save(update_fields=["email_sent_at"])
    return True
