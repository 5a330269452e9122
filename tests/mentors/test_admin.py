"""The admin: lists and filters load, and the actions go through the services."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse

from mentors.enums import MatchStatus, MentorStatus
from mentors.models import Match

from .factories import MatchFactory, MentorFactory, SessionFactory, UserFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(staff=True, is_superuser=True))
    return client


def action(admin_client, model, name, objects, **extra):
    return admin_client.post(
        reverse(f"admin:mentors_{model}_changelist"),
        {"action": name, ACTION_CHECKBOX_NAME: [obj.pk for obj in objects], **extra},
    )


def test_changelists_and_forms_load(admin_client, active_match):
    SessionFactory(match=active_match)
    for model in ("mentor", "match", "mentoringsession", "projectmatchingprofile"):
        assert admin_client.get(reverse(f"admin:mentors_{model}_changelist")).status_code == 200, model
    page = admin_client.get(reverse("admin:mentors_mentor_changelist"))
    assert reverse("mentors:staff_invite") in page.content.decode()
    assert admin_client.get(reverse("admin:mentors_mentor_changelist"), {"approved__exact": "0"}).status_code == 200
    assert admin_client.get(reverse("admin:mentors_match_changelist"), {"status__exact": "active"}).status_code == 200
    assert admin_client.get(reverse("admin:mentors_mentor_change", args=[active_match.mentor_id])).status_code == 200
    assert admin_client.get(reverse("admin:mentors_match_add")).status_code == 200


def test_the_match_page_shows_the_score_breakdown(admin_client, active_match):
    active_match.score_breakdown = {"expertise": {"weight": 40, "value": 0.5, "points": 20.0, "matched": ["funding"]}}
    active_match.save()
    content = admin_client.get(reverse("admin:mentors_match_change", args=[active_match.pk])).content.decode()
    assert "Expertise / besoins du projet" in content and "20.0" in content


def test_approve_action(admin_client):
    pending = MentorFactory(approved=False, approved_at=None)
    action(admin_client, "mentor", "approve", [pending])
    pending.refresh_from_db()
    assert pending.approved and pending.approved_at


def test_pause_and_resume_actions(admin_client, mentor):
    action(admin_client, "mentor", "pause", [mentor])
    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.PAUSED
    action(admin_client, "mentor", "resume", [mentor])
    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.ACTIVE


def test_confirm_and_reject_actions(admin_client, membership, cohort, django_capture_on_commit_callbacks):
    to_confirm = MatchFactory(membership=membership, proposed=True)
    to_reject = MatchFactory(proposed=True)
    with django_capture_on_commit_callbacks(execute=True):
        action(admin_client, "match", "confirm", [to_confirm])
    action(admin_client, "match", "reject", [to_reject])
    to_confirm.refresh_from_db()
    to_reject.refresh_from_db()
    assert to_confirm.status == MatchStatus.ACTIVE and to_reject.status == MatchStatus.REJECTED
    assert len(mail.outbox) == 2


def test_end_action_asks_for_a_reason_first(admin_client, active_match):
    page = action(admin_client, "match", "end", [active_match])
    assert page.status_code == 200 and "Pourquoi le binôme s&#x27;arrête-t-il ?" in page.content.decode()
    active_match.refresh_from_db()
    assert active_match.status == MatchStatus.ACTIVE
    action(admin_client, "match", "end", [active_match], reason="Le projet a trouvé un autre accompagnement.")
    active_match.refresh_from_db()
    assert active_match.status == MatchStatus.ENDED
    assert active_match.end_reason == "Le projet a trouvé un autre accompagnement."


def test_adding_a_match_in_the_admin_makes_a_pair_fixed_by_hand(admin_client, mentor, membership):
    response = admin_client.post(
        reverse("admin:mentors_match_add"),
        {"mentor": mentor.pk, "membership": membership.pk, "changes-TOTAL_FORMS": 0, "changes-INITIAL_FORMS": 0},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    match = Match.objects.get()
    assert match.fixed_by_hand and match.status == MatchStatus.PROPOSED and match.changes.count() == 1


def test_adding_an_impossible_pair_shows_why_on_the_form(admin_client, membership):
    paused = MentorFactory(status=MentorStatus.PAUSED)
    response = admin_client.post(
        reverse("admin:mentors_match_add"),
        {"mentor": paused.pk, "membership": membership.pk, "changes-TOTAL_FORMS": 0, "changes-INITIAL_FORMS": 0},
    )
    assert response.status_code == 200
    assert "mentor en pause" in response.content.decode()
    assert not Match.objects.exists()
