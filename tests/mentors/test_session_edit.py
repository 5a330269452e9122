"""A mentor corrects a session they logged, within 7 days; nobody else, and never in the admin."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mentors import services
from mentors.models import MentoringSession
from mentors.services import sessions

from .factories import MentorFactory, SessionFactory, UserFactory


@pytest.fixture
def session(active_match):
    return SessionFactory(
        match=active_match,
        date=timezone.localdate() - timedelta(days=2),
        duration_minutes=60,
        holder_feedback_usefulness=4,
        holder_feedback_at=timezone.now(),
    )


def edit_url(session):
    return reverse("mentors:session_edit", args=[session.match.membership_id, session.pk])


def edit_data(session, **overrides):
    data = {
        "date": session.date.isoformat(),
        "duration_minutes": "120",
        "mode": "video",
        "topics": ["funding"],
        "notes": "Plan de financement revu, et dossier France Active commencé.",
        "agreed_actions": "Envoyer le dossier lundi.",
        "private_notes": "",
        "next_meeting_on": "",
    }
    data.update(overrides)
    return data


def test_mentor_corrects_a_session_within_7_days(client, mentor, session):
    client.force_login(mentor.user)
    assert (
        client.get(reverse("mentors:project", args=[session.match.membership_id]))
        .content.decode()
        .count(edit_url(session))
        == 1
    )

    response = client.post(edit_url(session), edit_data(session))

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.duration_minutes, session.mode, session.notes) == (
        120,
        "video",
        "Plan de financement revu, et dossier France Active commencé.",
    )
    assert session.holder_feedback_usefulness == 4  # the holder's feedback stays
    assert MentoringSession.objects.count() == 1


def test_a_session_logged_over_7_days_ago_cannot_be_corrected(client, mentor, session):
    MentoringSession.objects.filter(pk=session.pk).update(logged_at=timezone.now() - timedelta(days=8))
    client.force_login(mentor.user)

    response = client.post(edit_url(session), edit_data(session), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Cette séance a été saisie il y a plus de 7 jours : elle ne peut plus être modifiée. Écrivez à l'équipe "
        "du programme si une correction est nécessaire."
    ]
    session.refresh_from_db()
    assert session.duration_minutes == 60
    with pytest.raises(ValidationError):
        services.session_update(session=session, by=mentor.user, duration_minutes=30)


def test_opening_the_form_of_a_session_logged_over_7_days_ago_says_why_not(client, mentor, session):
    MentoringSession.objects.filter(pk=session.pk).update(logged_at=timezone.now() - timedelta(days=8))
    client.force_login(mentor.user)

    response = client.get(edit_url(session), follow=True)

    assert response.redirect_chain == [(reverse("mentors:project", args=[session.match.membership_id]), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Cette séance a été saisie il y a plus de 7 jours : elle ne peut plus être modifiée. Écrivez à l'équipe "
        "du programme si une correction est nécessaire."
    ]


@pytest.mark.parametrize(
    ("days", "wording"),
    [(7, "saisie il y a plus de 7 jours :"), (1, "saisie il y a plus de 1 jour :"), (14, "plus de 14 jours :")],
)
def test_the_closed_window_message_follows_session_edit_window(monkeypatch, days, wording):
    monkeypatch.setattr(sessions, "SESSION_EDIT_WINDOW", timedelta(days=days))

    assert wording in services.SessionEditClosed().message


def test_a_wrong_correction_shows_the_error_and_keeps_what_was_typed(client, mentor, session):
    client.force_login(mentor.user)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = client.post(edit_url(session), edit_data(session, date=tomorrow, notes="Texte tapé"))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "date": ["La séance doit avoir eu lieu : sa date ne peut pas être dans le futur."]
    }
    assert response.context["form"]["notes"].value() == "Texte tapé"
    session.refresh_from_db()
    assert session.duration_minutes == 60


@pytest.mark.parametrize("who", ["other_mentor", "holder"])
def test_correcting_someone_elses_session_is_404(client, session, who):
    user = MentorFactory().user if who == "other_mentor" else session.match.membership.application.applicant
    client.force_login(user)
    assert client.get(edit_url(session)).status_code == 404
    assert client.post(edit_url(session), edit_data(session)).status_code == 404
    session.refresh_from_db()
    assert session.duration_minutes == 60


def test_session_update_refuses_another_user(session):
    with pytest.raises(PermissionError):
        services.session_update(session=session, by=UserFactory(), duration_minutes=30)


def test_staff_cannot_edit_a_session_in_the_admin(client, session):
    client.force_login(UserFactory(staff=True, is_superuser=True))
    url = reverse("admin:mentors_mentoringsession_change", args=[session.pk])

    page = client.get(url)
    post = client.post(url, {"notes": "Réécrit par l'équipe", "private_notes": "", "duration_minutes": "5"})

    assert (page.status_code, post.status_code) == (200, 403)
    assert page.context["has_change_permission"] is False  # view only: every field shown as text, no save button
    content = page.content.decode()
    assert 'name="notes"' not in content and 'name="private_notes"' not in content and 'name="_save"' not in content
    assert "Point sur le plan de financement et les subventions de la Région." in content
    session.refresh_from_db()
    assert session.notes == "Point sur le plan de financement et les subventions de la Région."
    assert session.duration_minutes == 60
