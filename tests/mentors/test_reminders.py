"""The beat job: nudges after 30 days without a session (at most one per 14 days) and the day-before reminder of a
planned meeting, each sent once, never for a match or a project that is not running."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cohorts.enums import MembershipStatus
from mentors import services
from mentors.enums import MatchStatus
from mentors.models import Match, MentoringSession
from mentors.tasks import send_due_reminders_task

from .factories import MatchFactory, MembershipFactory, SessionFactory


def days(n):
    return timedelta(days=n)


@pytest.fixture
def quiet_match(mentor, membership, now):
    """Confirmed 40 days ago, never met."""
    return MatchFactory(mentor=mentor, membership=membership, confirmed_at=now - days(40))


def run(now):
    return services.reminders_send_due(now=now)


# Nudges


def test_a_quiet_match_nudges_the_mentor_once(quiet_match, now):
    assert run(now) == {"nudges": 1, "meeting_reminders": 0}
    assert [m.to for m in mail.outbox] == [["karim.haddad@example.org"]]
    assert mail.outbox[0].subject == "Des nouvelles de « La Cantine de l'Alma » ?"
    assert "/mentorat/projets/" in mail.outbox[0].body
    quiet_match.refresh_from_db()
    assert quiet_match.last_nudge_at == now
    # Not again on the next runs…
    assert run(now + timedelta(minutes=10))["nudges"] == 0
    assert run(now + days(13))["nudges"] == 0
    # …until 14 days have passed, if there is still no session.
    assert run(now + days(14))["nudges"] == 1
    assert len(mail.outbox) == 2


def test_a_session_in_the_last_30_days_means_no_nudge(quiet_match, now):
    SessionFactory(match=quiet_match, date=timezone.localdate(now) - days(29))
    assert run(now)["nudges"] == 0


def test_the_last_session_logged_over_30_days_ago_means_a_nudge(quiet_match, now):
    session = SessionFactory(match=quiet_match, date=timezone.localdate(now) - days(31))
    MentoringSession.objects.filter(pk=session.pk).update(logged_at=now - days(30))
    assert run(now)["nudges"] == 1


def test_a_session_logged_today_about_an_old_meeting_means_no_nudge(quiet_match, now):
    # Dated 40 days ago but typed today: the mentor is there, the nudge would be wrong.
    SessionFactory(match=quiet_match, date=timezone.localdate(now) - days(40))
    assert run(now)["nudges"] == 0
    assert mail.outbox == []


def test_three_quiet_projects_make_one_email_listing_them(quiet_match, mentor, cohort, now):
    mentor.capacity_projects = 3
    mentor.save()
    for name in ("Vélo-école de l'Alma", "Ressourcerie du Pile"):
        MatchFactory(
            mentor=mentor,
            membership=MembershipFactory(cohort=cohort, application__project_name=name),
            confirmed_at=now - days(35),
        )

    assert run(now)["nudges"] == 1

    (email,) = mail.outbox
    assert email.to == ["karim.haddad@example.org"]
    assert email.subject == "Des nouvelles de vos 3 projets ?"
    assert "- La Cantine de l'Alma\n- Ressourcerie du Pile\n- Vélo-école de l'Alma" in email.body
    assert "https://innovation-sociale.roubaix.test/mentorat/" in email.body
    mentor.refresh_from_db()
    assert mentor.last_nudge_at == now
    assert set(Match.objects.filter(mentor=mentor).values_list("last_nudge_at", flat=True)) == {now}


def test_nudges_are_14_days_apart_per_mentor_whatever_the_project(quiet_match, mentor, cohort, now):
    assert run(now)["nudges"] == 1
    # Another project of the same mentor turns quiet five days later: no second e-mail before the 14 days.
    MatchFactory(
        mentor=mentor,
        membership=MembershipFactory(cohort=cohort, application__project_name="Ressourcerie du Pile"),
        confirmed_at=now - days(26),
    )
    assert run(now + days(5))["nudges"] == 0
    assert run(now + days(13))["nudges"] == 0
    assert run(now + days(14))["nudges"] == 1
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == "Des nouvelles de vos 2 projets ?"


def test_only_running_matches_are_listed_in_the_nudge(quiet_match, mentor, cohort, now, manager):
    ended = MatchFactory(
        mentor=mentor,
        membership=MembershipFactory(cohort=cohort, application__project_name="Projet arrêté"),
        confirmed_at=now - days(60),
    )
    services.match_end(match=ended, by=manager, reason="Projet arrêté.")

    assert run(now)["nudges"] == 1

    assert mail.outbox[0].subject == "Des nouvelles de « La Cantine de l'Alma » ?"
    assert "Projet arrêté" not in mail.outbox[0].body


def test_a_new_match_is_not_nudged_before_30_days(mentor, membership, now):
    MatchFactory(mentor=mentor, membership=membership, confirmed_at=now - days(29))
    assert run(now)["nudges"] == 0


@pytest.mark.parametrize("status", [MatchStatus.ENDED, MatchStatus.REJECTED])
def test_no_nudge_for_a_match_that_is_not_running(quiet_match, now, status):
    quiet_match.status = status
    quiet_match.save()
    assert run(now)["nudges"] == 0
    assert mail.outbox == []


def test_no_nudge_once_the_match_has_ended_through_the_service(quiet_match, now, manager):
    services.match_end(match=quiet_match, by=manager, reason="Projet arrêté.")
    assert run(now) == {"nudges": 0, "meeting_reminders": 0}


def test_no_nudge_when_the_project_left_the_programme(quiet_match, membership, now):
    membership.status = MembershipStatus.LEFT
    membership.save()
    assert run(now)["nudges"] == 0


# Meeting reminders


@pytest.fixture
def planned(active_match, now):
    """A session held a week ago that planned the next meeting for tomorrow."""
    today = timezone.localdate(now)
    return SessionFactory(match=active_match, date=today - days(7), next_meeting_on=today + days(1))


def test_the_day_before_a_planned_meeting_both_sides_are_reminded_once(planned, holder, now):
    assert run(now) == {"nudges": 0, "meeting_reminders": 1}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["karim.haddad@example.org", holder.email])
    assert all(m.subject == "Rappel : rendez-vous de mentorat demain (La Cantine de l'Alma)" for m in mail.outbox)
    assert "Envoyer le budget prévisionnel avant vendredi." in mail.outbox[0].body
    assert run(now + timedelta(hours=2))["meeting_reminders"] == 0
    assert len(mail.outbox) == 2
    planned.refresh_from_db()
    assert planned.next_meeting_reminder_sent_for == planned.next_meeting_on


def test_no_reminder_two_days_before(active_match, now):
    today = timezone.localdate(now)
    SessionFactory(match=active_match, date=today - days(3), next_meeting_on=today + days(2))
    assert run(now)["meeting_reminders"] == 0


def test_a_later_session_replaces_the_plan(planned, active_match, now):
    SessionFactory(match=active_match, date=timezone.localdate(now), next_meeting_on=None)
    assert run(now)["meeting_reminders"] == 0


def test_moving_the_meeting_rearms_the_reminder(planned, now):
    run(now)
    planned.next_meeting_on = planned.next_meeting_on + days(7)
    planned.save()
    assert run(now + days(7))["meeting_reminders"] == 1
    assert len(mail.outbox) == 4


@pytest.mark.parametrize("status", [MatchStatus.ENDED, MatchStatus.REJECTED])
def test_no_meeting_reminder_for_a_match_that_is_not_running(planned, now, status):
    match = planned.match
    match.status = status
    match.save()
    assert run(now)["meeting_reminders"] == 0
    assert mail.outbox == []


# The task


def test_reminder_task_runs_twice_acts_once(quiet_match, mentor, now, cohort):
    today = timezone.localdate()
    other_project = MatchFactory(mentor=mentor, membership=MembershipFactory(cohort=cohort))
    SessionFactory(match=other_project, date=today - days(1), next_meeting_on=today + days(1))
    assert send_due_reminders_task.delay().get() == {"nudges": 1, "meeting_reminders": 1}
    assert send_due_reminders_task.delay().get() == {"nudges": 0, "meeting_reminders": 0}
    assert len(mail.outbox) == 3  # one nudge, a reminder to each side


def test_a_failed_send_is_retried_by_the_next_run(quiet_match, now, monkeypatch):
    from mentors.services import reminders

    def smtp_down(**kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(reminders, "send_templated_email", smtp_down)
    assert run(now)["nudges"] == 0
    quiet_match.refresh_from_db()
    quiet_match.mentor.refresh_from_db()
    assert quiet_match.last_nudge_at is None and quiet_match.mentor.last_nudge_at is None
    monkeypatch.undo()
    assert run(now)["nudges"] == 1


def test_a_failed_holder_reminder_does_not_resend_the_mentors(planned, holder, now, monkeypatch):
    from mentors.services import reminders

    real_send = reminders.send_templated_email

    def holder_mailbox_down(*, to, **kwargs):
        if to == holder.email:
            raise OSError("SMTP down")
        return real_send(to=to, **kwargs)

    monkeypatch.setattr(reminders, "send_templated_email", holder_mailbox_down)
    assert run(now)["meeting_reminders"] == 1
    assert [m.to for m in mail.outbox] == [["karim.haddad@example.org"]]
    planned.refresh_from_db()
    assert (planned.next_meeting_reminder_sent_for, planned.holder_meeting_reminder_sent_for) == (
        planned.next_meeting_on,
        None,
    )

    monkeypatch.undo()
    assert run(now + timedelta(minutes=10))["meeting_reminders"] == 1
    # Only the holder's reminder was sent the second time.
    assert [m.to for m in mail.outbox] == [["karim.haddad@example.org"], [holder.email]]
    assert run(now + timedelta(minutes=20))["meeting_reminders"] == 0


def test_the_beat_schedule_exists(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="mentors.send_due_reminders")
    assert task.enabled and task.interval.every == 10 and task.interval.period == "minutes"
