"""The reads behind the dashboard and the reports. Every figure is computed by the database (COUNT / SUM with
filters, GROUP BY): the number of queries does not depend on the number of rows, and a report over 100,000
applications stays a handful of aggregate queries. Python only reshapes the aggregated results."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, IntegerField, Max, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from applications.enums import AgeBand, EmploymentStatus, Gender, LegalForm, Stage, Status, YesNoUnsaid
from applications.models import Application, Call
from cohorts.enums import MembershipStatus
from cohorts.models import Cohort, Decision, ImpactReport, Membership, Review
from cohorts.selectors import RANKED_STATUSES, impact_figures_per_cohort, impact_figures_per_membership
from events.enums import ActorKind, EventKind, RegistrationStatus
from events.models import Event, Registration
from mentors.enums import QUIET_PROJECT_AFTER
from mentors.models import MentoringSession
from mentors.selectors import cohort_project_follow_up
from roubaix_incubator.core.models import Neighbourhood

from .enums import HOLDER_PROFILE_PERMISSION, ReportKind, ReportStatus
from .models import Report

# An application "sent" is in the selection: everything but drafts and files the applicant took back.
SENT = Q(status__in=RANKED_STATUSES)


def _zero(expression):
    return Coalesce(expression, 0, output_field=IntegerField())


# The current call, cohort and period of the dashboard


def _calls_opened(*, now) -> QuerySet[Call]:
    return Call.objects.filter(is_published=True, opens_at__lte=now).order_by("-opens_at", "-pk")


def _cohorts_started(*, today: date) -> QuerySet[Cohort]:
    return Cohort.objects.filter(starts_on__lte=today).select_related("call").order_by("-starts_on", "-pk")


def dashboard_calls(*, now=None) -> list[Call]:
    """Every published call that has opened, latest first: the dashboard's choice. The first is the current call
    (open now, or the last one that closed), the dashboard's default."""
    return list(_calls_opened(now=now or timezone.now()))


def dashboard_cohorts(*, today: date | None = None) -> list[Cohort]:
    """Every cohort that has started, latest first: the dashboard's choice. The first is the current cohort (the
    one running, or the last one that ended), the dashboard's default."""
    return list(_cohorts_started(today=today or timezone.localdate()))


def current_call(*, now=None) -> Call | None:
    """The first of `dashboard_calls` (read alone)."""
    return _calls_opened(now=now or timezone.now()).first()


def current_cohort(*, today: date | None = None) -> Cohort | None:
    """The first of `dashboard_cohorts` (read alone)."""
    return _cohorts_started(today=today or timezone.localdate()).first()


# Applications of a call


def _served(call: Call, **conditions):
    """The ids of the call's applications serving a neighbourhood (matching `conditions`): an uncorrelated
    subquery, which PostgreSQL hashes once instead of probing it for every application."""
    through = Application.neighbourhoods.through
    return through.objects.filter(application__call=call, **conditions).values("application_id")


def _counts_by(field: str, values, *, within: Q, prefix: str) -> dict:
    """One filtered COUNT per value of `field` among the rows matching `within` (blank included)."""
    return {f"{prefix}{value}": Count("pk", filter=within & Q(**{field: value})) for value in [*values, ""]}


@dataclass(frozen=True)
class CallFigures:
    by_status: dict[str, int]
    sent: int
    by_stage: dict[str, int]
    by_legal_form: dict[str, int]
    serving_priority_areas: int
    without_neighbourhood: int
    jobs: dict[str, int]
    funding_need: int


def call_figures(*, call: Call) -> CallFigures:
    """The funnel, the sent applications by stage and legal form, those serving a priority area, the jobs and
    funding planned: one aggregate query over the call's applications."""
    figures = Application.objects.filter(call=call).aggregate(
        **{f"status_{value}": Count("pk", filter=Q(status=value)) for value in Status.values},
        sent=Count("pk", filter=SENT),
        **_counts_by("stage", Stage.values, within=SENT, prefix="stage_"),
        **_counts_by("legal_form", LegalForm.values, within=SENT, prefix="legal_"),
        serving_priority_areas=Count("pk", filter=SENT & Q(pk__in=_served(call, neighbourhood__is_priority_area=True))),
        without_neighbourhood=Count("pk", filter=SENT & ~Q(pk__in=_served(call))),
        jobs_at_12_months=_zero(Sum("jobs_at_12_months", filter=SENT)),
        inclusive_jobs_at_12_months=_zero(Sum("inclusive_jobs_at_12_months", filter=SENT)),
        jobs_at_36_months=_zero(Sum("jobs_at_36_months", filter=SENT)),
        inclusive_jobs_at_36_months=_zero(Sum("inclusive_jobs_at_36_months", filter=SENT)),
        funding_need=_zero(Sum("funding_need", filter=SENT)),
    )

    def pick(prefix: str) -> dict[str, int]:
        return {key.removeprefix(prefix): value for key, value in figures.items() if key.startswith(prefix)}

    return CallFigures(
        by_status=pick("status_"),
        sent=figures["sent"],
        by_stage=pick("stage_"),
        by_legal_form=pick("legal_"),
        serving_priority_areas=figures["serving_priority_areas"],
        without_neighbourhood=figures["without_neighbourhood"],
        jobs={
            key: figures[key]
            for key in (
                "jobs_at_12_months",
                "inclusive_jobs_at_12_months",
                "jobs_at_36_months",
                "inclusive_jobs_at_36_months",
            )
        },
        funding_need=figures["funding_need"],
    )


def applications_per_neighbourhood(*, call: Call | None = None, statuses=RANKED_STATUSES) -> QuerySet[Neighbourhood]:
    """Every neighbourhood with the number of applications in `statuses` serving it (an application may serve
    several); `call=None`: every call. One query."""
    condition = Q(applications__status__in=statuses)
    if call is not None:
        condition &= Q(applications__call=call)
    return Neighbourhood.objects.annotate(application_count=Count("applications", filter=condition)).order_by(
        "-application_count", "name"
    )


def call_reviews(*, call: Call) -> dict[str, int]:
    """The jury's progress on the call: reviews submitted, still open, closed by a conflict of interest."""
    return Review.objects.filter(application__call=call).aggregate(
        assigned=Count("pk"),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        open=Count("pk", filter=Q(submitted_at__isnull=True, conflict_of_interest=False)),
        conflicts=Count("pk", filter=Q(conflict_of_interest=True)),
    )


def call_referrals(*, call: Call) -> QuerySet:
    """The partners released decisions pointed rejected or referred projects to, most used first."""
    return (
        Decision.objects.filter(application__call=call, released_at__isnull=False)
        .exclude(referral_partner="")
        .values("referral_partner")
        .annotate(count=Count("pk"))
        .order_by("-count", "referral_partner")
    )


# The holders' profile (funders' statistics)

HOLDER_DIMENSIONS = (
    ("holder_gender", Gender),
    ("holder_age_band", AgeBand),
    ("holder_employment_status", EmploymentStatus),
    ("holder_lives_in_priority_area", YesNoUnsaid),
)
ACCEPTED = Q(status=Status.ACCEPTED)


def holder_profile_figures(*, call: Call | None = None) -> dict[str, dict[str, dict[str, int]]]:
    """{population: {dimension: {value: count}}} for the sent and the accepted applications, every dimension of
    the holders' profile: one aggregate query."""
    applications = Application.objects.all() if call is None else Application.objects.filter(call=call)
    aggregates, cells = {}, {}
    for population, within in (("sent", SENT), ("accepted", ACCEPTED)):
        cells[f"total_{population}"] = (population, "total", "")
        aggregates[f"total_{population}"] = Count("pk", filter=within)
        for field, choices in HOLDER_DIMENSIONS:
            for value in [*choices.values, ""]:
                alias = f"c{len(cells)}"
                cells[alias] = (population, field, value)
                aggregates[alias] = Count("pk", filter=within & Q(**{field: value}))
    figures: dict[str, dict[str, dict[str, int]]] = {"sent": {}, "accepted": {}}
    for alias, count in applications.aggregate(**aggregates).items():
        population, field, value = cells[alias]
        figures[population].setdefault(field, {})[value] = count
    return figures


# A cohort


@dataclass(frozen=True)
class CohortFigures:
    members_by_status: dict[str, int]
    minutes_this_month: int
    minutes_total: int
    sessions_this_month: int
    sessions_total: int
    quiet_projects: list[dict]
    impact: dict[str, int]


def _month_start(today: date) -> date:
    return today.replace(day=1)


def cohort_figures(*, cohort: Cohort, today: date | None = None) -> CohortFigures:
    """Members by status, mentoring time this month and in total, the active projects without a session for
    30 days, and the impact figures declared: four aggregate queries."""
    today = today or timezone.localdate()
    members = Membership.objects.filter(cohort=cohort).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in MembershipStatus.values}
    )
    this_month = Q(date__gte=_month_start(today), date__lte=today)
    sessions = MentoringSession.objects.filter(match__membership__cohort=cohort).aggregate(
        minutes_total=_zero(Sum("duration_minutes")),
        minutes_this_month=_zero(Sum("duration_minutes", filter=this_month)),
        sessions_total=Count("pk"),
        sessions_this_month=Count("pk", filter=this_month),
    )
    quiet = list(
        Membership.objects.filter(cohort=cohort, status=MembershipStatus.ACTIVE)
        .annotate(last_session_on=Max("mentor_matches__sessions__date"))
        .filter(Q(last_session_on__isnull=True) | Q(last_session_on__lte=today - QUIET_PROJECT_AFTER))
        .values("pk", "application__project_name", "last_session_on")
        .order_by("application__project_name", "pk")
    )
    impact = (
        impact_figures_per_cohort(cohorts=Cohort.objects.filter(pk=cohort.pk))
        .values("report_count", "jobs_created", "inclusive_jobs_created", "beneficiaries", "revenue")
        .get()
    )
    return CohortFigures(
        members_by_status=members,
        minutes_this_month=sessions["minutes_this_month"],
        minutes_total=sessions["minutes_total"],
        sessions_this_month=sessions["sessions_this_month"],
        sessions_total=sessions["sessions_total"],
        quiet_projects=quiet,
        impact=impact,
    )


def cohort_impact_per_quarter(*, cohort: Cohort) -> QuerySet:
    return (
        ImpactReport.objects.filter(membership__cohort=cohort)
        .values("year", "quarter")
        .annotate(
            report_count=Count("pk"),
            jobs_created=Sum("jobs_created"),
            inclusive_jobs_created=Sum("inclusive_jobs_created"),
            beneficiaries=Sum("beneficiaries"),
            revenue=Sum("revenue"),
        )
        .order_by("year", "quarter")
    )


def cohort_members(*, cohort: Cohort, today: date | None = None) -> list[dict]:
    """Each member with its mentoring (sessions, time, last session) and its declared impact: the mentors' and
    the cohorts' own per-project selectors, one aggregate query each, joined on the membership."""
    follow_up = {
        row["pk"]: row
        for row in cohort_project_follow_up(cohort=cohort, today=today).values(
            "pk", "session_count", "minutes", "last_session_on"
        )
    }
    rows = []
    for member in impact_figures_per_membership(cohort=cohort).values(
        "pk",
        "application__project_name",
        "status",
        "report_count",
        "jobs_created",
        "inclusive_jobs_created",
        "beneficiaries",
        "revenue",
    ):
        rows.append({**member, **follow_up.get(member["pk"], {})})
    return rows


# Events


def _events_in(start: datetime | None, end: datetime | None) -> Q:
    condition = Q(published=True)
    if start is not None:
        condition &= Q(starts_at__gte=start)
    if end is not None:
        condition &= Q(starts_at__lt=end)
    return condition


@dataclass(frozen=True)
class EventFigures:
    events: int
    ended_events: int
    confirmed: int
    waitlisted: int
    cancelled: int
    confirmed_at_ended_events: int
    present: int
    walk_ins: int

    @property
    def attendance_rate(self) -> float | None:
        """People present over people registered (confirmed), at the events that have ended."""
        if not self.confirmed_at_ended_events:
            return None
        return self.present / self.confirmed_at_ended_events


def event_figures(*, start: datetime | None = None, end: datetime | None = None, now=None) -> EventFigures:
    """Registrations and attendance over the published events starting in [start, end): two aggregate queries."""
    now = now or timezone.now()
    events = Event.objects.filter(_events_in(start, end)).aggregate(
        events=Count("pk"), ended_events=Count("pk", filter=Q(ends_at__lte=now))
    )
    confirmed = Q(status=RegistrationStatus.CONFIRMED)
    registrations = Registration.objects.filter(
        event__in=Event.objects.filter(_events_in(start, end)).values("pk")
    ).aggregate(
        confirmed=Count("pk", filter=confirmed),
        waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
        cancelled=Count("pk", filter=Q(status=RegistrationStatus.CANCELLED)),
        confirmed_at_ended_events=Count("pk", filter=confirmed & Q(event__ends_at__lte=now)),
        present=Count("pk", filter=confirmed & Q(event__ends_at__lte=now, checked_in_at__isnull=False)),
        walk_ins=Count("pk", filter=confirmed & Q(walk_in=True)),
    )
    return EventFigures(**events, **registrations)


def _confirmed_registrations(start, end) -> QuerySet[Registration]:
    return Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED, event__in=Event.objects.filter(_events_in(start, end)).values("pk")
    )


def _attendance_counts(now) -> dict:
    return {
        "registered": Count("pk"),
        "present": Count("pk", filter=Q(checked_in_at__isnull=False, event__ends_at__lte=now)),
    }


def participants_by_actor_kind(*, start=None, end=None, now=None) -> dict[str, dict[str, int]]:
    now = now or timezone.now()
    rows = _confirmed_registrations(start, end).values("actor_kind").annotate(**_attendance_counts(now)).order_by()
    counts = {row.pop("actor_kind"): row for row in rows}
    return {kind: counts.get(kind, {"registered": 0, "present": 0}) for kind in ActorKind.values}


def participants_by_neighbourhood(*, start=None, end=None, now=None) -> QuerySet:
    now = now or timezone.now()
    return (
        _confirmed_registrations(start, end)
        .values("neighbourhood__name", "neighbourhood__is_priority_area")
        .annotate(**_attendance_counts(now))
        .order_by("-registered", "neighbourhood__name")
    )


def events_by_kind(*, start=None, end=None) -> dict[str, dict[str, int]]:
    rows = (
        Event.objects.filter(_events_in(start, end))
        .values("kind")
        .annotate(
            events=Count("pk", distinct=True),
            registered=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
        )
        .order_by()
    )
    counts = {row.pop("kind"): row for row in rows}
    return {kind: counts.get(kind, {"events": 0, "registered": 0}) for kind in EventKind.values}


def events_with_attendance(*, start=None, end=None, now=None) -> QuerySet[Event]:
    """Each event of the period with its registrations by status and the people present: one query."""
    now = now or timezone.now()
    confirmed = Q(registrations__status=RegistrationStatus.CONFIRMED)
    return (
        Event.objects.filter(_events_in(start, end))
        .select_related("neighbourhood")
        .annotate(
            confirmed=Count("registrations", filter=confirmed),
            waitlisted=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)),
            cancelled=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CANCELLED)),
            present=Count("registrations", filter=confirmed & Q(registrations__checked_in_at__isnull=False)),
        )
        .order_by("starts_at", "pk")
    )


def period_bounds(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    """[start, end] in days, as aware datetimes [start 00:00, the day after end 00:00)."""

    def midnight(day: date) -> datetime:
        return timezone.make_aware(datetime.combine(day, datetime.min.time()))

    return (midnight(start) if start else None, midnight(end + timedelta(days=1)) if end else None)


# Reports


def reports_lost(*, now, lost_after: timedelta) -> QuerySet[Report]:
    """Reports still pending a while after they were requested: their build task was lost."""
    return Report.objects.filter(status=ReportStatus.PENDING, requested_at__lt=now - lost_after).order_by("pk")


def reports_stuck(*, now, stuck_after: timedelta) -> QuerySet[Report]:
    """Builds still in construction long after they started: their worker died."""
    return Report.objects.filter(status=ReportStatus.BUILDING, started_at__lt=now - stuck_after).order_by("pk")


# An e-mail about a report older than this is not worth sending any more.
EMAIL_RECOVERY_WINDOW = timedelta(days=7)


def reports_ready_email_missing(*, now, lost_after: timedelta) -> QuerySet[Report]:
    """Built reports whose "ready" e-mail was never sent (its task was lost), in the last week."""
    return Report.objects.filter(
        status=ReportStatus.READY,
        ready_email_sent_at__isnull=True,
        requested_by__isnull=False,
        built_at__lt=now - lost_after,
        built_at__gte=now - EMAIL_RECOVERY_WINDOW,
    ).order_by("pk")


def reports_failure_email_missing(*, now, lost_after: timedelta) -> QuerySet[Report]:
    """Failed reports whose requester was never told (the task was lost), in the last week."""
    return Report.objects.filter(
        status=ReportStatus.FAILED,
        failure_email_sent_at__isnull=True,
        requested_by__isnull=False,
        started_at__lt=now - lost_after,
        started_at__gte=now - EMAIL_RECOVERY_WINDOW,
    ).order_by("pk")


def reports_visible_to(*, user) -> QuerySet[Report]:
    """The reports a staff user may open: all of them, but the funders' reports only with the permission to
    see the holders' profile."""
    reports = Report.objects.select_related("requested_by")
    if not user.has_perm(HOLDER_PROFILE_PERMISSION):
        reports = reports.exclude(kind=ReportKind.FUNDERS)
    return reports


def report_get_ready_for_user(*, user, pk: int) -> Report:
    """A built report the user may open; a 404 for anyone else, and for a report not ready yet."""
    if not (user.is_active and user.is_staff and user.has_perm("reports.view_report")):
        raise Http404
    return get_object_or_404(reports_visible_to(user=user), pk=pk, status=ReportStatus.READY)
