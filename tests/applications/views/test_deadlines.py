"""What a draft says and allows once its call has closed, and what an upcoming call says before it opens."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications import services
from applications.enums import AttachmentKind, QuestionKind
from applications.models import Answer, Application, Attachment
from tests.factories import AnswerFactory, ApplicationFactory, AttachmentFactory, CallFactory, QuestionFactory
from tests.factories.documents import PDF, upload
from tests.pages import form_values, messages_of, page_text, shows

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
PASSED = "La date limite est passée : cette candidature ne peut plus être envoyée."
CONTINUE = "Continuer ma candidature"
OLD_WORDING = "Complétez-la et envoyez-la avant la date limite"


@pytest.fixture
def logged_in(client, applicant):
    client.force_login(applicant)
    return client


@pytest.fixture
def late_draft(applicant):
    call = CallFactory(
        opens_at=datetime(2024, 1, 8, 9, 0, tzinfo=PARIS), closes_at=datetime(2024, 3, 15, 18, 0, tzinfo=PARIS)
    )
    return ApplicationFactory(call=call, applicant=applicant, project_name="Épicerie solidaire", summary="Avant.")


def test_dashboard_late_draft_says_deadline_passed_without_continue(logged_in, late_draft):
    response = logged_in.get("/candidatures/")

    assert response.context["rows"] == [(late_draft, PASSED)]
    text = page_text(response)
    assert PASSED in text
    assert OLD_WORDING not in text
    assert CONTINUE not in text
    assert "Date limite passée : vendredi 15 mars 2024 à 18:00" in text
    assert f'href="/candidatures/{late_draft.pk}/"' in response.content.decode()


def test_dashboard_open_draft_still_offers_to_continue(logged_in, draft):
    response = logged_in.get("/candidatures/")

    assert shows(response, OLD_WORDING)
    assert shows(response, CONTINUE)
    assert not shows(response, PASSED)


def test_detail_late_draft_says_deadline_passed_without_continue(logged_in, late_draft):
    response = logged_in.get(f"/candidatures/{late_draft.pk}/")

    assert response.context["next_step"] == PASSED
    assert not shows(response, CONTINUE)


def test_step_late_draft_is_read_only(logged_in, late_draft):
    response = logged_in.get(reverse("applications:step", kwargs={"pk": late_draft.pk, "step": "projet"}))

    assert response.status_code == 200
    assert shows(response, "La date limite de dépôt est passée (vendredi 15 mars 2024 à 18:00)")
    assert all(field.disabled for field in response.context["form"].fields.values())
    assert "Enregistrer et continuer" not in page_text(response)
    assert form_values(response)["project_name"] == ["Épicerie solidaire"]


def test_step_late_draft_post_changes_nothing(logged_in, late_draft):
    question = QuestionFactory(call=late_draft.call, label="Avez-vous un local ?", kind=QuestionKind.SHORT_TEXT)
    AnswerFactory(application=late_draft, question=question, value="Non")

    response = logged_in.post(
        reverse("applications:step", kwargs={"pk": late_draft.pk, "step": "accompagnement"}),
        {"support_needs": ["funding"], question.field_name: "Oui, rue de l'Épeule"},
    )

    assert response.status_code == 200
    assert messages_of(response) == [PASSED]
    assert all(field.disabled for field in response.context["questions_form"].fields.values())
    late_draft.refresh_from_db()
    assert late_draft.support_needs == []
    assert Answer.objects.get().value == "Non"


def test_documents_late_draft_offers_no_upload_and_refuses_one(logged_in, late_draft):
    attachment = AttachmentFactory(application=late_draft)
    delete_url = reverse("applications:attachment_delete", args=[late_draft.pk, attachment.pk])
    url = reverse("applications:documents", kwargs={"pk": late_draft.pk})

    page = logged_in.get(url)
    posted = logged_in.post(url, {"kind": AttachmentKind.BUDGET, "file": upload("budget.pdf", PDF)})

    assert page.context["form"] is None
    assert not shows(page, "Ajouter ce document")
    assert delete_url not in page.content.decode()
    assert messages_of(posted) == [PASSED]
    assert Attachment.objects.count() == 1


def test_attachment_delete_late_draft_refused(logged_in, late_draft):
    attachment = AttachmentFactory(application=late_draft)

    response = logged_in.post(
        reverse("applications:attachment_delete", kwargs={"pk": late_draft.pk, "attachment_pk": attachment.pk})
    )

    assert messages_of(response) == [PASSED]
    assert Attachment.objects.count() == 1


def test_application_update_late_draft_refused(late_draft):
    with pytest.raises(ValidationError) as caught:
        services.application_update(application=late_draft, fields={"summary": "Après."})

    assert caught.value.messages == [PASSED]
    late_draft.refresh_from_db()
    assert late_draft.summary == "Avant."


def test_start_upcoming_call_says_when_it_opens_and_refuses(logged_in):
    CallFactory(
        slug="appel-2027",
        opens_at=datetime(2027, 1, 11, 9, 0, tzinfo=PARIS),
        closes_at=datetime(2027, 3, 12, 18, 0, tzinfo=PARIS),
    )

    page = logged_in.get("/appels/appel-2027/candidater/", follow=True)
    posted = logged_in.post("/appels/appel-2027/candidater/", {"project_name": "Trop tôt", "summary": "Un résumé."})

    assert page.redirect_chain == [("/appels/appel-2027/", 302)]
    assert messages_of(page) == [
        "Cet appel ouvrira le lundi 11 janvier 2027 à 09:00 (heure de Paris) : vous pourrez candidater à partir de "
        "cette date."
    ]
    assert not shows(page, "La date limite de dépôt est passée")
    assert (posted.status_code, posted["Location"]) == (302, "/appels/appel-2027/")
    assert Application.objects.count() == 0
