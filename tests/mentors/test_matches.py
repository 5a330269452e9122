"""Confirming, rejecting and ending matches; the introduction e-mail, sent once."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from cohorts.enums import MembershipStatus
from mentors import services
from mentors.enums import MatchStatus
from mentors.models import MatchChange
from mentors.tasks import send_introduction_task

from .factories import MatchFactory


@pytest.fixture
def proposal(mentor, membership):
    return MatchFactory(mentor=mentor, membership=membership, proposed=True)


def test_confirming_starts_the_match_and_introduces_both_sides(
    proposal, manager, holder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        match = services.match_confirm(match=proposal, by=manager)

    assert len(callbacks) == 1
    assert match.status == MatchStatus.ACTIVE and match.confirmed_by == manager and match.confirmed_at
    assert sorted(message.to[0] for message in mail.outbox) == sorted(["karim.haddad@example.org", holder.email])
    to_mentor = next(m for m in mail.outbox if m.to == ["karim.haddad@example.org"])
    to_holder = next(m for m in mail.outbox if m.to == [holder.email])
    assert to_mentor.subject == "Votre binôme avec « La Cantine de l'Alma » commence"
    assert holder.email in to_mentor.body
    assert "https://innovation-sociale.roubaix.test/mentorat/projets/" in to_mentor.body
    assert to_holder.subject == "Votre parrain ou marraine : Karim Haddad"
    assert "karim.haddad@example.org" in to_holder.body
    match.refresh_from_db()
    assert match.intro_email_sent_at is not None
    assert list(MatchChange.objects.filter(match=match).values_list("before", "after")) == [
        (MatchStatus.PROPOSED, MatchStatus.ACTIVE)
    ]


def test_confirming_twice_acts_once(proposal, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.match_confirm(match=proposal, by=manager)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.match_confirm(match=proposal, by=manager)
    assert callbacks == []
    assert len(mail.outbox) == 2
    assert MatchChange.objects.filter(match=proposal).count() == 1


def test_introduction_task_runs_twice_acts_once(active_match):
    assert send_introduction_task.delay(match_id=active_match.pk).get() is True
    assert send_introduction_task.delay(match_id=active_match.pk).get() is False
    assert len(mail.outbox) == 2


def test_introduction_is_not_sent_for_a_proposal_or_a_missing_match(proposal):
    assert services.match_send_introduction(match_id=proposal.pk) is False
    assert services.match_send_introduction(match_id=987654) is False
    assert mail.outbox == []


def test_a_failed_introduction_is_rolled_back_and_sent_by_the_retry(active_match, monkeypatch):
    from mentors.services import matches

    def smtp_down(**kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(matches, "send_templated_email", smtp_down)
    with pytest.raises(OSError):
        services.match_send_introduction(match_id=active_match.pk)
    active_match.refresh_from_db()
    assert active_match.intro_email_sent_at is None
    monkeypatch.undo()
    assert services.match_send_introduction(match_id=active_match.pk) is True


def test_a_project_that_left_cannot_start_a_match(proposal, membership, manager):
    membership.status = MembershipStatus.LEFT
    membership.save()
    with pytest.raises(ValidationError):
        services.match_confirm(match=proposal, by=manager)


def test_rejecting_a_proposal_keeps_it_with_its_reason(proposal, manager):
    match = services.match_reject(match=proposal, by=manager, reason="Trop loin du projet.")
    assert match.status == MatchStatus.REJECTED
    assert MatchChange.objects.get(match=match).reason == "Trop loin du projet."


def test_ending_needs_a_reason_and_keeps_the_history(active_match, manager):
    with pytest.raises(ValidationError):
        services.match_end(match=active_match, by=manager, reason="  ")
    match = services.match_end(match=active_match, by=manager, reason="Fin du programme.")
    assert match.status == MatchStatus.ENDED and match.ended_at and match.end_reason == "Fin du programme."
    assert MatchChange.objects.get(match=match).after == MatchStatus.ENDED


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (MatchStatus.PROPOSED, MatchStatus.ENDED),
        (MatchStatus.ENDED, MatchStatus.ACTIVE),
        (MatchStatus.REJECTED, MatchStatus.ACTIVE),
        (MatchStatus.ACTIVE, MatchStatus.REJECTED),
    ],
)
def test_moves_outside_the_table_are_refused(start, to, manager):
    match = MatchFactory(status=start)
    with pytest.raises(services.InvalidMatchTransition):
        services.match_transition(match=match, to=to, by=manager, reason="x")
