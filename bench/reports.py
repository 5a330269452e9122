"""Benchmark of the reports at the issue's scale: 100,000 applications and 200,000 event registrations.

    createdb -h 127.0.0.1 -U postgres roubaix_reports_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/roubaix_reports_bench .venv/bin/python bench/reports.py

Migrates the database, creates the data once with bulk_create (kept for the next runs; `--rebuild` starts over,
`--scale 0.1` makes a tenth of it), then times the staff dashboard and the build of each kind of report (the
aggregate queries, the XLSX workbook and the printable page) and prints the times. Without PostgreSQL it says so
and stops: the figures that matter are PostgreSQL's. Not a test: timings are printed, never asserted.
"""

import argparse
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roubaix_incubator.settings")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
# The workbooks built here go to a temporary folder, not to the platform's private files.
os.environ.setdefault("PRIVATE_MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-reports-"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.utils import timezone  # noqa: E402

from applications.enums import AgeBand, EmploymentStatus, Gender, LegalForm, Stage, Status, YesNoUnsaid  # noqa: E402
from applications.models import Application, Call  # noqa: E402
from cohorts.enums import MembershipStatus  # noqa: E402
from cohorts.models import Cohort, ImpactReport, Membership  # noqa: E402
from events.enums import ActorKind, EventKind, RegistrationStatus  # noqa: E402
from events.models import Event, Registration  # noqa: E402
from mentors.enums import MatchStatus  # noqa: E402
from mentors.models import Match, Mentor, MentoringSession  # noqa: E402
from roubaix_incubator.core.models import Neighbourhood, User  # noqa: E402
from roubaix_incubator.reports import content, selectors, services  # noqa: E402
from roubaix_incubator.reports.enums import ReportKind, ReportStatus  # noqa: E402
from roubaix_incubator.reports.models import Report  # noqa: E402

SLUG = "bench-reports"
BATCH = 5000
# Weights of the statuses of a real call: many drafts, most files sent, a few decided.
STATUSES = [
    (Status.DRAFT, 25),
    (Status.SUBMITTED, 25),
    (Status.UNDER_REVIEW, 15),
    (Status.SHORTLISTED, 8),
    (Status.ACCEPTED, 2),
    (Status.WAITLISTED, 2),
    (Status.REFERRED, 8),
    (Status.REJECTED, 10),
    (Status.WITHDRAWN, 5),
]


def choice(values, rng):
    return rng.choice([*values, ""])


def weighted_status(rng):
    return rng.choices([s for s, _ in STATUSES], weights=[w for _, w in STATUSES])[0]


def build(scale: float) -> None:
    rng = random.Random(2026)
    now = timezone.now()
    today = timezone.localdate()
    applications_count, registrations_count = int(100_000 * scale), int(200_000 * scale)
    neighbourhoods = list(Neighbourhood.objects.all())

    started = time.perf_counter()
    users = User.objects.bulk_create(
        [User(email=f"bench{i}@example.org", full_name=f"Porteuse {i}", password="!") for i in range(10_000)],
        batch_size=BATCH,
    )
    call = Call.objects.create(
        title="Appel du banc d'essai",
        slug=SLUG,
        description="Banc d'essai des rapports.",
        eligibility="—",
        opens_at=now - timedelta(days=20),
        closes_at=now + timedelta(days=10),
        is_published=True,
    )
    old_call = Call.objects.create(
        title="Appel du banc d'essai, l'an dernier",
        slug=f"{SLUG}-old",
        description="—",
        eligibility="—",
        opens_at=now - timedelta(days=400),
        closes_at=now - timedelta(days=330),
        is_published=True,
    )
    for start in range(0, applications_count, BATCH):
        rows = []
        for i in range(start, min(start + BATCH, applications_count)):
            status = weighted_status(rng)
            rows.append(
                Application(
                    call=call,
                    applicant=users[i % len(users)],
                    status=status,
                    project_name=f"Projet {i}",
                    stage=choice(Stage.values, rng),
                    legal_form=choice(LegalForm.values, rng),
                    funding_need=rng.randint(0, 100) * 1000,
                    jobs_at_12_months=rng.randint(0, 5),
                    inclusive_jobs_at_12_months=rng.randint(0, 2),
                    jobs_at_36_months=rng.randint(0, 12),
                    inclusive_jobs_at_36_months=rng.randint(0, 5),
                    holder_gender=choice(Gender.values, rng),
                    holder_age_band=choice(AgeBand.values, rng),
                    holder_employment_status=choice(EmploymentStatus.values, rng),
                    holder_lives_in_priority_area=choice(YesNoUnsaid.values, rng),
                    submitted_at=None if status == Status.DRAFT else now,
                )
            )
        created = Application.objects.bulk_create(rows, batch_size=BATCH)
        through = Application.neighbourhoods.through
        through.objects.bulk_create(
            [
                through(application_id=application.pk, neighbourhood_id=place.pk)
                for application in created
                for place in rng.sample(neighbourhoods, rng.choice([0, 1, 1, 2]))
            ],
            batch_size=BATCH,
        )
    print(f"  {applications_count:,} applications in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    cohort = Cohort.objects.create(
        call=old_call,
        name="Promotion du banc d'essai",
        seats=12,
        starts_on=today - timedelta(days=120),
        ends_on=today + timedelta(days=180),
    )
    mentor = Mentor.objects.create(user=User.objects.create(email="bench-mentor@example.org", password="!"))
    for i in range(12):
        application = Application.objects.create(
            call=old_call, applicant=users[i], status=Status.ACCEPTED, project_name=f"Projet retenu {i}"
        )
        member = Membership.objects.create(
            cohort=cohort, application=application, status=MembershipStatus.ACTIVE if i < 11 else MembershipStatus.LEFT
        )
        match = Match.objects.create(
            mentor=mentor, membership=member, status=MatchStatus.ACTIVE, confirmed_at=now - timedelta(days=100)
        )
        MentoringSession.objects.bulk_create(
            [
                MentoringSession(
                    match=match,
                    date=today - timedelta(days=day),
                    duration_minutes=rng.choice([60, 90, 120]),
                    idempotency_key=uuid.uuid4(),
                )
                for day in range(3 + i, 120, 14)
            ]
        )
        ImpactReport.objects.create(
            membership=member,
            year=today.year - 1,
            quarter=4,
            jobs_created=i % 3,
            beneficiaries=10 * i,
            revenue=1000 * i,
        )

    events_count = 200
    per_event = registrations_count // events_count
    events = Event.objects.bulk_create(
        [
            Event(
                kind=rng.choice(EventKind.values),
                title=f"Rencontre {i}",
                slug=f"{SLUG}-{i}",
                starts_at=now - timedelta(days=360) + timedelta(days=2 * i),
                ends_at=now - timedelta(days=360) + timedelta(days=2 * i, hours=3),
                venue="Avant-Poste",
                neighbourhood=rng.choice(neighbourhoods),
                capacity=per_event,
                published=True,
            )
            for i in range(events_count)
        ]
    )
    for event in events:
        past = event.ends_at <= now
        Registration.objects.bulk_create(
            [
                Registration(
                    event=event,
                    full_name=f"Participant {i}",
                    email=f"p{i}@example.org",
                    actor_kind=rng.choice(ActorKind.values),
                    neighbourhood=rng.choice([*neighbourhoods, None]),
                    consent_given_at=now,
                    status=rng.choices(RegistrationStatus.values, weights=[85, 5, 10])[0],
                    checked_in_at=event.starts_at if past and rng.random() < 0.7 else None,
                )
                for i in range(per_event)
            ],
            batch_size=BATCH,
        )
    print(
        f"  cohort, {events_count} events and {per_event * events_count:,} registrations "
        f"in {time.perf_counter() - started:.1f} s"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(label: str, function):
    started = time.perf_counter()
    result = function()
    print(f"  {label:<45} {time.perf_counter() - started:6.2f} s")
    return result


BENCH_REQUESTER = "bench-staff@example.org"


def delete_bench_data() -> None:
    """Deletes what the benchmark made, and only that: its reports are those its own staff account requested
    (with their workbooks); the platform's other reports, calls and people are left alone."""
    with transaction.atomic():
        for report in Report.objects.filter(requested_by__email=BENCH_REQUESTER):
            services.report_delete(report=report)
        Registration.objects.filter(event__slug__startswith=SLUG).delete()
        Event.objects.filter(slug__startswith=SLUG).delete()
        MentoringSession.objects.filter(match__mentor__user__email="bench-mentor@example.org").delete()
        Match.objects.filter(mentor__user__email="bench-mentor@example.org").delete()
        Membership.objects.filter(cohort__call__slug__startswith=SLUG).delete()
        Cohort.objects.filter(call__slug__startswith=SLUG).delete()
        Application.objects.filter(call__slug__startswith=SLUG).delete()
        Call.objects.filter(slug__startswith=SLUG).delete()
        User.objects.filter(email__startswith="bench", email__endswith="@example.org").delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rebuild", action="store_true", help="delete the benchmark's data and create it again")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the issue's scale (default 1)")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        # Not an error: `make bench` runs every benchmark, and this one only means something on PostgreSQL.
        print("bench/reports.py skipped: set DATABASE_URL to a PostgreSQL database (the benchmark measures it).")
        return
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    call_command("migrate", verbosity=0)
    if args.rebuild:
        delete_bench_data()
    if not Call.objects.filter(slug=SLUG).exists():
        print(f"Creating the data (scale {args.scale:g})…")
        build(args.scale)
    call = Call.objects.get(slug=SLUG)
    print(
        f"Data: {Application.objects.count():,} applications, {Registration.objects.count():,} registrations, "
        f"{Event.objects.count():,} events."
    )
    requester = User.objects.filter(email=BENCH_REQUESTER).first() or User.objects.create_superuser(
        email=BENCH_REQUESTER, password=None
    )

    print("Timings:")
    dashboard = timed(
        "dashboard: figures (aggregate queries)",
        lambda: content.dashboard(call=selectors.current_call(), cohort=selectors.current_cohort()),
    )
    timed("dashboard: page with its charts", lambda: render_to_string("reports/_content.html", {"content": dashboard}))
    today = timezone.localdate()
    kinds = [
        ("programme report of the call", ReportKind.CALL, {"call_id": call.pk}),
        ("funders' report of the call", ReportKind.FUNDERS, {"call_id": call.pk}),
        (
            "events report, the last 12 months",
            ReportKind.EVENTS,
            {"start": (today - timedelta(days=365)).isoformat(), "end": today.isoformat()},
        ),
        ("cohort report", ReportKind.COHORT, {"cohort_id": Cohort.objects.get(call__slug=f"{SLUG}-old").pk}),
    ]
    total = 0.0
    for label, kind, parameters in kinds:
        report = Report.objects.create(kind=kind, parameters=parameters, requested_by=requester)
        started = time.perf_counter()
        services.report_build(report_id=report.pk)
        elapsed = time.perf_counter() - started
        total += elapsed
        report.refresh_from_db()
        assert report.status == ReportStatus.READY, report.error
        print(f"  build: {label:<38} {elapsed:6.2f} s  ({report.file.size / 1024:.0f} KiB XLSX)")
    print(f"  {'all four reports':<45} {total:6.2f} s")


if __name__ == "__main__":
    main()
