"""Staff pages on the public site: the old matching address (the matching runs from the admin), following the
sessions; and inviting mentors."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentors import services
from mentors.models import Mentor, MentoringSession
from mentors.tasks import send_invitation_task

from .factories import MatchFactory, MembershipFactory, MentorFactory, SessionFactory, UserFactory


@pytest.fixture
def staff_client(client, manager):
    client.force_login(manager)
    return client


def staff_pages(cohort):
    return [
        reverse("mentors:staff_index"),
        reverse("mentors:staff_invite"),
        reverse("mentors:staff_follow_up", args=[cohort.pk]),
    ]


def staff_urls(cohort):
    """The pages, and the old matching address that redirects to the admin."""
    return [*staff_pages(cohort), reverse("mentors:staff_matching", args=[cohort.pk])]


def test_staff_pages_are_404_for_members_and_staff_without_permission(client, cohort, holder, make_staff, mentor):
    for user in (holder, mentor.user, make_staff()):
        client.force_login(user)
        for url in staff_urls(cohort):
            assert client.get(url).status_code == 404, (user, url)


def test_staff_pages_send_anonymous_visitors_to_login(client, cohort):
    for url in staff_urls(cohort):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_staff_pages_open_for_a_manager(staff_client, cohort, active_match):
    for url in staff_pages(cohort):
        assert staff_client.get(url).status_code == 200, url


def test_old_matching_address_redirects_to_the_admin_matching(staff_client, cohort):
    response = staff_client.get(reverse("mentors:staff_matching", args=[cohort.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:mentors_match_matching", args=[cohort.pk])


def test_follow_up_shows_hours_quiet_projects_and_feedback(staff_client, cohort, active_match, mentor):
    today = timezone.localdate()
    SessionFactory(
        match=active_match,
        date=today - timedelta(days=3),
        duration_minutes=90,
        holder_feedback_usefulness=4,
        holder_feedback_comment="Enfin un plan de financement clair !",
        holder_feedback_at=timezone.now(),
    )
    SessionFactory(match=active_match, date=today - timedelta(days=10), duration_minutes=60)
    quiet = MatchFactory(
        membership=MembershipFactory(cohort=cohort, application__project_name="Projet silencieux"),
        confirmed_at=timezone.now() - timedelta(days=60),
    )
    old_session = SessionFactory(match=quiet, date=today - timedelta(days=45), duration_minutes=120)
    MentoringSession.objects.filter(pk=old_session.pk).update(logged_at=timezone.now() - timedelta(days=44))

    response = staff_client.get(reverse("mentors:staff_follow_up", args=[cohort.pk]))

    projects = {p.application.project_name: p for p in response.context["projects"]}
    cantine = projects["La Cantine de l'Alma"]
    assert (cantine.session_count, cantine.minutes, cantine.average_usefulness, cantine.is_quiet) == (2, 150, 4, False)
    assert projects["Projet silencieux"].is_quiet is True
    assert [p.application.project_name for p in response.context["quiet_projects"]] == ["Projet silencieux"]
    mentors = {m.pk: m for m in response.context["mentors"]}
    assert (mentors[mentor.pk].session_count, mentors[mentor.pk].minutes) == (2, 150)
    assert response.context["totals"]["minutes"] == 270
    content = response.content.decode()
    assert "Enfin un plan de financement clair !" in content
    assert "2,5" in content  # 150 minutes, in hours, French format
    # Private notes are for the mentor and staff, but this page does not need them.
    assert "épuisé" not in content


def test_follow_up_counts_only_this_cohorts_sessions_for_a_mentor(staff_client, cohort, active_match, mentor):
    SessionFactory(match=active_match, duration_minutes=60)
    SessionFactory(match=MatchFactory(mentor=mentor), duration_minutes=300)  # another cohort
    response = staff_client.get(reverse("mentors:staff_follow_up", args=[cohort.pk]))
    (row,) = response.context["mentors"]
    assert (row.session_count, row.minutes, row.running_project_count) == (1, 60, 1)


# Invitations


def test_inviting_a_mentor_creates_the_account_and_sends_a_set_password_link(
    staff_client, manager, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("mentors:staff_invite"),
            {"full_name": "Hélène Dupont", "email": "Helene.Dupont@Example.org", "kind": "lent", "organisation": "OVH"},
        )
    assert response.status_code == 302
    mentor = Mentor.objects.select_related("user").get()
    user = mentor.user
    assert user.email == "helene.dupont@example.org" and user.full_name == "Hélène Dupont"
    assert not user.has_usable_password()
    assert mentor.approved and mentor.invited_by == manager and mentor.invitation_sent_at
    assert EmailAddress.objects.get(user=user).verified
    (message,) = mail.outbox
    assert message.to == ["helene.dupont@example.org"]
    link = re.search(r"https://innovation-sociale\.roubaix\.test(/compte/password/reset/key/\S+/)", message.body)
    assert link, message.body

    # The link lets her choose a password, then she can sign in and reach her portal.
    client.logout()
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    password = "Roubaix-Mentorat-2026!"
    client.post(set_url, {"password1": password, "password2": password})
    user.refresh_from_db()
    assert user.check_password(password)
    assert client.login(email="helene.dupont@example.org", password=password)
    assert client.get(reverse("mentors:portal")).status_code == 200


def test_invitation_task_runs_twice_acts_once(db):
    mentor = MentorFactory()
    assert send_invitation_task.delay(mentor_id=mentor.pk).get() is True
    assert send_invitation_task.delay(mentor_id=mentor.pk).get() is False
    assert len(mail.outbox) == 1


def test_inviting_someone_who_is_already_a_mentor_is_refused(staff_client, mentor):
    response = staff_client.post(
        reverse("mentors:staff_invite"),
        {"full_name": "Karim Haddad", "email": "KARIM.haddad@example.org", "kind": "volunteer"},
    )
    assert response.status_code == 200
    assert "email" in response.context["form"].errors


def test_inviting_an_existing_member_keeps_their_account(db, manager, django_capture_on_commit_callbacks):
    user = UserFactory(email="lina@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        mentor = services.mentor_invite(email="lina@example.org", full_name="Lina", by=manager, kind="volunteer")
    assert mentor.user == user and user.has_usable_password()
    assert len(mail.outbox) == 1


def test_resending_an_invitation(db, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mentor = services.mentor_invite(email="paul@example.org", full_name="Paul", by=manager, kind="volunteer")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.mentor_resend_invitation(mentor=mentor) is True
    assert len(mail.outbox) == 2
    mentor.user.last_login = timezone.now()
    mentor.user.save()
    assert services.mentor_resend_invitation(mentor=mentor) is False
