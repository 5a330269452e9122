"""The reminders the beat job sends. Each one is claimed by a conditional UPDATE before it is sent, in the same
transaction: a second run finds nothing left to claim, and a failed sending rolls the claim back so the next run
tries again. Nothing is ever sent for a match that is not running, or a project that left the programme.

"No session logged for 30 days" means: no session of the match was *logged* (`logged_at`) in the last 30 days,
nor dated in them. A session typed today about a meeting 40 days ago shows the mentor is there: no nudge."""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from cohorts.enums import MembershipStatus
from roubaix_incubator.core.emails import absolute_url, send_templated_email

from ..enums import NUDGE_AFTER, NUDGE_INTERVAL, MatchStatus
from ..models import Match, Mentor, MentoringSession

logger = logging.getLogger(__name__)

RUNNING = Q(status=MatchStatus.ACTIVE, membership__status=MembershipStatus.ACTIVE)


def quiet_matches(now):
    """Running matches confirmed more than NUDGE_AFTER ago with no session logged (or dated) since then."""
    recent_session = MentoringSession.objects.filter(match=OuterRef("pk")).filter(
        Q(logged_at__gt=now - NUDGE_AFTER) | Q(date__gt=timezone.localdate(now) - NUDGE_AFTER)
    )
    return Match.objects.filter(RUNNING, confirmed_at__lte=now - NUDGE_AFTER).filter(~Exists(recent_session))


def _mentors_to_nudge(now):
    """Mentors with at least one quiet match, not nudged in the last NUDGE_INTERVAL."""
    return Mentor.objects.filter(Q(last_nudge_at__isnull=True) | Q(last_nudge_at__lte=now - NUDGE_INTERVAL)).filter(
        Exists(quiet_matches(now).filter(mentor=OuterRef("pk")))
    )


def _meeting_reminders_due(tomorrow):
    """The sessions whose planned next meeting is tomorrow and still the latest session of their match (a later
    session has made its own plan), with a running match."""
    later = MentoringSession.objects.filter(match=OuterRef("match")).filter(
        Q(date__gt=OuterRef("date")) | Q(date=OuterRef("date"), pk__gt=OuterRef("pk"))
    )
    return (
        MentoringSession.objects.filter(next_meeting_on=tomorrow)
        .filter(match__status=MatchStatus.ACTIVE, match__membership__status=MembershipStatus.ACTIVE)
        .filter(~Exists(later))
    )


# Each side of the day-before reminder has its own claim.
MEETING_SIDES = ("next_meeting_reminder_sent_for", "holder_meeting_reminder_sent_for")


def _send_nudge(mentor: Mentor, matches: list[Match]) -> None:
    user = mentor.user
    if len(matches) == 1:
        url = reverse("mentors:session_new", kwargs={"membership_pk": matches[0].membership_id})
    else:
        url = reverse("mentors:portal")
    send_templated_email(
        to=user.email,
        template="mentors/emails/nudge",
        context={
            "user": user,
            "matches": matches,
            "projects": [match.membership.application for match in matches],
            "project": matches[0].membership.application,
            "url": absolute_url(url),
        },
        language=user.preferred_language,
    )


def _send_meeting_reminder(session: MentoringSession, side: str) -> None:
    match = session.match
    mentor_user, holder = match.mentor.user, match.membership.application.applicant
    if side == "next_meeting_reminder_sent_for":
        user, other = mentor_user, holder
        url = reverse("mentors:project", kwargs={"membership_pk": match.membership_id})
    else:
        user, other = holder, mentor_user
        url = reverse("mentors:holder_project", kwargs={"membership_pk": match.membership_id})
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


def _nudge_mentor(*, mentor_id: int, now) -> bool:
    """One e-mail to the mentor listing all their quiet projects, claimed on the mentor's `last_nudge_at` with the
    same conditions as the search (a session logged meanwhile, or a nudge by a concurrent run, stops it)."""
    try:
        with transaction.atomic():
            if not _mentors_to_nudge(now).filter(pk=mentor_id).update(last_nudge_at=now):
                return False
            mentor = Mentor.objects.select_related("user").get(pk=mentor_id)
            matches = list(
                quiet_matches(now)
                .filter(mentor_id=mentor_id)
                .select_related("membership__application")
                .order_by("membership__application__project_name", "pk")
            )
            Match.objects.filter(pk__in=[m.pk for m in matches]).update(last_nudge_at=now)
            _send_nudge(mentor, matches)
            return True
    except Exception:
        logger.exception("Sending the nudge of mentor %s failed; the next run tries again.", mentor_id)
        return False


def _remind_side(*, session_id: int, side: str, tomorrow) -> bool:
    try:
        with transaction.atomic():
            claim = _meeting_reminders_due(tomorrow).filter(pk=session_id).exclude(**{side: tomorrow})
            if not claim.update(**{side: tomorrow}):
                return False
            session = MentoringSession.objects.select_related(
                "match__mentor__user", "match__membership__application__applicant"
            ).get(pk=session_id)
            _send_meeting_reminder(session, side)
            return True
    except Exception:
        logger.exception(
            "Sending the meeting reminder (%s) of session %s failed; the next run tries again.", side, session_id
        )
        return False


def reminders_send_due(*, now=None) -> dict[str, int]:
    """What the beat job runs:

    - a nudge to each mentor with running matches without any session logged for 30 days: one e-mail listing
      those projects, at most once every 14 days per mentor (claimed on `Mentor.last_nudge_at`);
    - the day before a planned next meeting, a reminder to the mentor and one to the project holder, once per
      date and per side (claimed on `next_meeting_reminder_sent_for` / `holder_meeting_reminder_sent_for`:
      moving the date re-arms both). `meeting_reminders` counts the sessions for which something was sent."""
    now = now or timezone.now()
    nudges = sum(
        _nudge_mentor(mentor_id=pk, now=now)
        for pk in list(_mentors_to_nudge(now).order_by("pk").values_list("pk", flat=True))
    )

    tomorrow = timezone.localdate(now) + timedelta(days=1)
    # ~Q(field=date) keeps the rows where the field is NULL too (Django adds "OR field IS NULL").
    due = _meeting_reminders_due(tomorrow).filter(
        ~Q(next_meeting_reminder_sent_for=tomorrow) | ~Q(holder_meeting_reminder_sent_for=tomorrow)
    )
    meeting_reminders = 0
    for pk in list(due.order_by("pk").values_list("pk", flat=True)):
        sent = [_remind_side(session_id=pk, side=side, tomorrow=tomorrow) for side in MEETING_SIDES]
        meeting_reminders += any(sent)
    return {"nudges": nudges, "meeting_reminders": meeting_reminders}
