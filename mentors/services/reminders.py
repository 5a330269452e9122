"""The reminders the beat job sends. Each one is claimed by a conditional UPDATE before it is sent, in the same
transaction: a second run finds nothing left to claim, and a failed sending rolls the claim back so the next run
tries again. Nothing is ever sent for a match that is not running, or a project that left the programme."""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from cohorts.enums import MembershipStatus
from roubaix_incubator.core.emails import absolute_url, send_templated_email

from ..enums import NUDGE_AFTER, NUDGE_INTERVAL, MatchStatus
from ..models import Match, MentoringSession

logger = logging.getLogger(__name__)

RUNNING = Q(status=MatchStatus.ACTIVE, membership__status=MembershipStatus.ACTIVE)


def _nudges_due(now):
    """Active matches confirmed more than NUDGE_AFTER ago, without a session in the last NUDGE_AFTER, and not
    nudged in the last NUDGE_INTERVAL."""
    since = timezone.localdate(now) - NUDGE_AFTER
    recent_session = MentoringSession.objects.filter(match=OuterRef("pk"), date__gt=since)
    return (
        Match.objects.filter(RUNNING, confirmed_at__lte=now - NUDGE_AFTER)
        .filter(Q(last_nudge_at__isnull=True) | Q(last_nudge_at__lte=now - NUDGE_INTERVAL))
        .filter(~Exists(recent_session))
    )


def _meeting_reminders_due(tomorrow):
    """The sessions whose planned next meeting is tomorrow, not reminded yet for that date, and still the
    latest session of their match (a later session has made its own plan)."""
    later = MentoringSession.objects.filter(match=OuterRef("match")).filter(
        Q(date__gt=OuterRef("date")) | Q(date=OuterRef("date"), pk__gt=OuterRef("pk"))
    )
    return (
        MentoringSession.objects.filter(next_meeting_on=tomorrow)
        .filter(match__status=MatchStatus.ACTIVE, match__membership__status=MembershipStatus.ACTIVE)
        .exclude(next_meeting_reminder_sent_for=tomorrow)
        .filter(~Exists(later))
    )


def _send_nudge(match: Match) -> None:
    user = match.mentor.user
    send_templated_email(
        to=user.email,
        template="mentors/emails/nudge",
        context={
            "user": user,
            "match": match,
            "project": match.membership.application,
            "url": absolute_url(reverse("mentors:session_new", kwargs={"membership_pk": match.membership_id})),
        },
        language=user.preferred_language,
    )


def _send_meeting_reminder(session: MentoringSession) -> None:
    match = session.match
    mentor_user, holder = match.mentor.user, match.membership.application.applicant
    for user, other, url in (
        (mentor_user, holder, reverse("mentors:project", kwargs={"membership_pk": match.membership_id})),
        (holder, mentor_user, reverse("mentors:holder_project", kwargs={"membership_pk": match.membership_id})),
    ):
        send_templated_email(
            to=user.email,
            template="mentors/emails/meeting_reminder",
            context={
                "user": user,
                "other": other,
                "session": session,
                "project": match.membership.application,
                "url": absolute_url(url),
            },
            language=user.preferred_language,
        )


def _claim_and_send(*, claim, values: dict, load, send, what: str, pk: int) -> bool:
    try:
        with transaction.atomic():
            if not claim.update(**values):
                return False
            send(load(pk))
            return True
    except Exception:
        logger.exception("Sending the %s of %s failed; the next run tries again.", what, pk)
        return False


def _load_match(pk):
    return Match.objects.select_related("mentor__user", "membership__application").get(pk=pk)


def _load_session(pk):
    return MentoringSession.objects.select_related(
        "match__mentor__user", "match__membership__application__applicant"
    ).get(pk=pk)


def reminders_send_due(*, now=None) -> dict[str, int]:
    """What the beat job runs:

    - a nudge to the mentor of an active match without any session for 30 days, at most once every 14 days
      (claimed on `last_nudge_at`, with the same conditions as the search, so a session logged meanwhile stops it);
    - the day before a planned next meeting, a reminder to the mentor and the project holder, once per date
      (claimed on `next_meeting_reminder_sent_for`: moving the date re-arms it)."""
    now = now or timezone.now()
    nudges = 0
    for pk in list(_nudges_due(now).values_list("pk", flat=True)):
        nudges += _claim_and_send(
            claim=_nudges_due(now).filter(pk=pk),
            values={"last_nudge_at": now},
            load=_load_match,
            send=_send_nudge,
            what="nudge of match",
            pk=pk,
        )

    tomorrow = timezone.localdate(now) + timedelta(days=1)
    meeting_reminders = 0
    for pk in list(_meeting_reminders_due(tomorrow).values_list("pk", flat=True)):
        meeting_reminders += _claim_and_send(
            claim=_meeting_reminders_due(tomorrow).filter(pk=pk),
            values={"next_meeting_reminder_sent_for": tomorrow},
            load=_load_session,
            send=_send_meeting_reminder,
            what="meeting reminder of session",
            pk=pk,
        )
    return {"nudges": nudges, "meeting_reminders": meeting_reminders}
