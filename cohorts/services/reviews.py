"""Screening, reviewer assignment and the reviews themselves."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import Status
from applications.models import Application
from applications.services import InvalidTransition, application_transition

from ..enums import INELIGIBLE_OUTCOMES, SCORE_MAX, SCORE_MIN, Recommendation
from ..models import Criterion, Decision, Review, Score
from .balancing import balanced_assignment

# Files that can still be given to a reviewer: after screening, before the committee's decision.
ASSIGNABLE_STATUSES = {Status.UNDER_REVIEW, Status.SHORTLISTED}


def transition_refused(application: Application, to: str) -> ValidationError:
    """The French message a manager reads when a file is not at the step an action needs (the applications
    app raises a bare `InvalidTransition`; the admin shows ValidationErrors)."""
    return ValidationError(
        _("« %(project)s » est au statut « %(status)s » : il ne peut pas passer au statut « %(to)s ».")
        % {"project": application.project_name, "status": Status(application.status).label, "to": Status(to).label}
    )


@transaction.atomic
def application_screen(
    *,
    application: Application,
    by,
    eligible: bool,
    outcome: str = "",
    reasons: str = "",
    referral_partner: str = "",
) -> Application | Decision:
    """Eligibility check of a submitted file. An eligible file goes to the jury (`under_review`); an ineligible
    one gets a prepared `referred` or `rejected` decision with its reasons, released with the call's others:
    a file is never dropped silently."""
    from .decisions import decision_prepare

    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Status.SUBMITTED:
        raise transition_refused(
            application,
            Status.UNDER_REVIEW if eligible else outcome if outcome in INELIGIBLE_OUTCOMES else Status.REJECTED,
        )
    if eligible:
        return application_transition(
            application=application, to=Status.UNDER_REVIEW, by=by, reason=_("Dossier recevable")
        )
    if outcome not in INELIGIBLE_OUTCOMES:
        raise ValidationError(_("Un dossier non recevable est orienté vers un partenaire ou refusé."))
    return decision_prepare(
        application=application, outcome=outcome, reasons=reasons, referral_partner=referral_partner, by=by
    )


@transaction.atomic
def application_shortlist(*, application: Application, by, reason: str = "") -> Application:
    """The committee invites a reviewed file to the next step (interview, committee)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    try:
        return application_transition(application=application, to=Status.SHORTLISTED, by=by, reason=reason)
    except InvalidTransition as error:
        raise transition_refused(application, Status.SHORTLISTED) from error


@dataclass
class Assignment:
    created: list[Review] = field(default_factory=list)
    # Applications that could not get all their reviewers (too few eligible ones), with how many are missing.
    missing: dict[Application, int] = field(default_factory=dict)


@transaction.atomic
def reviews_assign(
    *, applications: Iterable[Application], reviewers: Iterable, per_application: int, by=None
) -> Assignment:
    """Gives each application `per_application` reviewers who can judge it, counting those it already has.

    First as many files as possible get all their reviewers; then the load (open reviews, all calls together,
    plus those given here) is as even as the exclusions allow: the gap between the most and the least loaded
    reviewer is the smallest reachable, so ≤ 1 whenever that is possible (see `balancing`). Ties go to the
    lowest id, so the same input always gives the same assignment. Never assigned:
    the applicant, a reviewer who declared a conflict of interest with the application, or with another
    application of the same applicant (the conflict is usually with the person)."""
    if per_application < 1:
        raise ValidationError(_("Il faut au moins un évaluateur par dossier."))
    # Locking the files serialises two managers assigning at once: no duplicate, no double count.
    applications = list(
        Application.objects.select_for_update().filter(pk__in=[a.pk for a in applications]).order_by("pk")
    )
    not_assignable = [a for a in applications if a.status not in ASSIGNABLE_STATUSES]
    if not_assignable:
        raise ValidationError(
            _("Ces dossiers ne sont pas en cours d'examen : %(names)s.")
            % {"names": ", ".join(a.project_name for a in not_assignable)}
        )
    reviewers = sorted({r.pk: r for r in reviewers if r.is_active}.values(), key=lambda r: r.pk)
    reviewer_ids = [r.pk for r in reviewers]

    load = dict.fromkeys(reviewer_ids, 0)
    for row in (
        Review.objects.filter(reviewer_id__in=reviewer_ids, submitted_at__isnull=True, conflict_of_interest=False)
        .values("reviewer_id")
        .annotate(open_count=Count("pk"))
        .order_by()
    ):
        load[row["reviewer_id"]] = row["open_count"]

    application_ids = [a.pk for a in applications]
    existing: set[tuple[int, int]] = set()
    active_count = dict.fromkeys(application_ids, 0)  # reviewers a file already has, conflicts left out
    for application_id, reviewer_id, conflicted in Review.objects.filter(
        application_id__in=application_ids
    ).values_list("application_id", "reviewer_id", "conflict_of_interest"):
        existing.add((application_id, reviewer_id))
        active_count[application_id] += not conflicted
    conflicted_with_applicant = set(
        Review.objects.filter(
            conflict_of_interest=True, application__applicant_id__in={a.applicant_id for a in applications}
        ).values_list("reviewer_id", "application__applicant_id")
    )

    demand = {a.pk: per_application - active_count[a.pk] for a in applications}
    eligible = {
        a.pk: [
            r
            for r in reviewer_ids
            if r != a.applicant_id
            and (a.pk, r) not in existing
            and (r, a.applicant_id) not in conflicted_with_applicant
        ]
        for a in applications
    }
    chosen = balanced_assignment(demand=demand, eligible=eligible, load=load)

    result = Assignment()
    for application in applications:
        reviewer_ids_chosen = chosen.get(application.pk, [])
        result.created += [
            Review(application=application, reviewer_id=reviewer_id, assigned_by=by)
            for reviewer_id in reviewer_ids_chosen
        ]
        if demand[application.pk] > len(reviewer_ids_chosen):
            result.missing[application] = demand[application.pk] - len(reviewer_ids_chosen)
    result.created = Review.objects.bulk_create(result.created)
    return result


def _lock_own_review(review: Review, by) -> Review:
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.reviewer_id != by.pk:
        raise PermissionDenied(_("Cette évaluation est attribuée à un autre membre du jury."))
    return review


@transaction.atomic
def review_declare_conflict(*, review: Review, by, reason: str) -> Review:
    """The reviewer steps aside; the review is closed and the reason kept for the record."""
    review = _lock_own_review(review, by)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"conflict_reason": _("Précisez la nature du conflit d'intérêts.")})
    if review.submitted_at:
        raise ValidationError(_("Cette évaluation est déjà envoyée : signalez le conflit à l'équipe du programme."))
    if review.conflict_of_interest:
        return review
    review.conflict_of_interest = True
    review.conflict_reason = reason
    review.save(update_fields=["conflict_of_interest", "conflict_reason"])
    return review


@transaction.atomic
def review_submit(
    *, review: Review, by, scores: Mapping[Criterion | int, int | None], recommendation: str, comment: str = ""
) -> Review:
    """Records the reviewer's scores, once. Every criterion of the call's grid gets a score from 0 to 4 or
    `None` ("not applicable"); at least one must be scored."""
    review = _lock_own_review(review, by)
    if review.conflict_of_interest:
        raise ValidationError(_("Vous avez déclaré un conflit d'intérêts pour ce dossier : il ne peut pas être noté."))
    if review.submitted_at:
        raise ValidationError(_("Cette évaluation est déjà envoyée."))
    if recommendation not in Recommendation.values:
        raise ValidationError({"recommendation": _("Choisissez une recommandation.")})

    values = {getattr(key, "pk", key): value for key, value in scores.items()}
    criteria = list(Criterion.objects.filter(call_id=review.application.call_id).order_by("order", "pk"))
    if not criteria:
        raise ValidationError(_("L'appel n'a pas encore de grille de notation."))
    errors = {}
    for criterion in criteria:
        if criterion.pk not in values:
            errors[f"criterion_{criterion.pk}"] = _("Notez ce critère ou indiquez qu'il est sans objet.")
        elif values[criterion.pk] is not None and not (
            type(values[criterion.pk]) is int and SCORE_MIN <= values[criterion.pk] <= SCORE_MAX
        ):
            errors[f"criterion_{criterion.pk}"] = _("La note va de 0 à 4.")
    if set(values) - {c.pk for c in criteria}:
        raise ValueError("Scores given for criteria that are not in this call's grid.")
    if errors:
        raise ValidationError(errors)
    if all(values[c.pk] is None for c in criteria):
        raise ValidationError(_("Notez au moins un critère : tous ne peuvent pas être sans objet."))

    Score.objects.bulk_create(Score(review=review, criterion=c, value=values[c.pk]) for c in criteria)
    review.recommendation = recommendation
    review.comment = comment.strip()
    review.submitted_at = timezone.now()
    review.save(update_fields=["recommendation", "comment", "submitted_at"])
    return review
