"""Every non-trivial read of the selection and the cohorts."""

from collections import defaultdict
from dataclasses import dataclass, replace
from statistics import fmean, pstdev

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from applications.enums import Status
from applications.models import Application, Call
from applications.selectors import applications_visible_to_staff
from roubaix_incubator.core.text import plain_text

from .enums import REVIEWER_GROUP, SEAT_HOLDING_STATUSES, Outcome
from .models import Cohort, Decision, Membership, Review, Score
from .rules import sees_only_assigned_files

# Files that appear in a call's ranking: everything sent, except what the applicant took back.
RANKED_STATUSES = [s for s in Status.values if s not in {Status.DRAFT, Status.WITHDRAWN}]


@dataclass(frozen=True)
class RankingRow:
    application_id: int
    project_name: str
    status: str
    decision_outcome: str | None
    review_count: int
    weighted_score: float | None  # mean over the reviews of each review's weighted score, on the 0–4 scale
    spread: float | None  # highest minus lowest review score: a wide spread calls for a discussion
    normalised_score: float | None  # mean of the reviews' z-scores, each against its reviewer's own scores
    rank: int | None
    decision_released: bool = False
    # Reviewers of this file who scored no other file of the call: their z-score is 0 whatever they thought,
    # so the normalised score says little about their opinion.
    lone_reviewers: int = 0

    @property
    def single_review(self) -> bool:
        return self.review_count == 1


# The ranking page's sortable columns (`?o=<key>` or `?o=-<key>`): key → the row's value.
RANKING_ORDERS = {
    "rank": lambda row: row.rank,
    "name": lambda row: plain_text(row.project_name),  # "Épicerie" sorts with the E's, not after the Z's
    "reviews": lambda row: row.review_count,
    "weighted": lambda row: row.weighted_score,
    "spread": lambda row: row.spread,
    "normalised": lambda row: row.normalised_score,
}
DEFAULT_RANKING_ORDER = "rank"


def ranking_order_param(value: str | None) -> str:
    """A validated `?o=` of the ranking page: an unknown key falls back to the committee's rank."""
    value = (value or "").strip()
    return value if value.lstrip("-") in RANKING_ORDERS else DEFAULT_RANKING_ORDER


def ranking_sorted(rows: list[RankingRow], *, order: str) -> list[RankingRow]:
    """The rows by one column, ascending or descending ("-"); files without a value (not reviewed yet) stay
    at the end either way, and ties keep the rank order."""
    order = ranking_order_param(order)
    key, descending = order.lstrip("-"), order.startswith("-")
    value_of = RANKING_ORDERS[key]
    with_value = [row for row in rows if value_of(row) is not None]
    without = [row for row in rows if value_of(row) is None]
    return sorted(with_value, key=value_of, reverse=descending) + without


def weighted_score(weighted_values: list[tuple[int, int | None]]) -> float | None:
    """Σ weight × value / Σ weight over the scored criteria: a "not applicable" criterion leaves both sums,
    it does not pull the score down as a 0 would."""
    scored = [(weight, value) for weight, value in weighted_values if value is not None]
    total_weight = sum(weight for weight, _ in scored)
    if not total_weight:
        return None
    return sum(weight * value for weight, value in scored) / total_weight


def call_ranking(*, call: Call) -> list[RankingRow]:
    """The call's files, best first, in two queries whatever their number: the files, then every score of the
    call's submitted reviews (the statistics are computed here, over the fetched rows).

    A reviewer's lenience is corrected with a z-score over all the reviews they submitted for the call:
    (score − their mean) / their standard deviation (population), 0 when they gave everyone the same score."""
    applications = list(
        Application.objects.filter(call=call, status__in=RANKED_STATUSES)
        .values_list("pk", "project_name", "status", "decision__outcome", "decision__released_at")
        .order_by("pk")
    )
    review_values: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
    review_owner: dict[int, tuple[int, int]] = {}
    for review_id, application_id, reviewer_id, weight, value in (
        Score.objects.filter(
            review__application__call=call, review__submitted_at__isnull=False, review__conflict_of_interest=False
        )
        .values_list("review_id", "review__application_id", "review__reviewer_id", "criterion__weight", "value")
        .order_by()
    ):
        review_values[review_id].append((weight, value))
        review_owner[review_id] = (application_id, reviewer_id)

    review_scores = {review_id: weighted_score(values) for review_id, values in review_values.items()}
    by_reviewer: dict[int, list[float]] = defaultdict(list)
    by_application: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for review_id, score in review_scores.items():
        if score is None:
            continue
        application_id, reviewer_id = review_owner[review_id]
        by_reviewer[reviewer_id].append(score)
        by_application[application_id].append((reviewer_id, score))
    reviewer_stats = {r: (fmean(scores), pstdev(scores)) for r, scores in by_reviewer.items()}

    def z_score(reviewer_id: int, score: float) -> float:
        mean, deviation = reviewer_stats[reviewer_id]
        return (score - mean) / deviation if deviation else 0.0

    rows = []
    for application_id, project_name, status, outcome, released_at in applications:
        reviews = by_application.get(application_id, [])
        scores = [score for _, score in reviews]
        rows.append(
            RankingRow(
                application_id=application_id,
                project_name=project_name,
                status=status,
                decision_outcome=outcome,
                review_count=len(reviews),
                weighted_score=fmean(scores) if scores else None,
                spread=max(scores) - min(scores) if scores else None,
                normalised_score=fmean(z_score(r, s) for r, s in reviews) if reviews else None,
                rank=None,
                decision_released=released_at is not None,
                lone_reviewers=sum(1 for r, _ in reviews if len(by_reviewer[r]) == 1),
            )
        )
    scored = sorted(
        (row for row in rows if row.review_count),
        key=lambda row: (-row.normalised_score, -row.weighted_score, row.project_name.lower(), row.application_id),
    )
    unscored = sorted((row for row in rows if not row.review_count), key=lambda row: row.project_name.lower())
    return [replace(row, rank=position) for position, row in enumerate(scored, start=1)] + unscored


def restrict_to_assigned_files(queryset: QuerySet, *, user, application_path: str = "") -> QuerySet:
    """`queryset` as `user` may see it: everything for programme managers, only what belongs to the files
    assigned to them for a jury member (`rules.sees_only_assigned_files`). `application_path` leads from the
    queryset's model to its application ("" for applications themselves, "application", "membership__application")."""
    if not application_path:
        return applications_visible_to_staff(user=user, queryset=queryset)
    if not sees_only_assigned_files(user):
        return queryset
    # One review per reviewer and file (unique constraint): the join never duplicates a row.
    return queryset.filter(**{f"{application_path}__reviews__reviewer": user})


def reviews_visible_to(queryset: QuerySet[Review], *, user) -> QuerySet[Review]:
    """Reviews as `user` may see them: a jury member sees their own only — never another reviewer's scores."""
    return queryset.filter(reviewer=user) if sees_only_assigned_files(user) else queryset


def reviewers_available() -> QuerySet:
    """Active staff users of the jury group, the pool the assignment draws from."""
    return get_user_model().objects.filter(is_active=True, is_staff=True, groups__name=REVIEWER_GROUP).order_by("pk")


def reviews_for_reviewer(*, user) -> QuerySet[Review]:
    """The reviews assigned to this jury member only: open ones first, then the calls' deadlines."""
    return (
        Review.objects.filter(reviewer=user)
        .select_related("application__call")
        .order_by(F("submitted_at").asc(nulls_first=True), "application__call__closes_at", "pk")
    )


def review_get_for_reviewer(*, user, pk: int) -> Review:
    """One of the reviewer's own reviews; another reviewer's, or a file not assigned to them, is a 404."""
    return get_object_or_404(reviews_for_reviewer(user=user), pk=pk)


def reviews_visible_beside(*, review: Review) -> QuerySet[Review]:
    """The other reviewers' submitted reviews of the same file, only once this one is submitted or closed:
    a reviewer makes up their own mind first."""
    if review.is_open:
        return Review.objects.none()
    return (
        Review.objects.filter(application_id=review.application_id, submitted_at__isnull=False)
        .exclude(pk=review.pk)
        .select_related("reviewer")
        .prefetch_related("scores__criterion")
    )


def cohort_seats_taken(*, cohort: Cohort) -> int:
    return Membership.objects.filter(cohort=cohort, status__in=SEAT_HOLDING_STATUSES).count()


def waitlist_for_call(*, call_id: int) -> QuerySet[Decision]:
    """The released waitlist of a call, in the committee's order: the first one is promoted when a seat frees."""
    return (
        Decision.objects.filter(
            application__call_id=call_id,
            outcome=Outcome.WAITLISTED,
            released_at__isnull=False,
            application__status=Status.WAITLISTED,
            # A holder who deleted their account (or whose file was anonymised) is never given the seat.
            application__applicant__isnull=False,
        )
        .select_related("application")
        .order_by(F("waitlist_rank").asc(nulls_last=True), "decided_at", "pk")
    )


def decisions_pending_for_call(*, call: Call) -> QuerySet[Decision]:
    return Decision.objects.filter(application__call=call, released_at__isnull=True).select_related("application")


# Files still in the selection: a release leaves them without an answer.
UNDECIDED_STATUSES = [Status.SUBMITTED, Status.UNDER_REVIEW, Status.SHORTLISTED]


@dataclass(frozen=True)
class ReleasePreview:
    pending: list[Decision]  # what the release publishes, one e-mail each
    undecided: list[Application]  # files of the same calls still in the selection with no decision prepared


def release_preview(*, calls) -> ReleasePreview:
    """What releasing the calls' decisions would send, and the files it would leave without an answer."""
    call_ids = [call.pk for call in calls]
    pending = list(
        Decision.objects.filter(application__call_id__in=call_ids, released_at__isnull=True)
        .select_related("application__call", "application__applicant")
        .order_by("application__call__title", "application__project_name", "pk")
    )
    undecided = list(
        Application.objects.filter(call_id__in=call_ids, status__in=UNDECIDED_STATUSES, decision__isnull=True)
        .select_related("call")
        .order_by("call__title", "project_name", "pk")
    )
    return ReleasePreview(pending=pending, undecided=undecided)


def _impact_sums(prefix: str) -> dict:
    return {
        name: Coalesce(Sum(f"{prefix}{name}"), 0)
        for name in ("jobs_created", "inclusive_jobs_created", "beneficiaries", "revenue")
    }


def impact_figures_per_membership(*, cohort: Cohort) -> QuerySet[Membership]:
    """Each member of the cohort with the totals of its quarterly reports, summed by the database."""
    return (
        Membership.objects.filter(cohort=cohort)
        .select_related("application")
        .annotate(report_count=Count("impact_reports"), **_impact_sums("impact_reports__"))
        .order_by("application__project_name", "pk")
    )


def impact_figures_per_cohort(*, cohorts: QuerySet[Cohort] | None = None) -> QuerySet[Cohort]:
    """Each cohort with its number of members still in the programme and the totals of all their reports."""
    cohorts = Cohort.objects.all() if cohorts is None else cohorts
    return cohorts.annotate(
        member_count=Count("memberships", filter=Q(memberships__status__in=SEAT_HOLDING_STATUSES), distinct=True),
        report_count=Count("memberships__impact_reports", distinct=True),
        **_impact_sums("memberships__impact_reports__"),
    )


def decision_get_released_for_applicant(*, user, application_pk: int) -> Decision:
    """The applicant's own decision once released; before that, or for anyone else, a 404."""
    return get_object_or_404(
        Decision.objects.select_related("application__call", "application__call__cohort", "application__membership"),
        application_id=application_pk,
        application__applicant=user,
        released_at__isnull=False,
    )


def memberships_for_member(*, user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(application__applicant=user)
        .select_related("cohort", "application")
        .order_by("-cohort__starts_on", "pk")
    )


def membership_get_for_member(*, user, pk: int) -> Membership:
    return get_object_or_404(memberships_for_member(user=user), pk=pk)


def cohort_fellow_projects(*, cohort: Cohort) -> QuerySet[Membership]:
    """The projects of a cohort a member may see: those still in the programme or that completed it."""
    return (
        Membership.objects.filter(cohort=cohort, status__in=SEAT_HOLDING_STATUSES)
        .select_related("application")
        .prefetch_related("application__neighbourhoods")
        .order_by("application__project_name", "pk")
    )


def membership_active_mentors(*, membership: Membership) -> list:
    """The member's mentors once matched. The mentors app sits above cohorts, so its matches are read through
    their reverse relation (a name, not an import); empty while the mentors app is not installed."""
    matches = getattr(membership, "mentor_matches", None)
    if matches is None:
        return []
    return [match.mentor for match in matches.filter(status="active").select_related("mentor__user")]
