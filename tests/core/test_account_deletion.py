"""Deleting one's own account (RGPD, right to erasure): what goes, what stays without a name, what holds it back."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.enums import Status
from applications.models import Answer, Application, Attachment
from cohorts.enums import MembershipStatus
from events.enums import RegistrationStatus
from events.models import Registration
from roubaix_incubator.core.models import User
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories.applications import AnswerFactory, ApplicationFactory, AttachmentFactory, CallFactory
from tests.factories.core import PASSWORD, UserFactory
from tests.mentors.factories import MatchFactory, MembershipFactory

pytestmark = pytest.mark.django_db

URL = reverse("account_delete")


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_page_says_what_goes_and_what_stays(client):
    client.force_login(UserFactory())

    content = client.get(URL).content.decode()

    assert "Ce qui est supprimé" in content
    assert "Ce qui reste, sans vous nommer" in content
    assert 'name="password"' in content


def test_deleting_erases_the_account_drafts_documents_and_what_names_the_holder(client, django_capture_on_commit_callbacks):
    holder = UserFactory(email="samia@example.org")
    draft = ApplicationFactory(applicant=holder)
    draft_document = AttachmentFactory(application=draft)
    withdrawn = ApplicationFactory(
        applicant=holder,
        complete=True,
        status=Status.WITHDRAWN,
        submitted_at=timezone.now(),
        project_name="Cantine de l'Alma",
        holder_gender="woman",
    )
    AnswerFactory(application=withdrawn, question__call=withdrawn.call)
    AttachmentFactory(application=withdrawn)
    document_path = draft_document.file.path
    someone_else = ApplicationFactory(complete=True)
    client.force_login(holder)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"password": PASSWORD}, follow=True)

    assert response.redirect_chain == [(reverse("applications:home"), 302)]
    assert "Votre compte et vos données personnelles ont été supprimés." in response.content.decode()
    assert not User.objects.filter(email="samia@example.org").exists()
    assert not Application.objects.filter(pk=draft.pk).exists()
    withdrawn.refresh_from_db()
    assert withdrawn.applicant is None
    assert withdrawn.project_name == f"Candidature anonymisée n° {withdrawn.pk}"
    assert withdrawn.summary == ""
    assert withdrawn.holder_gender == ""
    assert withdrawn.status == Status.WITHDRAWN  # the figures stay
    assert not Answer.objects.filter(application=withdrawn).exists()
    assert not Attachment.objects.filter(application__in=[draft.pk, withdrawn.pk]).exists()
    assert not draft_document.file.storage.exists(document_path)
    assert Application.objects.filter(pk=someone_else.pk, applicant__isnull=False).exists()
    assert not response.wsgi_request.user.is_authenticated


def test_deleting_gives_back_upcoming_seats_and_anonymises_every_registration_of_the_person(
    client, django_capture_on_commit_callbacks
):
    holder = UserFactory(email="samia@example.org")
    full_event = EventFactory(capacity=1)
    seat = RegistrationFactory(event=full_event, user=holder, email=holder.email)
    waiting = RegistrationFactory(event=full_event, status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    past = RegistrationFactory(
        event=EventFactory(starts_at=timezone.now() - timedelta(days=20)), email="Samia@Example.org"
    )  # registered without the account, with the same address
    client.force_login(holder)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"password": PASSWORD})

    seat.refresh_from_db()
    waiting.refresh_from_db()
    past.refresh_from_db()
    assert seat.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert [message.to for message in mail.outbox] == [[waiting.email]]
    for registration in (seat, past):
        assert (registration.full_name, registration.email, registration.organisation, registration.user) == (
            "",
            "",
            "",
            None,
        )
        assert registration.anonymised_at is not None
    assert Registration.objects.filter(pk=past.pk, checked_in_at=past.checked_in_at).exists()


def test_a_wrong_password_deletes_nothing_and_says_so(client):
    holder = UserFactory()
    client.force_login(holder)

    response = client.post(URL, {"password": "pas-le-bon"})

    assert response.status_code == 200
    assert "Ce mot de passe n&#x27;est pas le bon." in response.content.decode()
    assert User.objects.filter(pk=holder.pk).exists()


@pytest.mark.parametrize(
    ("arrange", "reason"),
    [
        (
            lambda user: ApplicationFactory(
                applicant=user, complete=True, status=Status.UNDER_REVIEW, project_name="Répar'Vélo"
            ),
            "Votre candidature « Répar&#x27;Vélo » est en cours d&#x27;examen",
        ),
        (
            lambda user: MembershipFactory(application__applicant=user, status=MembershipStatus.ACTIVE),
            "fait partie de la promotion",
        ),
        (lambda user: MatchFactory(mentor__user=user), "Vous êtes inscrit·e comme mentor"),
    ],
    ids=["application-under-review", "cohort-member", "mentor"],
)
def test_something_in_progress_holds_the_deletion_back_with_what_to_do(client, arrange, reason):
    holder = UserFactory()
    arrange(holder)
    client.force_login(holder)

    page = client.get(URL).content.decode()
    response = client.post(URL, {"password": PASSWORD})

    assert reason in page
    assert "Votre compte ne peut pas encore être supprimé" in page
    assert 'name="password"' not in page
    assert reason in response.content.decode()
    assert User.objects.filter(pk=holder.pk).exists()


def test_staff_accounts_are_deleted_by_an_administrator_only(client):
    staff = UserFactory(staff=True)
    client.force_login(staff)

    client.post(URL, {"password": PASSWORD})

    assert User.objects.filter(pk=staff.pk).exists()
    assert "supprimés par un administrateur" in client.get(URL).content.decode()


def test_a_finished_cohort_does_not_hold_the_deletion_back(client):
    membership = MembershipFactory(status=MembershipStatus.COMPLETED, cohort__call=CallFactory(closed=True))
    holder = membership.application.applicant
    client.force_login(holder)

    client.post(URL, {"password": PASSWORD})

    membership.application.refresh_from_db()
    assert not User.objects.filter(pk=holder.pk).exists()
    assert membership.application.applicant is None
    assert membership.application.status == Status.ACCEPTED
