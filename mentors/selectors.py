"""Every non-trivial read of the mentors app. Every object a user reaches through a URL is looked up inside a
queryset scoped to that user, so anyone else gets a 404."""

from datetime import date

from django.db.models import Avg, Count, Exists, IntegerField, Max, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cohorts.enums import MembershipStatus
from cohorts.models import Cohort, Membership

from .enums import OPEN_MATCH_STATUSES, QUIET_PROJECT_AFTER, MatchStatus
from .models import Match, Mentor, MentorConflict, MentoringSession
from .profiling import suggest_for_application

# A mentor sees the matches staff confirmed, running or ended; proposals stay between staff until confirmed.
MENTOR_VISIBLE_STATUSES = (MatchStatus.ACTIVE, MatchStatus.ENDED)


def mentor_get_for_user(*, user) -> Mentor:
    """The signed-in user's mentor profile; a 404 for anyone without one."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(Mentor.objects.select_related("user"), user=user)


def mentor_open_match_count() -> Count:
    return Count("matches", filter=Q(matches__status__in=OPEN_MATCH_STATUSES))


def _sessions_newest_first() -> QuerySet[MentoringSession]:
    return MentoringSession.objects.order_by("-date", "-pk")


def matches_for_mentor(*, mentor: Mentor) -> QuerySet[Match]:
    """The mentor's projects (running first, then ended), each with its sessions, newest first."""
    return (
        Match.objects.filter(mentor=mentor, status__in=MENTOR_VISIBLE_STATUSES)
        .select_related("membership__application__applicant", "membership__cohort")
        .prefetch_related(Prefetch("sessions", queryset=_sessions_newest_first()))
        .order_by("status", "membership__application__project_name", "pk")  # "active" sorts before "ended"
    )


def match_get_for_mentor(*, mentor: Mentor, membership_pk: int) -> Match:
    """The mentor's match with this project — the running one, else the latest ended one; a 404 when the
    mentor is not (or was never) matched with it."""
    match = (
        matches_for_mentor(mentor=mentor)
        .filter(membership_id=membership_pk)
        .order_by("status", "-confirmed_at", "-pk")
        .first()
    )
    if match is None:
        raise Http404
    return match


def session_get_for_mentor(*, mentor: Mentor, membership_pk: int, pk: int) -> MentoringSession:
    """A session of one of the mentor's own matches with this project; a 404 for anyone else's."""
    return get_object_or_404(
        MentoringSession.objects.select_related("match__membership__application").filter(
            match__mentor=mentor, match__membership_id=membership_pk, match__status__in=MENTOR_VISIBLE_STATUSES
        ),
        pk=pk,
    )


def sessions_for_mentor(*, mentor: Mentor) -> QuerySet[MentoringSession]:
    return (
        _sessions_newest_first()
        .filter(match__mentor=mentor, match__status__in=MENTOR_VISIBLE_STATUSES)
        .select_related("match__membership__application")
    )


def memberships_for_holder(*, user) -> QuerySet[Membership]:
    """The holder's own projects in a cohort, with their running mentors."""
    return (
        Membership.objects.filter(application__applicant=user)
        .select_related("application", "cohort")
        .prefetch_related(
            Prefetch(
                "mentor_matches",
                queryset=Match.objects.filter(status=MatchStatus.ACTIVE).select_related("mentor__user"),
                to_attr="running_matches",
            )
        )
        .order_by("-cohort__starts_on", "pk")
    )


def membership_get_for_holder(*, user, pk: int) -> Membership:
    return get_object_or_404(memberships_for_holder(user=user), pk=pk)


def sessions_for_holder(*, membership: Membership) -> QuerySet[MentoringSession]:
    """The sessions of the project's confirmed matches, without the mentor's private notes (not even loaded)."""
    return (
        _sessions_newest_first()
        .filter(match__membership=membership, match__status__in=MENTOR_VISIBLE_STATUSES)
        .select_related("match__mentor__user")
        .defer("private_notes")
    )


def session_get_for_holder(*, user, membership_pk: int, pk: int) -> MentoringSession:
    membership = membership_get_for_holder(user=user, pk=membership_pk)
    return get_object_or_404(sessions_for_holder(membership=membership), pk=pk)


def memberships_open_to_conflict(*, mentor: Mentor, today: date | None = None) -> QuerySet[Membership]:
    """The projects a mentor may declare a conflict of interest against: the active projects of the cohorts
    still running (those being matched), minus the ones they already declared. None for a mentor not approved
    (a proposal waiting or declined), who is never matched."""
    if not mentor.approved:
        return Membership.objects.none()
    today = today or timezone.localdate()
    declared = MentorConflict.objects.filter(mentor=mentor).filter(
        Q(membership=OuterRef("pk")) | Q(application=OuterRef("application"))
    )
    return (
        Membership.objects.filter(status=MembershipStatus.ACTIVE, cohort__ends_on__gte=today)
        .filter(~Exists(declared))
        .select_related("application", "cohort")
        .order_by("cohort__name", "application__project_name", "pk")
    )


def conflicts_for_mentor(*, mentor: Mentor) -> QuerySet[MentorConflict]:
    return MentorConflict.objects.filter(mentor=mentor).select_related(
        "membership__application", "membership__cohort", "application"
    )


# Staff


def cohorts_for_staff() -> QuerySet[Cohort]:
    return (
        Cohort.objects.select_related("call")
        .annotate(
            project_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE), distinct=True),
        )
        .order_by("-starts_on", "pk")
    )


def cohort_matching_overview(*, cohort: Cohort) -> QuerySet[Membership]:
    """The cohort's active projects, each with its proposed and running matches (mentor and load joined)."""
    return (
        Membership.objects.filter(cohort=cohort, status=MembershipStatus.ACTIVE)
        .select_related("application")
        .prefetch_related(
            Prefetch(
                "mentor_matches",
                queryset=Match.objects.filter(status__in=OPEN_MATCH_STATUSES)
                .select_related("mentor__user")
                .order_by("status", "-score", "pk"),
                to_attr="open_matches",
            )
        )
        .order_by("application__project_name", "pk")
    )


def cohort_project_profiles(*, cohort: Cohort) -> QuerySet[Membership]:
    """The cohort's active projects with what the matching knows of them (their profile, if any) and what the
    sector and language suggestions read (the application and its holder): one query."""
    return (
        Membership.objects.filter(cohort=cohort, status=MembershipStatus.ACTIVE)
        .select_related("application__applicant", "matching_profile")
        .order_by("application__project_name", "pk")
    )


def project_profile_initial(*, membership: Membership) -> tuple[dict, bool]:
    """The sectors and languages to show for a project: its saved profile, else what its application suggests
    (and True, so the page says it is a suggestion)."""
    profile = getattr(membership, "matching_profile", None)
    if profile is not None:
        return {"sectors": profile.sectors, "languages": profile.languages}, False
    sectors, languages = suggest_for_application(membership.application)
    return {"sectors": sectors, "languages": languages}, True


def cohort_project_follow_up(*, cohort: Cohort, today: date | None = None) -> QuerySet[Membership]:
    """Each project of the cohort with its sessions and hours, the date of its last session, its feedback, and
    whether it is quiet — all computed by the database in one query; plus its running mentors, prefetched.

    Quiet: no session logged (or dated) in the last QUIET_PROJECT_AFTER, and no mentor who started in that time
    (a pair confirmed a week ago has not had the time to meet yet). A project without any running mentor and
    without recent sessions is quiet too; the page says it has no mentor."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    sessions = "mentor_matches__sessions"
    recent = MentoringSession.objects.filter(match__membership=OuterRef("pk")).filter(
        Q(date__gt=today - QUIET_PROJECT_AFTER) | Q(logged_at__gt=now - QUIET_PROJECT_AFTER)
    )
    new_mentor = Match.objects.filter(
        membership=OuterRef("pk"), status=MatchStatus.ACTIVE, confirmed_at__gt=now - QUIET_PROJECT_AFTER
    )
    return (
        Membership.objects.filter(cohort=cohort)
        .select_related("application")
        .annotate(
            session_count=Count(sessions),
            minutes=Coalesce(Sum(f"{sessions}__duration_minutes"), 0, output_field=IntegerField()),
            last_session_on=Max(f"{sessions}__date"),
            feedback_count=Count(sessions, filter=Q(**{f"{sessions}__holder_feedback_usefulness__isnull": False})),
            average_usefulness=Avg(f"{sessions}__holder_feedback_usefulness"),
            is_quiet=~Exists(recent) & ~Exists(new_mentor),
        )
        .prefetch_related(
            Prefetch(
                "mentor_matches",
                queryset=Match.objects.filter(status=MatchStatus.ACTIVE).select_related("mentor__user"),
                to_attr="running_matches",
            )
        )
        .order_by("application__project_name", "pk")
    )


def cohort_mentor_follow_up(*, cohort: Cohort) -> QuerySet[Mentor]:
    """Each mentor matched (now or before) with a project of the cohort: projects, sessions and hours there."""
    in_cohort = Q(matches__membership__cohort=cohort)
    return (
        Mentor.objects.filter(Exists(Match.objects.filter(mentor=OuterRef("pk"), membership__cohort=cohort)))
        .select_related("user")
        .annotate(
            running_project_count=Count(
                "matches", filter=in_cohort & Q(matches__status=MatchStatus.ACTIVE), distinct=True
            ),
            session_count=Count("matches__sessions", filter=in_cohort),
            minutes=Coalesce(
                Sum("matches__sessions__duration_minutes", filter=in_cohort), 0, output_field=IntegerField()
            ),
            last_session_on=Max("matches__sessions__date", filter=in_cohort),
        )
        .order_by("user__full_name", "pk")
    )


def cohort_feedback(*, cohort: Cohort, limit: int = 50) -> QuerySet[MentoringSession]:
    """The latest feedback the cohort's project holders gave on their sessions."""
    return (
        MentoringSession.objects.filter(match__membership__cohort=cohort, holder_feedback_usefulness__isnull=False)
        .select_related("match__mentor__user", "match__membership__application")
        .order_by("-holder_feedback_at", "-pk")[:limit]
    )


def cohort_totals(*, cohort: Cohort) -> dict:
    return MentoringSession.objects.filter(match__membership__cohort=cohort).aggregate(
        session_count=Count("pk"),
        minutes=Coalesce(Sum("duration_minutes"), 0, output_field=IntegerField()),
        average_usefulness=Avg("holder_feedback_usefulness"),
    )
