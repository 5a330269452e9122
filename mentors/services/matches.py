"""Matches: the matching run for a cohort, hand-made pairs, and the moves proposed → active → ended (or rejected)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.enums import MembershipStatus
from cohorts.models import Cohort, Membership
from roubaix_incubator.core.emails import absolute_url, send_templated_email

from .. import scoring
from ..enums import MATCH_TRANSITIONS, OPEN_MATCH_STATUSES, PROJECT_DEFAULT_LANGUAGES, MatchStatus, MentorStatus
from ..matching import EXCLUDED, best_assignment
from ..models import Match, MatchChange, Mentor, MentorConflict


class InvalidMatchTransition(ValidationError):
    def __init__(self, before: str, after: str):
        self.before, self.after = before, after
        super().__init__(
            _("Un binôme « %(before)s » ne peut pas passer au statut « %(after)s ».")
            % {"before": MatchStatus(before).label, "after": MatchStatus(after).label}
        )


@transaction.atomic
def match_transition(*, match: Match, to: str, by=None, reason: str = "") -> Match:
    """The one way to change a match's status: the allowed moves, under a row lock, with a history row.
    Moving to the status the match already has does nothing, so a double click acts once."""
    match = Match.objects.select_for_update().get(pk=match.pk)
    if match.status == to:
        return match
    if to not in MATCH_TRANSITIONS[match.status]:
        raise InvalidMatchTransition(match.status, to)
    now = timezone.now()
    update_fields = ["status"]
    if to == MatchStatus.ACTIVE:
        match.confirmed_at, match.confirmed_by = now, by
        update_fields += ["confirmed_at", "confirmed_by"]
    elif to == MatchStatus.ENDED:
        match.ended_at, match.end_reason = now, reason
        update_fields += ["ended_at", "end_reason"]
    MatchChange.objects.create(match=match, before=match.status, after=to, by=by, at=now, reason=reason)
    match.status = to
    match.save(update_fields=update_fields)
    return match


@transaction.atomic
def match_confirm(*, match: Match, by) -> Match:
    """Staff confirm a proposal: the match becomes active and both sides get an introduction e-mail."""
    # The proposal may be days old: the mentor may have paused, or a conflict may have been declared since.
    # The mentor's row is locked so a pause or a conflict cannot slip in between this check and the commit; it is
    # locked before the match's, the order every other service follows (conflict_declare, matching_run).
    mentor_id = Match.objects.values_list("mentor_id", flat=True).get(pk=match.pk)
    mentor = Mentor.objects.select_for_update().get(pk=mentor_id)
    locked = Match.objects.select_for_update().select_related("membership").get(pk=match.pk)
    if locked.status == MatchStatus.ACTIVE:
        return locked
    if locked.membership.status != MembershipStatus.ACTIVE:
        raise ValidationError(_("Ce projet ne suit plus le programme : le binôme ne peut pas commencer."))
    reason = pair_exclusion(mentor=mentor, membership=locked.membership)
    if reason:
        raise ValidationError(
            _("Ce binôme ne peut pas être confirmé : %(reason)s.") % {"reason": scoring.EXCLUSION_REASONS[reason]}
        )
    match = match_transition(match=locked, to=MatchStatus.ACTIVE, by=by)
    from ..tasks import send_introduction_task

    transaction.on_commit(lambda: send_introduction_task.delay(match_id=match.pk), robust=True)
    return match


def _conflicted(*, mentor_id: int, membership: Membership) -> bool:
    return MentorConflict.objects.filter(
        Q(membership_id=membership.pk) | Q(application_id=membership.application_id), mentor_id=mentor_id
    ).exists()


def pair_exclusion(*, mentor: Mentor, membership: Membership) -> str | None:
    """The hard exclusion (a key of `scoring.HARD_EXCLUSIONS`) that forbids this pair now, or None."""
    return scoring.hard_exclusion(
        _mentor_standing(mentor), conflicted=_conflicted(mentor_id=mentor.pk, membership=membership)
    )


def match_reject(*, match: Match, by, reason: str = "") -> Match:
    return match_transition(match=match, to=MatchStatus.REJECTED, by=by, reason=reason.strip())


def match_end(*, match: Match, by, reason: str) -> Match:
    """Ends a running match; its history stays, and the project can be matched again."""
    if not reason.strip():
        raise ValidationError({"reason": _("Indiquez pourquoi le binôme s'arrête.")})
    return match_transition(match=match, to=MatchStatus.ENDED, by=by, reason=reason.strip())


@transaction.atomic
def match_set_fixed(*, match: Match, fixed: bool) -> Match:
    match = Match.objects.select_for_update().get(pk=match.pk)
    if match.fixed_by_hand != fixed:
        match.fixed_by_hand = fixed
        match.save(update_fields=["fixed_by_hand"])
    return match


@transaction.atomic
def match_send_introduction(*, match_id: int) -> bool:
    """Introduces the mentor and the project holder to each other, once: claimed by a conditional update in the
    same transaction, so a failed sending is rolled back and retried, and a repeated task finds nothing."""
    claimed = Match.objects.filter(pk=match_id, status=MatchStatus.ACTIVE, intro_email_sent_at__isnull=True).update(
        intro_email_sent_at=timezone.now()
    )
    if not claimed:
        return False
    match = Match.objects.select_related(
        "mentor__user", "membership__application__applicant", "membership__cohort"
    ).get(pk=match_id)
    mentor_user, holder = match.mentor.user, match.membership.application.applicant
    context = {"match": match, "mentor": match.mentor, "project": match.membership.application, "holder": holder}
    send_templated_email(
        to=mentor_user.email,
        template="mentors/emails/introduction_mentor",
        context={
            **context,
            "user": mentor_user,
            "url": absolute_url(reverse("mentors:project", kwargs={"membership_pk": match.membership_id})),
        },
        language=mentor_user.preferred_language,
    )
    send_templated_email(
        to=holder.email,
        template="mentors/emails/introduction_holder",
        context={
            **context,
            "user": holder,
            "url": absolute_url(reverse("mentors:holder_project", kwargs={"membership_pk": match.membership_id})),
        },
        language=holder.preferred_language,
    )
    return True


# The matching run


@dataclass
class MatchingResult:
    proposed: list[Match] = field(default_factory=list)
    kept: int = 0  # projects skipped: they already have an active or hand-fixed match
    replaced: int = 0  # earlier automatic proposals of this cohort, removed
    set_aside: list[Match] = field(default_factory=list)  # hand-fixed proposals now excluded, rejected
    unmatched: list[Membership] = field(default_factory=list)


def _project_features(membership: Membership) -> scoring.ProjectFeatures:
    application = membership.application
    profile = getattr(membership, "matching_profile", None)
    return scoring.ProjectFeatures(
        key=membership.pk,
        support_needs=frozenset(application.support_needs or ()),
        sectors=frozenset(profile.sectors if profile else ()),
        languages=frozenset((profile.languages if profile else None) or PROJECT_DEFAULT_LANGUAGES),
        neighbourhoods=frozenset(n.name for n in application.neighbourhoods.all()),
    )


def _standing_fields(mentor: Mentor) -> dict:
    """What `scoring.hard_exclusion` reads of a mentor."""
    return {
        "approved": mentor.approved,
        "charter_signed": mentor.charter_signed_at is not None,
        "paused": mentor.status == MentorStatus.PAUSED,
    }


def _mentor_standing(mentor: Mentor) -> scoring.MentorFeatures:
    """The mentor as `scoring.hard_exclusion` sees them, without the (queried) features the score needs."""
    return scoring.MentorFeatures(key=mentor.pk, **_standing_fields(mentor))


def _mentor_features(mentor: Mentor, *, conflicts: frozenset[int], past: frozenset[int]) -> scoring.MentorFeatures:
    return scoring.MentorFeatures(
        key=mentor.pk,
        expertise=frozenset(mentor.expertise or ()),
        sectors=frozenset(mentor.sectors or ()),
        languages=frozenset(mentor.languages or ()),
        neighbourhoods=frozenset(n.name for n in mentor.neighbourhoods.all()),
        capacity=mentor.capacity_projects,
        load=mentor.open_match_count,
        conflicts=conflicts,
        past_projects=past,
        **_standing_fields(mentor),
    )


def _mentors_with_load():
    return Mentor.objects.prefetch_related("neighbourhoods").annotate(
        open_match_count=Count("matches", filter=Q(matches__status__in=OPEN_MATCH_STATUSES))
    )


@transaction.atomic
def matching_run(*, cohort: Cohort, by, guarantee_one_each: bool = True, min_score: float = 0.0) -> MatchingResult:
    """Proposes one mentor to each active project of the cohort that has none, with the globally best assignment.

    With `guarantee_one_each` (the default) as many projects as capacity allows get a mentor, then the total
    score decides. Without it, a pair must have something in common — points on expertise, sector or
    neighbourhood (`scoring.COMMON_CRITERIA`) — and a total above `min_score`; the total score alone decides.

    Projects with an active match, or a proposed one fixed by hand, keep it and are skipped; those matches take
    their mentor's seats. Earlier automatic proposals of the cohort are replaced. Every pair is scored on the
    weighted criteria of `mentors.scoring`; excluded pairs (conflict of interest, paused or unapproved mentor, no
    charter, no shared language, a pair that already ended or was set aside) are never proposed.

    Locks: the cohort row first (two runs of the same cohort take turns), then the mentors' rows in id order (runs
    of two cohorts, and pairs made by hand, never give the same seat twice)."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    _total, deleted = Match.objects.filter(
        membership__cohort=cohort, status=MatchStatus.PROPOSED, fixed_by_hand=False
    ).delete()
    replaced = deleted.get(Match._meta.label, 0)
    list(Mentor.objects.select_for_update().filter(approved=True).order_by("pk").values_list("pk", flat=True))
    set_aside = _set_aside_excluded_fixed_proposals(cohort=cohort, by=by)

    memberships = list(
        Membership.objects.filter(cohort=cohort, status=MembershipStatus.ACTIVE)
        .select_related("application", "matching_profile")
        .prefetch_related("application__neighbourhoods")
        .annotate(open_match_count=Count("mentor_matches", filter=Q(mentor_matches__status__in=OPEN_MATCH_STATUSES)))
        .order_by("application__project_name", "pk")
    )
    to_match = [m for m in memberships if not m.open_match_count]
    result = MatchingResult(kept=len(memberships) - len(to_match), replaced=replaced, set_aside=set_aside)
    if not to_match:
        return result

    membership_ids = {m.pk for m in to_match}
    by_application = {m.application_id: m.pk for m in to_match}
    conflicts: dict[int, set[int]] = {}
    for mentor_id, membership_id, application_id in MentorConflict.objects.filter(
        Q(membership_id__in=membership_ids) | Q(application_id__in=by_application)
    ).values_list("mentor_id", "membership_id", "application_id"):
        conflicts.setdefault(mentor_id, set()).add(membership_id or by_application[application_id])
    past: dict[int, set[int]] = {}
    for mentor_id, membership_id in Match.objects.filter(
        membership_id__in=membership_ids, status__in=(MatchStatus.ENDED, MatchStatus.REJECTED)
    ).values_list("mentor_id", "membership_id"):
        past.setdefault(mentor_id, set()).add(membership_id)

    mentors = list(_mentors_with_load().filter(approved=True).order_by("pk"))
    projects = [_project_features(m) for m in to_match]
    pool = [
        _mentor_features(m, conflicts=frozenset(conflicts.get(m.pk, ())), past=frozenset(past.get(m.pk, ())))
        for m in mentors
    ]
    scores, breakdowns = [], []
    for project in projects:
        row, row_breakdowns = [], []
        for mentor in pool:
            if scoring.exclusion(project, mentor):
                row.append(EXCLUDED)
                row_breakdowns.append(None)
                continue
            score, breakdown = scoring.pair_score(project, mentor)
            if not guarantee_one_each and scoring.common_points(breakdown) <= 0:
                # Nothing in common (only a language and free seats): not worth proposing without the guarantee.
                row.append(EXCLUDED)
                row_breakdowns.append(None)
                continue
            row.append(score)
            row_breakdowns.append(breakdown)
        scores.append(row)
        breakdowns.append(row_breakdowns)

    capacities = [mentor.remaining for mentor in pool]
    assignments = best_assignment(
        scores,
        capacities,
        guarantee_one_each=guarantee_one_each,
        min_score=min_score,
        copy_offsets=[
            scoring.copy_offsets(mentor, seats=min(seats, len(projects)))
            for mentor, seats in zip(pool, capacities, strict=True)
        ],
    )
    now = timezone.now()
    scored = [
        (
            a,
            *scoring.with_copy(
                scores[a.project][a.mentor], breakdowns[a.project][a.mentor], pool[a.mentor], copy=a.copy
            ),
        )
        for a in sorted(assignments, key=lambda a: a.project)
    ]
    matches = Match.objects.bulk_create(
        [
            Match(
                mentor=mentors[a.mentor],
                membership=to_match[a.project],
                status=MatchStatus.PROPOSED,
                score=score,
                score_breakdown=breakdown,
                proposed_at=now,
            )
            for a, score, breakdown in scored
        ]
    )
    MatchChange.objects.bulk_create(
        [
            MatchChange(
                match=match, before="", after=MatchStatus.PROPOSED, by=by, at=now, reason=_("Appariement automatique")
            )
            for match in matches
        ]
    )
    matched = {a.project for a in assignments}
    result.proposed = matches
    result.unmatched = [m for i, m in enumerate(to_match) if i not in matched]
    return result


def _set_aside_excluded_fixed_proposals(*, cohort: Cohort, by) -> list[Match]:
    """A pair fixed by hand stays fixed across runs only while it is still allowed: one whose mentor has since
    paused, lost their approval or charter, or declared a conflict with the project is rejected (with the reason
    in its history), and the project is matched again in the same run."""
    fixed = list(
        Match.objects.filter(membership__cohort=cohort, status=MatchStatus.PROPOSED, fixed_by_hand=True)
        .select_related("mentor", "membership")
        .order_by("pk")
    )
    if not fixed:
        return []
    conflicted = set(
        MentorConflict.objects.filter(
            Q(membership_id__in=[m.membership_id for m in fixed])
            | Q(application_id__in=[m.membership.application_id for m in fixed])
        ).values_list("mentor_id", "membership_id", "application_id")
    )
    by_membership = {(mentor_id, membership_id) for mentor_id, membership_id, _a in conflicted if membership_id}
    by_application = {(mentor_id, application_id) for mentor_id, _m, application_id in conflicted if application_id}
    set_aside = []
    for match in fixed:
        conflicted = (match.mentor_id, match.membership_id) in by_membership or (
            match.mentor_id,
            match.membership.application_id,
        ) in by_application
        reason = scoring.hard_exclusion(_mentor_standing(match.mentor), conflicted=conflicted)
        if reason is None:
            continue
        set_aside.append(
            match_transition(
                match=match,
                to=MatchStatus.REJECTED,
                by=by,
                reason=_("Écarté à la relance de l'appariement : %(reason)s.")
                % {"reason": scoring.EXCLUSION_REASONS[reason]},
            )
        )
    return set_aside


def match_check_pair_by_hand(*, mentor: Mentor, membership: Membership) -> tuple[float, dict]:
    """Whether staff may pair this mentor with this project by hand: the hard rules still hold (project still in
    the programme, conflict of interest, approval, charter, pause, a free seat, no open match for the pair); a
    shared language is left to staff's judgement. Raises ValidationError, or returns the pair's score and
    breakdown."""
    mentor = _mentors_with_load().get(pk=mentor.pk)
    membership = (
        Membership.objects.select_related("application", "matching_profile")
        .prefetch_related("application__neighbourhoods")
        .get(pk=membership.pk)
    )
    if membership.status != MembershipStatus.ACTIVE:
        raise ValidationError(_("Ce projet ne suit plus le programme."))
    conflicted = MentorConflict.objects.filter(
        Q(membership=membership) | Q(application_id=membership.application_id), mentor=mentor
    ).exists()
    features = _mentor_features(mentor, conflicts=frozenset({membership.pk} if conflicted else ()), past=frozenset())
    project = _project_features(membership)
    reason = scoring.exclusion(project, features)
    if reason in scoring.HARD_EXCLUSIONS:
        raise ValidationError(
            _("Ce binôme n'est pas possible : %(reason)s.") % {"reason": scoring.EXCLUSION_REASONS[reason]}
        )
    if Match.objects.filter(mentor=mentor, membership=membership, status__in=OPEN_MATCH_STATUSES).exists():
        raise ValidationError(_("Ce mentor accompagne déjà ce projet, ou lui est déjà proposé."))
    if features.remaining <= 0:
        raise ValidationError(
            _("%(mentor)s n'a plus de place (%(capacity)d projet(s) au maximum).")
            % {"mentor": mentor, "capacity": mentor.capacity_projects}
        )
    return scoring.pair_score(project, features)


@transaction.atomic
def match_create_by_hand(*, mentor: Mentor, membership: Membership, by) -> Match:
    """Staff pair a mentor with a project themselves: a proposal fixed by hand, kept when the matching is run
    again (see `match_check_pair_by_hand` for the rules)."""
    # The mentor's row is locked before its seats are counted.
    list(Mentor.objects.select_for_update().filter(pk=mentor.pk).values_list("pk", flat=True))
    score, breakdown = match_check_pair_by_hand(mentor=mentor, membership=membership)
    try:
        with transaction.atomic():
            match = Match.objects.create(
                mentor=mentor,
                membership=membership,
                status=MatchStatus.PROPOSED,
                score=score,
                score_breakdown=breakdown,
                fixed_by_hand=True,
            )
    except IntegrityError as error:  # the same pair saved twice at once
        raise ValidationError(_("Ce mentor accompagne déjà ce projet, ou lui est déjà proposé.")) from error
    MatchChange.objects.create(
        match=match, before="", after=MatchStatus.PROPOSED, by=by, reason=_("Binôme fixé à la main")
    )
    return match
