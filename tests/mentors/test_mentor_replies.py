""" "Devenir mentor": the team hears of a new proposal; the person hears back, approved (with a way in) or declined
(kindly, with the reason). Every e-mail by a Celery task, queued after the commit, sent once."""

import pytest
from allauth.account.utils import user_pk_to_url_str
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from mentors import services
from mentors.models import Mentor, StaffNotice
from mentors.tasks import (
    notify_staff_of_application_task,
    send_approval_task,
    send_decline_task,
    send_staff_notice_task,
)

from .factories import MentorFactory, UserFactory

APPLY_DATA = {
    "kind": "volunteer",
    "organisation": "Crédit Coopératif",
    "expertise": ["funding"],
    "languages": ["fr"],
    "capacity_projects": "1",
    "hours_per_month": "3",
    "accept_charter": "on",
}


@pytest.fixture
def team(make_staff, db):
    """Who may change mentors (directly, through a group, as superuser), and staff who may not."""
    direct = make_staff("mentors.change_mentor")
    direct.email = "responsable@ville-roubaix.fr"
    direct.save()
    through_group = UserFactory(staff=True, email="chargee@ville-roubaix.fr")
    group = Group.objects.create(name="Chargés de programme")
    group.permissions.add(Permission.objects.get(content_type__app_label="mentors", codename="change_mentor"))
    through_group.groups.add(group)
    UserFactory(staff=True, is_superuser=True, email="admin@ville-roubaix.fr")
    make_staff("mentors.view_mentor")  # may not change mentors: not told
    gone = make_staff("mentors.change_mentor")
    gone.is_active = False
    gone.save()
    return ["admin@ville-roubaix.fr", "chargee@ville-roubaix.fr", "responsable@ville-roubaix.fr"]


def test_a_new_proposal_tells_the_team_once(client, team, django_capture_on_commit_callbacks):
    applicant = UserFactory(full_name="Lina Benali", email="lina@example.org")
    client.force_login(applicant)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("mentors:apply"), APPLY_DATA)

    # The proposal's task, then one task per team member it queues after its own commit.
    assert response.status_code == 302 and len(callbacks) == 1 + len(team)
    assert sorted(m.to[0] for m in mail.outbox) == team
    email = mail.outbox[0]
    assert email.subject == "Nouvelle proposition de mentor : Lina Benali"
    mentor = applicant.mentor_profile
    assert f"https://innovation-sociale.roubaix.test/admin/mentors/mentor/{mentor.pk}/change/" in email.body
    assert "Crédit Coopératif" in email.body and "Financement" in email.body


def test_staff_notification_task_runs_twice_acts_once(team, django_capture_on_commit_callbacks):
    mentor = MentorFactory(approved=False, approved_at=None)

    with django_capture_on_commit_callbacks(execute=True) as first:
        assert notify_staff_of_application_task.delay(mentor_id=mentor.pk).get() is True
    with django_capture_on_commit_callbacks(execute=True) as second:
        assert notify_staff_of_application_task.delay(mentor_id=mentor.pk).get() is False

    assert (len(first), len(second)) == (3, 0)
    assert sorted(m.to[0] for m in mail.outbox) == team
    assert StaffNotice.objects.filter(mentor=mentor, sent_at__isnull=False).count() == 3


def test_staff_notice_task_runs_twice_acts_once(team, django_capture_on_commit_callbacks):
    mentor = MentorFactory(approved=False, approved_at=None)
    with django_capture_on_commit_callbacks(execute=False):
        services.mentor_notify_staff(mentor_id=mentor.pk)
    notice = StaffNotice.objects.get(mentor=mentor, recipient__email="chargee@ville-roubaix.fr")

    assert send_staff_notice_task.delay(notice_id=notice.pk).get() is True
    assert send_staff_notice_task.delay(notice_id=notice.pk).get() is False

    assert [m.to for m in mail.outbox] == [["chargee@ville-roubaix.fr"]]


def test_a_failing_mailbox_keeps_the_claim_and_is_the_only_one_retried(
    team, monkeypatch, django_capture_on_commit_callbacks
):
    from mentors.services import profiles

    real_send = profiles.send_templated_email

    def one_mailbox_down(*, to, **kwargs):
        if to == "chargee@ville-roubaix.fr":
            raise OSError("SMTP down")
        return real_send(to=to, **kwargs)

    monkeypatch.setattr(profiles, "send_templated_email", one_mailbox_down)
    mentor = MentorFactory(approved=False, approved_at=None)

    with django_capture_on_commit_callbacks(execute=True):  # the failing task retries, then gives up (logged)
        assert notify_staff_of_application_task.delay(mentor_id=mentor.pk).get() is True

    mentor.refresh_from_db()
    assert mentor.staff_notified_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["admin@ville-roubaix.fr", "responsable@ville-roubaix.fr"]
    failed = StaffNotice.objects.get(mentor=mentor, sent_at__isnull=True)
    assert failed.recipient.email == "chargee@ville-roubaix.fr"

    monkeypatch.undo()
    assert send_staff_notice_task.delay(notice_id=failed.pk).get() is True
    assert notify_staff_of_application_task.delay(mentor_id=mentor.pk).get() is False
    assert [m.to[0] for m in mail.outbox].count("chargee@ville-roubaix.fr") == 1
    assert len(mail.outbox) == 3


def test_a_staff_notice_is_not_sent_once_the_proposal_is_approved(team, django_capture_on_commit_callbacks):
    mentor = MentorFactory(approved=False, approved_at=None)
    with django_capture_on_commit_callbacks(execute=False):
        services.mentor_notify_staff(mentor_id=mentor.pk)
    services.mentor_approve(mentor=mentor)

    sent = [services.mentor_send_staff_notice(notice_id=n.pk) for n in StaffNotice.objects.filter(mentor=mentor)]

    assert sent == [False, False, False]
    assert mail.outbox == []


def test_approving_sends_a_welcome_with_the_login_link(client, db, django_capture_on_commit_callbacks):
    pending = MentorFactory(approved=False, approved_at=None, user__email="lina@example.org")
    client.force_login(UserFactory(staff=True, is_superuser=True))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:mentors_mentor_changelist"), {"action": "approve", ACTION_CHECKBOX_NAME: [pending.pk]}
        )

    (email,) = mail.outbox
    assert email.to == ["lina@example.org"]
    assert email.subject == "Bienvenue parmi les mentors de l'incubateur d'innovation sociale de Roubaix"
    assert "https://innovation-sociale.roubaix.test/compte/login/" in email.body
    assert "/compte/password/reset/key/" not in email.body
    assert "https://innovation-sociale.roubaix.test/mentorat/" in email.body
    pending.refresh_from_db()
    assert pending.approved and pending.approval_email_sent_at is not None


def test_approving_an_account_without_password_sends_the_set_password_link(db, django_capture_on_commit_callbacks):
    pending = MentorFactory(approved=False, approved_at=None)
    pending.user.set_unusable_password()
    pending.user.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.mentor_approve(mentor=pending)

    body = mail.outbox[0].body
    assert (
        f"https://innovation-sociale.roubaix.test/compte/password/reset/key/{user_pk_to_url_str(pending.user)}-" in body
    )
    assert "/compte/login/" not in body


def test_approval_task_runs_twice_acts_once(db):
    mentor = MentorFactory()
    assert send_approval_task.delay(mentor_id=mentor.pk).get() is True
    assert send_approval_task.delay(mentor_id=mentor.pk).get() is False
    assert len(mail.outbox) == 1


def test_declining_from_the_admin_asks_the_reason_then_sends_it_kindly(client, db, django_capture_on_commit_callbacks):
    pending = MentorFactory(approved=False, approved_at=None, user__email="lina@example.org")
    client.force_login(UserFactory(staff=True, is_superuser=True))
    url = reverse("admin:mentors_mentor_changelist")

    asked = client.post(url, {"action": "decline", ACTION_CHECKBOX_NAME: [pending.pk]})
    assert asked.status_code == 200 and asked.context["form"].is_bound is False
    empty = client.post(url, {"action": "decline", ACTION_CHECKBOX_NAME: [pending.pk], "reason": " "})
    assert empty.context["form"].errors == {
        "reason": ["Indiquez en quelques mots pourquoi la proposition n'est pas retenue."]
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {
                "action": "decline",
                ACTION_CHECKBOX_NAME: [pending.pk],
                "reason": "Nous avons assez de mentors en financement cette année.",
            },
        )

    pending.refresh_from_db()
    assert pending.declined_at is not None and not pending.approved
    assert pending.decline_reason == "Nous avons assez de mentors en financement cette année."
    (email,) = mail.outbox
    assert email.to == ["lina@example.org"]
    assert email.subject == "Votre proposition de devenir mentor"
    assert "Merci sincèrement" in email.body
    assert "Nous avons assez de mentors en financement cette année." in email.body
    assert "https://innovation-sociale.roubaix.test/evenements/" in email.body


def test_an_approved_mentor_cannot_be_declined(mentor):
    with pytest.raises(ValidationError) as error:
        services.mentor_decline(mentor=mentor, reason="Erreur.")
    assert error.value.messages == ["Karim Haddad est déjà mentor : mettez son profil en pause plutôt que de refuser."]
    assert Mentor.objects.get(pk=mentor.pk).declined_at is None


def test_decline_task_runs_twice_acts_once(db, django_capture_on_commit_callbacks):
    pending = MentorFactory(approved=False, approved_at=None)
    with django_capture_on_commit_callbacks(execute=False):
        services.mentor_decline(mentor=pending, reason="Pas de besoin dans vos domaines cette année.")
    assert send_decline_task.delay(mentor_id=pending.pk).get() is True
    assert send_decline_task.delay(mentor_id=pending.pk).get() is False
    assert len(mail.outbox) == 1


def test_a_declined_person_sees_it_on_their_portal(client, db):
    pending = MentorFactory(approved=False, approved_at=None)
    services.mentor_decline(mentor=pending, reason="Pas cette année.")
    client.force_login(pending.user)
    content = client.get(reverse("mentors:portal")).content.decode().replace("&#x27;", "'")
    assert "Votre proposition n'a pas été retenue pour le moment" in content
