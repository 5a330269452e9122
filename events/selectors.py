"""Every non-trivial read of the events app."""

from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext

from cohorts.enums import SEAT_HOLDING_STATUSES
from cohorts.models import Membership
from roubaix_incubator.core.models import Neighbourhood
from roubaix_incubator.core.text import plain_text

from .enums import ActorKind, Audience, RegistrationStatus
from .models import Contribution, Event, EventQuestion, Registration, Table, Vote

CONFIRMED = Q(registrations__status=RegistrationStatus.CONFIRMED)
PAST_EVENTS_SHOWN = 12


def _with_seat_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.annotate(confirmed_count=Count("registrations", filter=CONFIRMED))


# Who sees which event: the rule lives here and only here. Everything public-facing (agenda, event page,
# registration, synthesis) starts from `events_visible_to`.


def _member_cohort_ids(user) -> QuerySet[Membership]:
    """The cohorts a user belongs to: one of their projects is in it, still in the programme or having completed
    it (a project that left the cohort no longer sees its events)."""
    return Membership.objects.filter(application__applicant=user, status__in=SEAT_HOLDING_STATUSES).values("cohort_id")


def _may_join(user) -> Q:
    """The events a user may see and register for: public ones, and those of their own cohort."""
    public = Q(audience=Audience.PUBLIC)
    if not user.is_authenticated:
        return public
    return public | Q(audience=Audience.COHORT, cohort_id__in=_member_cohort_ids(user))


def _sees_every_event(user) -> bool:
    return user.is_authenticated and user.is_staff and user.has_perm("events.view_event")


def events_visible_to(*, user) -> QuerySet[Event]:
    """The published events this user may see, each annotated with `user_may_register`.

    Anonymous visitors and people outside a cohort see the public events only; members of a cohort see its events
    too; staff allowed to view events see them all, but only join those open to them like anybody else. The
    membership test is a subquery: it costs no query of its own, whatever the number of events."""
    may_join = _may_join(user)
    events = (
        Event.objects.filter(published=True)
        .select_related("neighbourhood", "cohort")
        .annotate(
            user_may_register=Case(When(may_join, then=Value(True)), default=Value(False), output_field=BooleanField())
        )
    )
    return events if _sees_every_event(user) else events.filter(may_join)


def user_may_register(*, event: Event, user) -> bool:
    """The same rule as `events_visible_to`, for one event already in hand (the registration service checks it
    again under the event's lock)."""
    return Event.objects.filter(_may_join(user), pk=event.pk).exists()


def _published(*, user, kind: str = "", neighbourhood: Neighbourhood | None = None) -> QuerySet[Event]:
    events = events_visible_to(user=user)
    if kind:
        events = events.filter(kind=kind)
    if neighbourhood is not None:
        events = events.filter(neighbourhood=neighbourhood)
    return events


def events_upcoming(
    *, user, kind: str = "", neighbourhood: Neighbourhood | None = None, now=None
) -> QuerySet[Event]:
    """Events this user may see, not over yet (an event under way is still "upcoming"), the soonest first."""
    now = now or timezone.now()
    events = _published(user=user, kind=kind, neighbourhood=neighbourhood).filter(ends_at__gt=now)
    return _with_seat_counts(events).order_by("starts_at", "pk")


def events_past(*, user, kind: str = "", neighbourhood: Neighbourhood | None = None, now=None) -> QuerySet[Event]:
    now = now or timezone.now()
    events = _published(user=user, kind=kind, neighbourhood=neighbourhood).filter(ends_at__lte=now)
    return events.order_by("-starts_at", "-pk")


@dataclass(frozen=True)
class PastEventsPage:
    events: list
    number: int
    has_previous: bool
    has_next: bool


def events_past_page(
    *, user, kind: str = "", neighbourhood: Neighbourhood | None = None, page: int = 1, now=None
) -> PastEventsPage:
    """One page of past events, the latest first. One query: a row more than the page is read to know whether an
    older page exists (no separate count)."""
    page = max(page, 1)
    start = (page - 1) * PAST_EVENTS_SHOWN
    events = list(
        events_past(user=user, kind=kind, neighbourhood=neighbourhood, now=now)[start : start + PAST_EVENTS_SHOWN + 1]
    )
    return PastEventsPage(
        events=events[:PAST_EVENTS_SHOWN], number=page, has_previous=page > 1, has_next=len(events) > PAST_EVENTS_SHOWN
    )


def neighbourhoods_with_events(*, user) -> QuerySet[Neighbourhood]:
    """The agenda's neighbourhood filter: only where this user has something to see."""
    return Neighbourhood.objects.filter(pk__in=events_visible_to(user=user).values("neighbourhood_id")).order_by(
        "name"
    )


def event_get_visible(*, slug: str, user) -> Event:
    """One event of the agenda with its seats counted; an event the user may not see is a 404."""
    return get_object_or_404(_with_seat_counts(events_visible_to(user=user)), slug=slug)


def event_confirmed_count(*, event: Event) -> int:
    """How many people hold a seat: the capacity may not go below it."""
    return Registration.objects.filter(event_id=event.pk, status=RegistrationStatus.CONFIRMED).count()


def event_get_for_staff(*, slug: str) -> Event:
    return get_object_or_404(Event.objects.select_related("neighbourhood"), slug=slug)


def registration_for_user(*, event: Event, user) -> Registration | None:
    """The account holder's active registration for this event, if any (to show it instead of the form)."""
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .filter(Q(user=user) | Q(email__iexact=user.email))
        .first()
    )


def registration_get_by_token(*, token: str) -> Registration:
    """The registration behind a private link; any other token, or a registration anonymised, is a 404."""
    registrations = Registration.objects.select_related("event", "event__neighbourhood", "table", "neighbourhood")
    return get_object_or_404(registrations.filter(anonymised_at__isnull=True), token=token)


def contributions_for_participant(*, registration: Registration) -> QuerySet[Contribution]:
    """The event's visible contributions, the most voted first, with whether this participant voted for each."""
    return (
        Contribution.objects.filter(event_id=registration.event_id, hidden=False, merged_into__isnull=True)
        .select_related("table")
        .annotate(
            vote_count=Count("votes", distinct=True),
            has_voted=Exists(Vote.objects.filter(contribution=OuterRef("pk"), registration=registration)),
        )
        .order_by("-vote_count", "created_at", "pk")
    )


def contribution_for_participant(*, registration: Registration, pk: int) -> Contribution:
    """One contribution of the participant's own event (even one hidden meanwhile), with its votes; a contribution
    of another event is a 404."""
    contributions = (
        Contribution.objects.filter(event_id=registration.event_id)
        .select_related("table")
        .annotate(
            vote_count=Count("votes", distinct=True),
            has_voted=Exists(Vote.objects.filter(contribution=OuterRef("pk"), registration=registration)),
        )
    )
    return get_object_or_404(contributions, pk=pk)


def contribution_get_for_event(*, registration: Registration, pk: int) -> Contribution:
    return get_object_or_404(Contribution.objects.filter(event_id=registration.event_id), pk=pk)


def checkin_list(*, event: Event, query: str = "") -> QuerySet[Registration]:
    """Everyone expected at the door (waitlist included: staff may let them in), searchable by name,
    organisation or e-mail, whatever the accents and capitals: each word typed must appear in one of them."""
    registrations = (
        Registration.objects.filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("neighbourhood", "table")
        .order_by("full_name", "pk")
    )
    for word in plain_text(query).split():
        registrations = registrations.filter(search_text__contains=word)
    return registrations


@dataclass(frozen=True)
class CheckinCounts:
    present: int
    registered: int
    waitlisted: int


def checkin_counts(*, event: Event) -> CheckinCounts:
    counts = Registration.objects.filter(event=event).aggregate(
        present=Count("pk", filter=Q(checked_in_at__isnull=False) & ~Q(status=RegistrationStatus.CANCELLED)),
        registered=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
    )
    return CheckinCounts(**counts)


def registration_get_for_staff(*, pk: int) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("event", "neighbourhood", "table"), pk=pk
    )


def event_questions(*, event: Event) -> list[EventQuestion]:
    return list(EventQuestion.objects.filter(event_id=event.pk).order_by("order", "pk"))


def registration_answers(
    *, registration: Registration, questions: list[EventQuestion], leftovers: bool = False
) -> list[tuple[str, str]]:
    """The registration's answers as (question, answer) in the questions' order, unanswered ones left out.

    With `leftovers`, answers kept under a key that is no current question come last: the wording of a question
    edited before questions had ids (migration 0007), or the id of a question since deleted."""
    answers = registration.answers or {}
    rows = [
        (question.label, question.display_answer(answers[question.answer_key]))
        for question in questions
        if answers.get(question.answer_key) not in (None, "")
    ]
    if leftovers:
        known = {question.answer_key for question in questions}
        for key, value in answers.items():
            if key not in known and value not in (None, ""):
                label = gettext("Question supprimée (n° %(id)s)") % {"id": key} if key.isdigit() else key
                rows.append((label, str(value)))
    return rows


@dataclass(frozen=True)
class RegistrationExport:
    questions: list[EventQuestion]
    registrations: list[Registration]


def event_registrations_for_export(*, event: Event) -> RegistrationExport:
    """Every registration of the event, cancelled ones included, in the order they came, with the event's
    questions: two queries, whatever the number of registrations."""
    registrations = (
        Registration.objects.filter(event_id=event.pk)
        .select_related("neighbourhood", "table")
        .order_by("created_at", "pk")
    )
    return RegistrationExport(questions=event_questions(event=event), registrations=list(registrations))


def table_with_participants(*, event: Event, pk: int) -> Table:
    participants = Registration.objects.filter(status=RegistrationStatus.CONFIRMED).select_related("neighbourhood")
    return get_object_or_404(
        event.tables.prefetch_related(Prefetch("registrations", queryset=participants.order_by("full_name", "pk"))),
        pk=pk,
    )


def tables_with_counts(*, event: Event) -> QuerySet[Table]:
    return event.tables.annotate(
        seated=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED))
    ).order_by("order", "pk")


def event_get_synthesis(*, slug: str, user) -> Event:
    """A published synthesis of an event the user may see; staff may preview one not yet published."""
    events = events_visible_to(user=user)
    if not (user.is_staff and user.has_perm("events.change_event")):
        events = events.filter(synthesis_published=True)
    return get_object_or_404(events, slug=slug)


# Statistical secrecy of the public synthesis: the consent promises anonymous figures, and at a neighbourhood
# meetup "1 institution" or "2 people from Moulin" points at someone.
SMALL_GROUP = 5
SMALL = "< 5"


@dataclass(frozen=True)
class AttendanceRow:
    label: str
    registered: int | str  # a count, or "< 5"
    present: int | str


def _is_small(count: int) -> bool:
    return 0 < count < SMALL_GROUP  # 0 stays 0: nobody to protect


def _shown(count: int) -> int | str:
    return SMALL if _is_small(count) else count


def _protect_small_groups(rows: list[AttendanceRow]) -> list[AttendanceRow]:
    """No group of 1 to 4 people is shown, nor can be worked out by subtraction.

    The groups with fewer than 5 registered or present are merged into one row "Autres (moins de 5 chacun)".
    If that row is still a small group, the two breakdowns (or the event's seat count) would give it back from
    the total, so the smallest other groups join it until it is not; it is then just "Autres". Only when all the
    participants together are fewer than 5 does a "< 5" remain, and then it is the total itself, the same in
    both breakdowns."""
    kept = sorted(
        (row for row in rows if not (_is_small(row.registered) or _is_small(row.present))),
        key=lambda row: (row.registered, row.present, row.label),
    )
    others = [row for row in rows if _is_small(row.registered) or _is_small(row.present)]
    only_small = True
    while others and kept and (
        _is_small(sum(row.registered for row in others)) or _is_small(sum(row.present for row in others))
    ):
        others.append(kept.pop(0))
        only_small = False
    result = sorted(kept, key=lambda row: (-row.registered, row.label))
    if others:
        label = gettext("Autres (moins de 5 chacun)") if only_small else gettext("Autres")
        result.append(
            AttendanceRow(
                label,
                _shown(sum(row.registered for row in others)),
                _shown(sum(row.present for row in others)),
            )
        )
    return result


def _attendance(rows, labels) -> list[AttendanceRow]:
    return _protect_small_groups([AttendanceRow(labels(row), row["registered"], row["present"]) for row in rows])


def event_attendance(*, event: Event) -> dict[str, list[AttendanceRow]]:
    """Confirmed participants and people present, by kind of actor and by neighbourhood, with the small groups
    hidden (`_protect_small_groups`): this is published."""
    confirmed = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
    counts = {"registered": Count("pk"), "present": Count("pk", filter=Q(checked_in_at__isnull=False))}
    by_kind = confirmed.values("actor_kind").annotate(**counts).order_by("-registered", "actor_kind")
    by_neighbourhood = (
        confirmed.values("neighbourhood__name").annotate(**counts).order_by("-registered", "neighbourhood__name")
    )
    return {
        "by_kind": _attendance(by_kind, lambda row: ActorKind(row["actor_kind"]).label),
        "by_neighbourhood": _attendance(
            by_neighbourhood, lambda row: row["neighbourhood__name"] or gettext("Non précisé")
        ),
    }


def contributions_ranked(*, event: Event) -> QuerySet[Contribution]:
    """The visible contributions, the most voted first (merged duplicates brought their votes along)."""
    return (
        Contribution.objects.filter(event=event, hidden=False, merged_into__isnull=True)
        .select_related("table")
        .annotate(vote_count=Count("votes", distinct=True), merged_count=Count("merged", distinct=True))
        .order_by("-vote_count", "created_at", "pk")
    )
