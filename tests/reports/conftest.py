"""A hand-built programme with known answers: the current call's applications, the current cohort with its
mentoring and impact reports, and the events of the year. Every figure the tests expect is worked out in the
comments next to the rows that make it."""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone
from django.utils.text import slugify

from applications.enums import AgeBand, EmploymentStatus, Gender, LegalForm, Stage, Status, YesNoUnsaid
from cohorts.enums import MembershipStatus
from cohorts.models import Cohort, ImpactReport, Membership
from events.enums import ActorKind, EventKind, RegistrationStatus
from events.models import Event, Registration
from mentors.enums import MatchStatus
from mentors.models import Match, Mentor, MentoringSession
from roubaix_incubator.celery import app as celery_app
from roubaix_incubator.core.models import Neighbourhood
from tests.factories import ApplicationFactory, CallFactory, UserFactory


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Tasks run inline here, whatever REDIS_URL says; the real-worker test opts out."""
    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    previous = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = True, True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


PRIORITY_AREAS = {"Alma": True, "Pile": True, "Épeule": True, "Centre-ville": False, "Barbieux": False}


def neighbourhood(name: str) -> Neighbourhood:
    """A neighbourhood seeded by core's migration (made again if a transactional test flushed the table)."""
    return Neighbourhood.objects.get_or_create(
        name=name, defaults={"slug": slugify(name), "is_priority_area": PRIORITY_AREAS[name]}
    )[0]


def make_application(call, status=Status.SUBMITTED, *, stage="", legal_form="", neighbourhoods=(), **fields):
    application = ApplicationFactory(
        call=call,
        status=status,
        stage=stage,
        legal_form=legal_form,
        submitted_at=None if status == Status.DRAFT else timezone.now(),
        **fields,
    )
    if neighbourhoods:
        application.neighbourhoods.set([neighbourhood(name) for name in neighbourhoods])
    return application


def holder(gender=Gender.WOMAN, age=AgeBand.FROM_26_TO_35, employment=EmploymentStatus.JOBSEEKER, qpv=YesNoUnsaid.YES):
    return {
        "holder_gender": gender,
        "holder_age_band": age,
        "holder_employment_status": employment,
        "holder_lives_in_priority_area": qpv,
    }


@dataclass
class World:
    call: object
    old_call: object
    cohort: Cohort
    today: date
    members: dict


def build_world() -> World:
    now = timezone.now()
    today = timezone.localdate(now)
    old_call = CallFactory(
        title="Promotion 2025", opens_at=now - timedelta(days=400), closes_at=now - timedelta(days=330)
    )
    call = CallFactory(title="Appel 2026", opens_at=now - timedelta(days=10), closes_at=now + timedelta(days=20))
    # Neither is "the current call": one is not published, the other has not opened.
    CallFactory(title="Brouillon d'appel", is_published=False, opens_at=now - timedelta(days=2))
    CallFactory(title="Appel à venir", upcoming=True)

    s, woman, man = Status, Gender.WOMAN, Gender.MAN
    # The 9 sent applications of the current call (status, stage, legal form, neighbourhoods, holder):
    sent = [
        (s.SUBMITTED, Stage.IDEA, LegalForm.ASSOCIATION, ["Alma"], holder(woman)),
        (s.SUBMITTED, Stage.EMERGENCE, LegalForm.ASSOCIATION, ["Alma", "Centre-ville"], holder(woman)),
        (s.UNDER_REVIEW, Stage.EMERGENCE, LegalForm.SCOP, ["Pile"], holder(woman)),
        (s.SHORTLISTED, Stage.EMERGENCE, LegalForm.NONE_YET, ["Centre-ville"], holder(woman)),
        (s.ACCEPTED, Stage.DEVELOPMENT, LegalForm.ASSOCIATION, ["Alma"], holder(woman)),
        (
            s.ACCEPTED,
            Stage.EMERGENCE,
            LegalForm.ASSOCIATION,
            ["Pile", "Alma"],
            holder(woman, AgeBand.FROM_36_TO_50, EmploymentStatus.MINIMUM_INCOME, YesNoUnsaid.NO),
        ),
        (
            s.WAITLISTED,
            Stage.DEVELOPMENT,
            LegalForm.NONE_YET,
            ["Centre-ville"],
            holder(man, AgeBand.FROM_36_TO_50, EmploymentStatus.EMPLOYED, YesNoUnsaid.NO),
        ),
        (
            s.REFERRED,
            Stage.IDEA,
            LegalForm.ASSOCIATION,
            [],
            holder(man, AgeBand.FROM_36_TO_50, EmploymentStatus.EMPLOYED, YesNoUnsaid.NO),
        ),
        (s.REJECTED, "", "", ["Barbieux"], {}),
    ]
    for status, stage, legal_form, places, profile in sent:
        make_application(
            call,
            status,
            stage=stage,
            legal_form=legal_form,
            neighbourhoods=places,
            jobs_at_12_months=2,
            inclusive_jobs_at_12_months=1,
            funding_need=10000,
            **profile,
        )
    # Not sent: 3 drafts and 1 withdrawn file; they only count in the funnel.
    make_application(
        call,
        s.DRAFT,
        stage=Stage.IDEA,
        legal_form=LegalForm.ASSOCIATION,
        neighbourhoods=["Alma"],
        jobs_at_12_months=50,
        **holder(woman),
    )
    make_application(call, s.DRAFT)
    make_application(call, s.DRAFT)
    make_application(
        call, s.WITHDRAWN, stage=Stage.EMERGENCE, legal_form=LegalForm.SCOP, neighbourhoods=["Pile"], **holder(man)
    )

    # The current cohort (from last year's call): 3 active members and 1 who left.
    cohort = Cohort.objects.create(
        call=old_call,
        name="Promotion Alma 2026",
        seats=8,
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=250),
    )
    members = {}
    for name, status in (
        ("A", MembershipStatus.ACTIVE),
        ("B", MembershipStatus.ACTIVE),
        ("C", MembershipStatus.ACTIVE),
        ("D", MembershipStatus.LEFT),
    ):
        application = make_application(
            old_call, s.ACCEPTED, project_name=f"Projet {name}", neighbourhoods=["Alma"], **holder(man)
        )
        members[name] = Membership.objects.create(cohort=cohort, application=application, status=status)
    # Two files of last year's call that did not get in: not counted in the current call's figures.
    make_application(old_call, s.REJECTED, neighbourhoods=["Alma"], **holder(woman))
    make_application(old_call, s.REJECTED, neighbourhoods=["Alma"], **holder(woman))

    # Mentoring: A met today (90 min, this month) and 40 days ago (60 min); B only 45 days ago (120 min);
    # C never. Total 270 min = 4.5 h, this month 90 min = 1.5 h; B and C have had no session for 30 days.
    mentor = Mentor.objects.create(user=UserFactory(full_name="Marraine Solidaire"))
    for key, sessions in (("A", [(0, 90), (40, 60)]), ("B", [(45, 120)]), ("C", [])):
        match = Match.objects.create(
            mentor=mentor, membership=members[key], status=MatchStatus.ACTIVE, confirmed_at=now - timedelta(days=50)
        )
        for days_ago, minutes in sessions:
            MentoringSession.objects.create(
                match=match,
                date=today - timedelta(days=days_ago),
                duration_minutes=minutes,
                idempotency_key=uuid.uuid4(),
            )

    # Impact: 2 reports, 3 jobs (1 inclusive), 40 beneficiaries, 6,000 € revenue.
    ImpactReport.objects.create(
        membership=members["A"],
        year=2026,
        quarter=1,
        jobs_created=2,
        inclusive_jobs_created=1,
        beneficiaries=30,
        revenue=5000,
    )
    ImpactReport.objects.create(
        membership=members["B"],
        year=2026,
        quarter=1,
        jobs_created=1,
        inclusive_jobs_created=0,
        beneficiaries=10,
        revenue=1000,
    )

    # Events of the dashboard's period (the last 12 months and to come):
    alma, pile, centre = neighbourhood("Alma"), neighbourhood("Pile"), neighbourhood("Centre-ville")
    past = make_event("cafelabo-alma", EventKind.NEIGHBOURHOOD_MEETUP, now - timedelta(days=10), alma)
    upcoming = make_event("matinale-emploi", EventKind.MORNING_TALK, now + timedelta(days=10), centre)
    checked_in = now - timedelta(days=10)
    # Past meetup: 4 confirmed (2 present, one of them came without registering), 1 waitlisted, 1 cancelled.
    register(past, ActorKind.RESIDENT, alma, checked_in_at=checked_in)
    register(past, ActorKind.ASSOCIATIVE, pile, checked_in_at=checked_in, walk_in=True)
    register(past, ActorKind.RESIDENT, alma)
    register(past, ActorKind.ECONOMIC, None)
    register(past, ActorKind.RESIDENT, alma, status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    register(past, ActorKind.CULTURAL, centre, status=RegistrationStatus.CANCELLED)
    # Upcoming talk: 2 confirmed.
    register(upcoming, ActorKind.SOCIAL, centre)
    register(upcoming, ActorKind.RESIDENT, alma)
    # An event of two years ago, outside the dashboard's period.
    old = make_event("atelier-2024", EventKind.CO_CONSTRUCTION, now - timedelta(days=700), alma)
    for _ in range(3):
        register(old, ActorKind.INSTITUTION, alma, checked_in_at=now - timedelta(days=700))
    return World(call=call, old_call=old_call, cohort=cohort, today=today, members=members)


def make_event(slug, kind, starts_at, place) -> Event:
    return Event.objects.create(
        kind=kind,
        title=slug.replace("-", " ").title(),
        slug=slug,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        venue="Avant-Poste",
        neighbourhood=place,
        capacity=30,
        published=True,
    )


_registrations = iter(range(1, 10_000))


def register(event, actor_kind, place, *, status=RegistrationStatus.CONFIRMED, **fields) -> Registration:
    n = next(_registrations)
    return Registration.objects.create(
        event=event,
        full_name=f"Participant·e {n}",
        email=f"participant{n}@example.org",
        actor_kind=actor_kind,
        neighbourhood=place,
        consent_given_at=timezone.now(),
        status=status,
        **fields,
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def staff_with(db):
    def make(*permissions: str):
        return UserFactory(staff=True, permissions=list(permissions))

    return make
