"""A holder deletes their account (or their file is anonymised): the selection carries on without them."""

import pytest
from django.core import mail
from django.urls import reverse

from applications.enums import Status
from applications.models import Application
from cohorts import selectors, services
from cohorts.enums import Outcome
from roubaix_incubator.core.services import user_delete_account

pytestmark = pytest.mark.django_db


def test_a_waitlisted_holder_who_deleted_their_account_is_never_given_the_seat(
    released_cohort, manager, django_capture_on_commit_callbacks
):
    cohort, members, waitlisted = released_cohort
    user_delete_account(user=waitlisted[0].applicant)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.membership_decline_and_promote(membership=members[0], by=manager, reason="Désistement.")

    assert [d.application for d in selectors.waitlist_for_call(call_id=cohort.call_id)] == waitlisted[2:]
    assert promoted.application == waitlisted[1]
    assert [m.to for m in mail.outbox] == [[waitlisted[1].applicant.email]]
    assert Application.objects.get(pk=waitlisted[0].pk).status == Status.WAITLISTED


def test_the_release_page_names_a_deleted_account_instead_of_failing(
    client, superuser, make_application, make_cohort, prepare, call
):
    make_cohort(seats=2)
    gone = make_application(status=Status.SHORTLISTED, project_name="Épicerie de l'Épeule")
    prepare(gone, Outcome.ACCEPTED)
    Application.objects.filter(pk=gone.pk).update(applicant=None)
    client.force_login(superuser)

    response = client.post(
        reverse("admin:applications_call_changelist"), {"action": "release_decisions", "_selected_action": [call.pk]}
    )

    assert response.status_code == 200
    assert response.context["items"] == [f"{call.title} — « Épicerie de l'Épeule » : Retenue ; e-mail à compte supprimé"]
