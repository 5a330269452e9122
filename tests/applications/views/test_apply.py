import pytest
from django.core import mail
from django.urls import reverse

from applications.enums import AttachmentKind, QuestionKind, Status
from applications.models import Answer, Application, Attachment, StatusChange
from roubaix_incubator.core.models import Neighbourhood
from tests.factories import ApplicationFactory, AttachmentFactory, CallFactory, QuestionFactory
from tests.factories.documents import PDF, upload
from tests.pages import form_values, list_items, messages_of, shows

pytestmark = pytest.mark.django_db


def step_url(application, slug):
    return reverse("applications:step", kwargs={"pk": application.pk, "step": slug})


@pytest.fixture
def logged_in(client, applicant):
    client.force_login(applicant)
    return client


def test_start_anonymous_redirected_to_login(client, open_call):
    response = client.get("/appels/appel-2026/candidater/")

    assert response.status_code == 302
    assert response["Location"] == "/compte/login/?next=/appels/appel-2026/candidater/"


def test_start_unpublished_call_is_404(logged_in):
    CallFactory(slug="en-preparation", is_published=False)

    assert logged_in.get("/appels/en-preparation/candidater/").status_code == 404


def test_full_journey_from_start_to_submission(logged_in, applicant, open_call, django_capture_on_commit_callbacks):
    local = QuestionFactory(call=open_call, label="Avez-vous déjà un local ?", kind=QuestionKind.YES_NO, order=1)
    volunteers = QuestionFactory(call=open_call, label="Nombre de bénévoles", kind=QuestionKind.NUMBER, order=2)
    alma, epeule = Neighbourhood.objects.get(slug="alma"), Neighbourhood.objects.get(slug="epeule")

    response = logged_in.post(
        "/appels/appel-2026/candidater/",
        {
            "project_name": "La Cantine de l'Alma",
            "summary": "Une cantine solidaire.",
            "stage": "emergence",
            "legal_form": "association",
        },
    )
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == step_url(application, "besoin")
    assert messages_of(response) == ["Votre brouillon est enregistré. Vous pouvez continuer maintenant ou plus tard."]

    steps = [
        (
            "besoin",
            {"social_need": "L'isolement.", "target_public": "Personnes âgées", "neighbourhoods": [alma.pk, epeule.pk]},
            "equipe",
        ),
        (
            "equipe",
            {
                "team": "Deux bénévoles.",
                "holder_gender": "woman",
                "holder_age_band": "36_50",
                "holder_lives_in_priority_area": "yes",
                "holder_employment_status": "rsa",
            },
            "modele",
        ),
        (
            "modele",
            {
                "economic_model": "Prix libre.",
                "funding_need": "25000",
                "jobs_at_12_months": "2",
                "inclusive_jobs_at_12_months": "1",
                "jobs_at_36_months": "5",
                "inclusive_jobs_at_36_months": "3",
            },
            "accompagnement",
        ),
        (
            "accompagnement",
            {
                "support_needs": ["funding", "premises"],
                "support_needs_details": "Un local.",
                local.field_name: "no",
                volunteers.field_name: "12",
            },
            "documents",
        ),
    ]
    for slug, data, next_slug in steps:
        response = logged_in.post(step_url(application, slug), data)
        assert response.status_code == 302, (slug, response.context and response.context["form"].errors)
        assert response["Location"] == step_url(application, next_slug)

    response = logged_in.post(
        f"/candidatures/{application.pk}/documents/",
        {"kind": AttachmentKind.BUDGET, "file": upload("budget.pdf", PDF, "application/pdf")},
    )
    assert response["Location"] == f"/candidatures/{application.pk}/documents/"
    assert messages_of(response)[-1] == "Le document « budget.pdf » est ajouté."

    review = logged_in.get(f"/candidatures/{application.pk}/envoyer/")
    assert review.context["missing"] == []
    assert list_items(review, "manques") == []

    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(f"/candidatures/{application.pk}/envoyer/")

    assert response["Location"] == "/candidatures/"
    assert messages_of(response)[-1] == "Votre candidature est envoyée. Un e-mail de confirmation vous a été adressé."
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert (application.project_name, application.stage, application.legal_form) == (
        "La Cantine de l'Alma",
        "emergence",
        "association",
    )
    assert set(application.neighbourhoods.all()) == {alma, epeule}
    assert (
        application.holder_gender,
        application.holder_age_band,
        application.holder_lives_in_priority_area,
        application.holder_employment_status,
    ) == ("woman", "36_50", "yes", "rsa")
    assert (
        application.funding_need,
        application.jobs_at_12_months,
        application.inclusive_jobs_at_12_months,
        application.jobs_at_36_months,
        application.inclusive_jobs_at_36_months,
    ) == (25000, 2, 1, 5, 3)
    assert application.support_needs == ["funding", "premises"]
    assert dict(Answer.objects.values_list("question__label", "value")) == {
        "Avez-vous déjà un local ?": False,
        "Nombre de bénévoles": 12,
    }
    assert list(Attachment.objects.values_list("original_name", "kind")) == [("budget.pdf", "budget")]
    assert [message.subject for message in mail.outbox] == ["Votre candidature « La Cantine de l'Alma » est bien reçue"]

    dashboard = logged_in.get("/candidatures/")
    assert shows(dashboard, "La Cantine de l'Alma")
    assert shows(dashboard, "Soumise")
    assert shows(
        dashboard, "Votre candidature est bien reçue. L'équipe vérifie qu'elle correspond aux critères de l'appel."
    )


def test_step_save_and_leave_goes_to_dashboard(logged_in, draft):
    response = logged_in.post(step_url(draft, "equipe"), {"team": "Trois amies.", "save_and_leave": ""})

    assert response["Location"] == "/candidatures/"
    assert messages_of(response) == ["C'est enregistré. Vous pourrez reprendre votre candidature quand vous voulez."]
    draft.refresh_from_db()
    assert draft.team == "Trois amies."


def test_step_shows_saved_values(logged_in, draft):
    draft.neighbourhoods.set([Neighbourhood.objects.get(slug="pile")])
    draft.social_need = "Pas de lieu pour se retrouver."
    draft.save()

    values = form_values(logged_in.get(step_url(draft, "besoin")))

    assert values["social_need"] == ["Pas de lieu pour se retrouver."]
    assert values["neighbourhoods"] == [str(Neighbourhood.objects.get(slug="pile").pk)]


@pytest.mark.parametrize(
    ("slug", "location"),
    [("documents", "/candidatures/{pk}/documents/"), ("recapitulatif", "/candidatures/{pk}/envoyer/")],
)
def test_step_without_form_redirects_to_its_page(logged_in, draft, slug, location):
    response = logged_in.get(step_url(draft, slug))

    assert response["Location"] == location.format(pk=draft.pk)


def test_step_unknown_slug_is_404(logged_in, draft):
    assert logged_in.get(f"/candidatures/{draft.pk}/etape/inconnue/").status_code == 404


@pytest.mark.parametrize("path", ["etape/projet/", "documents/", "envoyer/"])
def test_submitted_application_pages_redirect_to_detail(logged_in, applicant, path):
    application = ApplicationFactory(applicant=applicant, submitted=True)

    response = logged_in.post(f"/candidatures/{application.pk}/{path}", {"project_name": "Changement"})

    assert response["Location"] == f"/candidatures/{application.pk}/"
    application.refresh_from_db()
    assert application.project_name != "Changement"


def test_step_of_submitted_application_says_why(logged_in, applicant):
    application = ApplicationFactory(applicant=applicant, submitted=True)

    response = logged_in.get(step_url(application, "projet"))

    assert messages_of(response) == ["Cette candidature a déjà été envoyée : elle ne peut plus être modifiée."]


def test_start_same_project_name_shows_error_and_keeps_values(logged_in, draft):
    response = logged_in.post(
        "/appels/appel-2026/candidater/",
        {"project_name": "la cantine de l'alma", "summary": "Un autre résumé.", "stage": "idea"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "project_name": ["Vous avez déjà une candidature pour un projet de ce nom dans cet appel."]
    }
    values = form_values(response)
    assert (values["project_name"], values["summary"], values["stage"]) == (
        ["la cantine de l'alma"],
        ["Un autre résumé."],
        ["idea"],
    )
    assert Application.objects.count() == 1


def test_detail_shows_answers_documents_and_history(logged_in, applicant, open_call):
    application = ApplicationFactory(applicant=applicant, call=open_call, submitted=True, project_name="Ressourcerie")
    AttachmentFactory(application=application, original_name="statuts.pdf")
    StatusChange.objects.create(application=application, before=Status.DRAFT, after=Status.SUBMITTED, by=applicant)

    response = logged_in.get(f"/candidatures/{application.pk}/")

    assert response.status_code == 200
    assert shows(response, "Ressourcerie")
    assert shows(response, "Une cantine solidaire où les habitants cuisinent ensemble.")
    assert shows(response, "Financement, Locaux")
    assert f'href="/candidatures/{application.pk}/documents/' in response.content.decode()
    assert shows(response, "statuts.pdf")
    assert shows(response, "Soumise")


def test_attachment_download_by_applicant(logged_in, draft):
    attachment = AttachmentFactory(application=draft, original_name="Budget prévisionnel.pdf")

    response = logged_in.get(attachment.get_absolute_url())

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == ("attachment; filename*=utf-8''Budget%20pr%C3%A9visionnel.pdf")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_attachment_delete_by_applicant(logged_in, draft, settings, django_capture_on_commit_callbacks):
    attachment = AttachmentFactory(application=draft, original_name="cv.pdf")
    stored = settings.PRIVATE_MEDIA_ROOT / attachment.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(f"/candidatures/{draft.pk}/documents/{attachment.pk}/supprimer/")

    assert response["Location"] == f"/candidatures/{draft.pk}/documents/"
    assert messages_of(response) == ["Le document « cv.pdf » est supprimé."]
    assert Attachment.objects.count() == 0
    assert not stored.exists()


def test_attachment_delete_of_submitted_application_refused(logged_in, applicant):
    attachment = AttachmentFactory(application=ApplicationFactory(applicant=applicant, submitted=True))

    response = logged_in.post(f"/candidatures/{attachment.application_id}/documents/{attachment.pk}/supprimer/")

    assert messages_of(response) == ["Cette candidature a déjà été envoyée : elle ne peut plus être modifiée."]
    assert Attachment.objects.count() == 1


def test_attachment_delete_get_not_allowed(logged_in, draft):
    attachment = AttachmentFactory(application=draft)

    assert logged_in.get(f"/candidatures/{draft.pk}/documents/{attachment.pk}/supprimer/").status_code == 405
    assert Attachment.objects.count() == 1


def test_withdraw_with_reason(logged_in, applicant):
    application = ApplicationFactory(applicant=applicant, submitted=True, project_name="Ressourcerie")

    assert logged_in.get(f"/candidatures/{application.pk}/retirer/").status_code == 200
    response = logged_in.post(f"/candidatures/{application.pk}/retirer/", {"reason": "Nous avons trouvé un local."})

    assert response["Location"] == "/candidatures/"
    assert messages_of(response) == ["Votre candidature « Ressourcerie » est retirée."]
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert list(StatusChange.objects.values_list("before", "after", "by", "reason")) == [
        (Status.SUBMITTED, Status.WITHDRAWN, applicant.pk, "Nous avons trouvé un local.")
    ]


@pytest.mark.parametrize("status", [Status.ACCEPTED, Status.WAITLISTED, Status.REJECTED, Status.WITHDRAWN])
def test_withdraw_after_decision_refused(logged_in, applicant, status):
    application = ApplicationFactory(applicant=applicant, status=status)

    response = logged_in.post(f"/candidatures/{application.pk}/retirer/", {"reason": "Trop tard"})

    assert response["Location"] == f"/candidatures/{application.pk}/"
    assert messages_of(response) == ["Cette candidature ne peut plus être retirée."]
    application.refresh_from_db()
    assert application.status == status
    assert StatusChange.objects.count() == 0


def test_dashboard_empty_points_to_calls(logged_in):
    response = logged_in.get("/candidatures/")

    assert shows(response, "Vous n'avez pas encore de candidature.")
    assert 'href="/appels/"' in response.content.decode()
