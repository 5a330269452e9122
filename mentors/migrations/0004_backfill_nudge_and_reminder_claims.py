"""Moves the existing claims to their new places, so nothing already sent is sent again:
- a mentor's last nudge is the latest nudge of any of their matches;
- a meeting reminder sent before held for both sides, so the project holder's side is marked sent too.
Only empty fields are filled: running it twice changes nothing. Going back needs nothing (the fields are dropped
by the previous migration's reversal)."""

from django.db import migrations
from django.db.models import F, Max, OuterRef, Subquery


def backfill(apps, schema_editor):
    Mentor = apps.get_model("mentors", "Mentor")
    Match = apps.get_model("mentors", "Match")
    MentoringSession = apps.get_model("mentors", "MentoringSession")
    latest_nudge = (
        Match.objects.filter(mentor=OuterRef("pk"), last_nudge_at__isnull=False)
        .values("mentor")
        .annotate(latest=Max("last_nudge_at"))
        .values("latest")
    )
    Mentor.objects.filter(
        last_nudge_at__isnull=True, pk__in=Match.objects.filter(last_nudge_at__isnull=False).values("mentor")
    ).update(last_nudge_at=Subquery(latest_nudge))
    MentoringSession.objects.filter(
        holder_meeting_reminder_sent_for__isnull=True, next_meeting_reminder_sent_for__isnull=False
    ).update(holder_meeting_reminder_sent_for=F("next_meeting_reminder_sent_for"))


class Migration(migrations.Migration):
    dependencies = [("mentors", "0003_nudges_per_mentor_reminders_per_side_mentor_replies")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
