"""The cohorts' periodic reminders, run by beat jobs (see the migration that schedules them):

- jury members with open reviews on files still in selection get a reminder, at most once a week (claimed by a
  conditional update of their one `ReviewerReminder` row);
- each quarter, the active members who have not declared the previous quarter's figures are asked to, once per
  member and quarter (claimed by inserting the unique `ImpactReportRequest` row).

The `*_due` selectors are what `manage.py jobs_due` lists and what the senders send, the very same objects, so
the dry run and the real run cannot disagree. A claim repeats the conditions of the search, and is rolled back
with the sending when the e-mail fails, for the next run.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from applications.enums import Status
from applications.reminders import PlannedEmail, claim_and_send
from roubaix_incubator.core.emails import absolute_url

from .enums import MembershipStatus
from .models import ImpactReport, ImpactReportRequest, Membership, Review, ReviewerReminder, quarter_label

REVIEWER_REMINDER_INTERVAL = timedelta(days=7)
# A review still matters while its file is in selection; after the decision an open review is moot.
STATUSES_IN_SELECTION = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.SHORTLISTED)
OPEN_REVIEW = Q(
    reviews__submitted_at__isnull=True,
    reviews__conflict_of_interest=False,
    reviews__application__status__in=STATUSES_IN_SELECTION,
)


# Reviewers


def _open_reviews() -> QuerySet[Review]:
    return Review.objects.filter(
        submitted_at__isnull=True, conflict_of_interest=False, application__status__in=STATUSES_IN_SELECTION
    )


def _reviewers_due(now):
    reminded_lately = ReviewerReminder.objects.filter(
        reviewer=OuterRef("pk"), last_sent_at__gt=now - REVIEWER_REMINDER_INTERVAL
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Exists(_open_reviews().filter(reviewer=OuterRef("pk"))))
        .filter(~Exists(reminded_lately))
    )


@dataclass(frozen=True)
class DueReviewerReminder:
    reviewer_id: int
    open_review_count: int
    email: PlannedEmail


def reviewer_reminders_due(*, now=None) -> list[DueReviewerReminder]:
    """Jury members with open reviews, not reminded in the last 7 days, each with the number of files waiting
    for them (one query)."""
    now = now or timezone.now()
    url = absolute_url(reverse("admin:cohorts_review_changelist") + "?state=open")
    due = []
    for user in _reviewers_due(now).annotate(open_review_count=Count("reviews", filter=OPEN_REVIEW)).order_by("pk"):
        email = PlannedEmail(
            to=user.email,
            template="cohorts/emails/reviewer_reminder",
            context={"user": user, "open_review_count": user.open_review_count, "url": url},
            language=user.preferred_language,
        )
        due.append(DueReviewerReminder(user.pk, user.open_review_count, email))
    return due


def _claim_reviewer(*, reviewer_id: int, now) -> int:
    ReviewerReminder.objects.get_or_create(reviewer_id=reviewer_id)
    return (
        ReviewerReminder.objects.filter(reviewer_id=reviewer_id, reviewer__in=_reviewers_due(now))
        .filter(Q(last_sent_at__isnull=True) | Q(last_sent_at__lte=now - REVIEWER_REMINDER_INTERVAL))
        .update(last_sent_at=now)
    )


def reviewer_reminders_send_due(*, now=None) -> int:
    now = now or timezone.now()
    sent = 0
    for item in reviewer_reminders_due(now=now):
        sent += claim_and_send(
            claim=lambda pk=item.reviewer_id: _claim_reviewer(reviewer_id=pk, now=now),
            email=item.email,
            what=f"open reviews reminder of reviewer {item.reviewer_id}",
        )
    return sent


# Impact reports


def previous_quarter(today: date) -> tuple[int, int]:
    quarter = (today.month - 1) // 3 + 1
    return (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)


def _quarter_start(today: date) -> date:
    return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)


def _members_due(*, year: int, quarter: int, current_quarter_start: date) -> QuerySet[Membership]:
    """Active members already in the programme during that quarter, who neither declared it nor were asked."""
    started = timezone.make_aware(datetime.combine(current_quarter_start, datetime.min.time()))
    declared = ImpactReport.objects.filter(membership=OuterRef("pk"), year=year, quarter=quarter)
    asked = ImpactReportRequest.objects.filter(membership=OuterRef("pk"), year=year, quarter=quarter)
    return Membership.objects.filter(
        status=MembershipStatus.ACTIVE,
        joined_at__lt=started,
        cohort__starts_on__lt=current_quarter_start,
        application__applicant__is_active=True,
    ).filter(~Exists(declared), ~Exists(asked))


@dataclass(frozen=True)
class DueImpactReportRequest:
    membership_id: int
    year: int
    quarter: int
    email: PlannedEmail


def impact_report_requests_due(*, now=None) -> list[DueImpactReportRequest]:
    """The requests for last quarter's figures still to send (one query)."""
    today = timezone.localdate(now or timezone.now())
    year, quarter = previous_quarter(today)
    members = _members_due(year=year, quarter=quarter, current_quarter_start=_quarter_start(today))
    due = []
    for membership in members.select_related("application__applicant", "cohort").order_by("pk"):
        user = membership.application.applicant
        email = PlannedEmail(
            to=user.email,
            template="cohorts/emails/impact_report_request",
            context={
                "user": user,
                "membership": membership,
                "project": membership.application,
                "cohort": membership.cohort,
                "period": quarter_label(year=year, quarter=quarter),
                "url": absolute_url(reverse("cohorts:impact_report", kwargs={"pk": membership.pk})),
            },
            language=user.preferred_language,
        )
        due.append(DueImpactReportRequest(membership.pk, year, quarter, email))
    return due


def _claim_impact_request(*, item: DueImpactReportRequest, today: date) -> int:
    still_due = _members_due(year=item.year, quarter=item.quarter, current_quarter_start=_quarter_start(today))
    if not still_due.filter(pk=item.membership_id).exists():
        return 0
    try:
        with transaction.atomic():
            ImpactReportRequest.objects.create(membership_id=item.membership_id, year=item.year, quarter=item.quarter)
    except IntegrityError:  # another run asked at the same moment
        return 0
    return 1


def impact_report_requests_send_due(*, now=None) -> int:
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    for item in impact_report_requests_due(now=now):
        sent += claim_and_send(
            claim=lambda item=item: _claim_impact_request(item=item, today=today),
            email=item.email,
            what=f"T{item.quarter} {item.year} impact report request of membership {item.membership_id}",
        )
    return sent


@shared_task(name="cohorts.send_reviewer_reminders")
def send_reviewer_reminders_task() -> int:
    """Run by Celery beat (see cohorts/migrations/0003_schedule_reminders.py)."""
    return reviewer_reminders_send_due()


@shared_task(name="cohorts.send_impact_report_requests")
def send_impact_report_requests_task() -> int:
    """Run by Celery beat (see cohorts/migrations/0003_schedule_reminders.py)."""
    return impact_report_requests_send_due()
