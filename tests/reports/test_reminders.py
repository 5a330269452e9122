"""The reminders gathered under one schedule: each one sent once when due, never again; a failed sending retried
by the next run; and `manage.py jobs_due` lists what is due without sending anything."""

import io
import uuid
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from applications import reminders as application_reminders
from applications.enums import Status
from applications.models import Application
from cohorts import reminders as cohort_reminders
from cohorts.enums import MembershipStatus
from cohorts.models import Cohort, ImpactReport, ImpactReportRequest, Membership, Review, ReviewerReminder
from events.enums import ActorKind, EventKind
from events.models import Registration
from mentors.enums import MatchStatus
from mentors.models import Match, Mentor
from roubaix_incubator.celery import app as celery_app
from roubaix_incubator.reports.jobs import JOBS
from tests.factories import ApplicationFactory, CallFactory, UserFactory

from .conftest import make_event, register

pytestmark = pytest.mark.django_db


def _age(application: Application, days: int) -> Application:
    Application.objects.filter(pk=application.pk).update(created_at=timezone.now() - timedelta(days=days))
    return application


# Deadline reminders to drafts


@pytest.fixture
def closing_call(db):
    """A call closing in 6 days and 12 hours."""
    return CallFactory(title="Appel 2026", closes_at=timezone.now() + timedelta(days=6, hours=12))


def test_draft_gets_the_seven_day_reminder_once(closing_call):
    draft = _age(ApplicationFactory(call=closing_call, project_name="La Cantine de l'Alma"), days=20)

    assert application_reminders.deadline_reminders_send_due() == {"7d": 1, "1d": 0}
    assert application_reminders.deadline_reminders_send_due() == {"7d": 0, "1d": 0}

    [message] = mail.outbox
    assert message.to == [draft.applicant.email]
    assert message.subject.startswith("Votre candidature « La Cantine de l'Alma » n'est pas encore envoyée")
    assert f"/candidatures/{draft.pk}/" in message.body
    draft.refresh_from_db()
    assert draft.deadline_reminder_7d_sent_at is not None and draft.deadline_reminder_1d_sent_at is None


def test_draft_gets_the_last_day_reminder_once(closing_call):
    draft = _age(ApplicationFactory(call=closing_call, project_name="La Cantine de l'Alma"), days=20)
    application_reminders.deadline_reminders_send_due()
    last_day = timezone.now() + timedelta(days=6)  # the call closes in 12 hours

    assert application_reminders.deadline_reminders_send_due(now=last_day) == {"7d": 0, "1d": 1}
    assert application_reminders.deadline_reminders_send_due(now=last_day) == {"7d": 0, "1d": 0}

    assert mail.outbox[-1].subject == "Dernier jour pour envoyer votre candidature « La Cantine de l'Alma »"
    draft.refresh_from_db()
    assert draft.deadline_reminder_1d_sent_at is not None


def test_no_deadline_reminder_for_sent_files_fresh_drafts_or_unpublished_calls(closing_call):
    _age(ApplicationFactory(call=closing_call, submitted=True), days=20)
    _age(ApplicationFactory(call=closing_call, status=Status.WITHDRAWN), days=20)
    ApplicationFactory(call=closing_call)  # started 6 days before the deadline: its holder knows the date
    hidden = CallFactory(is_published=False, closes_at=closing_call.closes_at)
    _age(ApplicationFactory(call=hidden), days=20)
    _age(ApplicationFactory(call=CallFactory(closed=True)), days=20)

    assert application_reminders.deadline_reminders_due() == []
    assert application_reminders.deadline_reminders_send_due() == {"7d": 0, "1d": 0}
    assert mail.outbox == []


def test_a_failed_deadline_reminder_is_retried_by_the_next_run(closing_call):
    draft = _age(ApplicationFactory(call=closing_call), days=20)

    with mock.patch("applications.reminders.send_templated_email", side_effect=OSError("SMTP down")):
        assert application_reminders.deadline_reminders_send_due() == {"7d": 0, "1d": 0}
    draft.refresh_from_db()
    assert draft.deadline_reminder_7d_sent_at is None

    assert application_reminders.deadline_reminders_send_due() == {"7d": 1, "1d": 0}


def test_deadline_reminder_task_runs_twice_acts_once(closing_call):
    _age(ApplicationFactory(call=closing_call), days=20)
    task = celery_app.tasks["applications.send_deadline_reminders"]

    assert task.delay().get() == {"7d": 1, "1d": 0}
    assert task.delay().get() == {"7d": 0, "1d": 0}
    assert len(mail.outbox) == 1


# Reviewers with open reviews


@pytest.fixture
def jury(db):
    call = CallFactory(closed=True)
    waiting = [ApplicationFactory(call=call, submitted=True) for _ in range(2)]
    decided = ApplicationFactory(call=call, status=Status.ACCEPTED)
    busy, done, conflicted = (UserFactory(staff=True, full_name=name) for name in ("Alice Jury", "Bruno", "Chloé"))
    for application in waiting:
        Review.objects.create(application=application, reviewer=busy)
    Review.objects.create(application=decided, reviewer=done)  # open, but the file is decided: moot
    Review.objects.create(application=waiting[0], reviewer=done, submitted_at=timezone.now())
    Review.objects.create(
        application=waiting[1], reviewer=conflicted, conflict_of_interest=True, conflict_reason="Ma sœur"
    )
    return busy


def test_reviewer_with_open_reviews_is_reminded_at_most_once_a_week(jury):
    assert cohort_reminders.reviewer_reminders_send_due() == 1
    assert cohort_reminders.reviewer_reminders_send_due() == 0
    assert cohort_reminders.reviewer_reminders_send_due(now=timezone.now() + timedelta(days=6)) == 0
    assert cohort_reminders.reviewer_reminders_send_due(now=timezone.now() + timedelta(days=7, minutes=1)) == 1

    assert [message.to for message in mail.outbox] == [[jury.email], [jury.email]]
    assert mail.outbox[0].subject == "2 dossiers attendent votre évaluation"
    assert "/admin/cohorts/review/?state=open" in mail.outbox[0].body
    assert ReviewerReminder.objects.get(reviewer=jury).last_sent_at is not None


def test_reviewer_who_sent_every_review_is_not_reminded(jury):
    Review.objects.filter(reviewer=jury).update(submitted_at=timezone.now())

    assert cohort_reminders.reviewer_reminders_due() == []


# Quarterly impact reports


@pytest.fixture
def cohort_members(db):
    """On 2 April 2026: A has not declared the first quarter, B has, C left, D joined in April."""
    cohort = Cohort.objects.create(
        call=CallFactory(closed=True),
        name="Promotion 2026",
        seats=8,
        starts_on=datetime(2026, 1, 5).date(),
        ends_on=datetime(2026, 10, 30).date(),
    )
    joined = timezone.make_aware(datetime(2026, 1, 10, 10))
    members = {}
    for name, status, when in (
        ("A", MembershipStatus.ACTIVE, joined),
        ("B", MembershipStatus.ACTIVE, joined),
        ("C", MembershipStatus.LEFT, joined),
        ("D", MembershipStatus.ACTIVE, timezone.make_aware(datetime(2026, 4, 1, 9))),
    ):
        application = ApplicationFactory(call=cohort.call, status=Status.ACCEPTED, project_name=f"Projet {name}")
        members[name] = Membership.objects.create(cohort=cohort, application=application, status=status, joined_at=when)
    ImpactReport.objects.create(membership=members["B"], year=2026, quarter=1, jobs_created=1)
    return members


APRIL = timezone.make_aware(datetime(2026, 4, 2, 9, 30))
JULY = timezone.make_aware(datetime(2026, 7, 2, 9, 30))


def test_impact_report_request_is_sent_once_per_member_and_quarter(cohort_members):
    assert cohort_reminders.impact_report_requests_send_due(now=APRIL) == 1
    assert cohort_reminders.impact_report_requests_send_due(now=APRIL + timedelta(days=1)) == 0

    [message] = mail.outbox
    assert message.to == [cohort_members["A"].application.applicant.email]
    assert message.subject == "« Projet A » : vos chiffres du T1 2026"
    assert f"/promotion/{cohort_members['A'].pk}/impact/" in message.body
    assert ImpactReportRequest.objects.get().quarter == 1


def test_impact_report_request_comes_back_the_next_quarter(cohort_members):
    cohort_reminders.impact_report_requests_send_due(now=APRIL)

    assert cohort_reminders.impact_report_requests_send_due(now=JULY) == 3  # A, B and D have not declared Q2

    assert sorted(m.subject for m in mail.outbox[1:]) == [
        "« Projet A » : vos chiffres du T2 2026",
        "« Projet B » : vos chiffres du T2 2026",
        "« Projet D » : vos chiffres du T2 2026",
    ]


def test_previous_quarter_wraps_the_year():
    assert cohort_reminders.previous_quarter(datetime(2026, 1, 15).date()) == (2025, 4)
    assert cohort_reminders.previous_quarter(datetime(2026, 12, 31).date()) == (2026, 3)


# One schedule


def test_every_periodic_job_has_an_enabled_beat_entry_and_a_registered_task(db):
    celery_app.loader.import_default_modules()
    scheduled = dict(PeriodicTask.objects.values_list("task", "enabled"))

    for task in JOBS:
        assert scheduled.get(task) is True, f"{task} has no enabled beat entry"
        assert task in celery_app.tasks, f"{task} is not registered with the worker"


# The dry run


@pytest.fixture
def a_bit_of_everything(closing_call, jury):
    """Something due for every reminder job: a draft, a reviewer, an event participant, a quiet mentor, a member."""
    _age(ApplicationFactory(call=closing_call, project_name="Brouillon en retard"), days=20)
    event = make_event("cafelabo-pile", EventKind.NEIGHBOURHOOD_MEETUP, timezone.now() + timedelta(days=1), None)
    register(event, ActorKind.RESIDENT, None)
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        call=CallFactory(closed=True),
        name="Promotion",
        seats=4,
        starts_on=today - timedelta(days=200),
        ends_on=today + timedelta(days=100),
    )
    member = Membership.objects.create(
        cohort=cohort,
        application=ApplicationFactory(call=cohort.call, status=Status.ACCEPTED, project_name="Projet calme"),
        joined_at=timezone.now() - timedelta(days=200),
    )
    mentor = Mentor.objects.create(user=UserFactory(email=f"mentor-{uuid.uuid4().hex[:6]}@example.org"))
    Match.objects.create(
        mentor=mentor, membership=member, status=MatchStatus.ACTIVE, confirmed_at=timezone.now() - timedelta(days=60)
    )


def test_jobs_due_lists_what_is_due_and_sends_nothing(a_bit_of_everything):
    output = io.StringIO()

    call_command("jobs_due", stdout=output)

    text = output.getvalue()
    assert mail.outbox == []
    assert "● Candidatures : rappels de date limite aux brouillons (J-7 et J-1)" in text
    assert "« Votre candidature « Brouillon en retard » n'est pas encore envoyée" in text
    assert "« 2 dossiers attendent votre évaluation »" in text
    assert "« « Projet calme » : vos chiffres du T" in text
    assert "Des nouvelles de « Projet calme » ?" in text  # the mentor's nudge, rehearsed
    assert "participant" in text and "Cafelabo Pile" in text  # the event reminder, rehearsed
    assert "ABSENTE" not in text and "ne connaît pas" not in text
    # Nothing was claimed: the real run still has everything to send.
    assert Application.objects.filter(deadline_reminder_7d_sent_at__isnull=False).count() == 0
    assert not ReviewerReminder.objects.exists() and not ImpactReportRequest.objects.exists()
    assert Registration.objects.filter(reminder_sent_for__isnull=False).count() == 0
    assert Match.objects.filter(last_nudge_at__isnull=False).count() == 0


def test_the_dry_run_lists_exactly_what_the_real_run_sends(a_bit_of_everything):
    now = timezone.now()
    expected = sorted(email for preview in JOBS.values() for email in preview(now).emails)

    for task in JOBS:
        celery_app.tasks[task].apply(kwargs={})

    sent = sorted((", ".join(message.to), message.subject) for message in mail.outbox)
    assert sent == expected
    assert len(sent) == 5  # the draft, the reviewer, the member, the mentor, the participant
    assert [preview(timezone.now()).emails for preview in JOBS.values()] == [[]] * len(JOBS)
