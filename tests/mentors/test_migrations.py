"""The data migration that moves the nudge and meeting-reminder claims: fills only what is empty, twice is once."""

from datetime import timedelta
from importlib import import_module

from django.apps import apps
from django.utils import timezone

from mentors.models import Mentor, MentoringSession

from .factories import MatchFactory, SessionFactory

backfill = import_module("mentors.migrations.0004_backfill_nudge_and_reminder_claims").backfill


def test_backfill_copies_the_claims_once(active_match, mentor, now):
    older = now - timedelta(days=20)
    MatchFactory(mentor=mentor, last_nudge_at=older)
    active_match.last_nudge_at = now
    active_match.save()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    reminded = SessionFactory(match=active_match, next_meeting_on=tomorrow, next_meeting_reminder_sent_for=tomorrow)
    not_reminded = SessionFactory(match=active_match, next_meeting_on=tomorrow)

    backfill(apps, None)
    backfill(apps, None)

    assert Mentor.objects.get(pk=mentor.pk).last_nudge_at == now
    assert MentoringSession.objects.get(pk=reminded.pk).holder_meeting_reminder_sent_for == tomorrow
    assert MentoringSession.objects.get(pk=not_reminded.pk).holder_meeting_reminder_sent_for is None
