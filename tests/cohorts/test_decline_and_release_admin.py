"""Loose ends of the cohort: the decline reason typed by the manager, what a declined or promoted project reads,
and the confirmation page before a release."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from applications.enums import Status
from cohorts import services
from cohorts.enums import MembershipStatus, Outcome
from cohorts.models import Decision, Membership

pytestmark = pytest.mark.django_db

MEMBERSHIPS = "admin:cohorts_membership_changelist"


def _decline(client, membership, **data):
    return client.post(
        reverse(MEMBERSHIPS), {"action": "decline_and_promote", "_selected_action": [membership.pk], **data}
    )


def test_decline_action_first_asks_the_reason_and_names_who_takes_the_seat(client, superuser, released_cohort):
    _, members, _ = released_cohort
    client.force_login(superuser)

    response = _decline(client, members[0])

    assert response.status_code == 200
    assert response.context["intro"][1] == (
        "Promotion 2026 : « Attente 1 », premier de la liste d'attente, prendra la place et recevra l'e-mail."
    )
    assert Membership.objects.get(pk=members[0].pk).status == MembershipStatus.ACTIVE


def test_decline_action_keeps_the_reason_the_manager_typed(
    client, superuser, released_cohort, django_capture_on_commit_callbacks
):
    _, members, waitlisted = released_cohort
    mail.outbox.clear()
    client.force_login(superuser)

    with django_capture_on_commit_callbacks(execute=True):
        response = _decline(client, members[0], apply="1", reason="  A trouvé un emploi à Tourcoing.  ")

    assert response.status_code == 302
    left = Membership.objects.get(pk=members[0].pk)
    assert (left.status, left.reason) == (MembershipStatus.LEFT, "A trouvé un emploi à Tourcoing.")
    assert Membership.objects.get(application=waitlisted[0]).status == MembershipStatus.ACTIVE
    assert [m.to for m in mail.outbox] == [[waitlisted[0].applicant.email]]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "« Membre 1 » quitte la promotion. « Attente 1 » prend sa place et reçoit l'e-mail."
    ]


def test_decline_action_without_reason_shows_the_form_again(client, superuser, released_cohort):
    _, members, _ = released_cohort
    client.force_login(superuser)

    response = _decline(client, members[0], apply="1", reason="   ")

    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["Indiquez pourquoi le projet quitte la promotion."]}
    assert Membership.objects.get(pk=members[0].pk).status == MembershipStatus.ACTIVE


def test_declined_project_decision_page_no_longer_says_it_joins(client, released_cohort, manager):
    _, members, _ = released_cohort
    services.membership_decline_and_promote(membership=members[0], by=manager, reason="Déménage à Lyon.")
    client.force_login(members[0].application.applicant)

    page = client.get(reverse("cohorts:decision", args=[members[0].application_id])).content.decode()

    assert "Vous rejoignez la promotion" not in page
    assert "Votre projet a quitté la promotion « Promotion 2026 » le" in page


def test_promoted_project_does_not_read_the_waitlist_reasons(
    client, make_application, make_cohort, prepare, manager, call, django_capture_on_commit_callbacks
):
    make_cohort(seats=1)
    member = make_application(status=Status.SHORTLISTED, project_name="Membre")
    waiting = make_application(status=Status.SHORTLISTED, project_name="Attente")
    prepare(member, Outcome.ACCEPTED)
    prepare(waiting, Outcome.WAITLISTED, reasons="Projet solide mais encore peu ancré dans le quartier.")
    with django_capture_on_commit_callbacks(execute=True):
        services.decisions_release(call=call, by=manager)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.membership_decline_and_promote(membership=member.membership, by=manager, reason="Déménage.")

    (email,) = mail.outbox
    assert "Une place s'est libérée" in email.body
    assert "peu ancré" not in email.body
    assert "peu ancré" not in email.alternatives[0][0]
    client.force_login(waiting.applicant)
    page = client.get(reverse("cohorts:decision", args=[waiting.pk])).content.decode()
    assert "Vous rejoignez la promotion" in page
    assert "peu ancré" not in page


def test_release_action_first_lists_what_will_be_sent_and_warns_about_undecided_files(
    client, superuser, make_application, make_cohort, prepare, call
):
    make_cohort(seats=2)
    accepted = make_application(status=Status.SHORTLISTED, project_name="Épicerie de l'Épeule")
    prepare(accepted, Outcome.ACCEPTED)
    make_application(status=Status.UNDER_REVIEW, project_name="Atelier vélo")
    make_application(status=Status.SHORTLISTED, project_name="Garage solidaire")
    client.force_login(superuser)

    response = client.post(
        reverse("admin:applications_call_changelist"), {"action": "release_decisions", "_selected_action": [call.pk]}
    )

    assert response.status_code == 200
    assert response.context["items"] == [
        f"{call.title} — « Épicerie de l'Épeule » : Retenue ; e-mail à {accepted.applicant.full_name}"
    ]
    assert response.context["warnings"] == [
        "« Atelier vélo » (En cours d'examen) n'a pas de décision préparée : la publication le laisse sans réponse.",
        "« Garage solidaire » (Présélectionnée) n'a pas de décision préparée : la publication le laisse sans réponse.",
    ]
    assert not Decision.objects.filter(released_at__isnull=False).exists()
    assert mail.outbox == []


def test_release_from_the_decisions_list_also_asks_for_confirmation(
    client, superuser, make_application, make_cohort, prepare, call, django_capture_on_commit_callbacks
):
    make_cohort(seats=2)
    decision = prepare(make_application(status=Status.SHORTLISTED), Outcome.ACCEPTED)
    client.force_login(superuser)
    url = reverse("admin:cohorts_decision_changelist")

    page = client.post(url, {"action": "release_decisions", "_selected_action": [decision.pk]})
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(url, {"action": "release_decisions", "_selected_action": [decision.pk], "apply": "1"})

    assert page.status_code == 200
    assert len(page.context["items"]) == 1
    assert confirmed.status_code == 302
    decision.refresh_from_db()
    assert decision.released_at is not None
    assert len(mail.outbox) == 1
