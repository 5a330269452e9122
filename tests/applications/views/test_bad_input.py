"""What people get wrong, through the browser's eyes: each mistake gets a French message, and nothing typed is
lost."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from applications.enums import QuestionKind, Status
from applications.models import Answer, Application, Attachment, StatusChange
from roubaix_incubator.core.models import Neighbourhood
from tests.factories import ApplicationFactory, CallFactory, QuestionFactory
from tests.factories import documents as docs
from tests.factories.documents import upload
from tests.pages import form_values, list_items, messages_of, shows

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
ERROR_SUMMARY = "Quelque chose ne va pas. Corrigez les points suivants, vos réponses sont conservées :"
NOT_A_DOCUMENT = (
    "Le fichier « budget.pdf » n'est pas un document accepté. Envoyez un PDF, une image (JPEG, PNG, WebP) "
    "ou un document bureautique (Word, Excel, PowerPoint, OpenDocument)."
)


@pytest.fixture
def logged_in(client, applicant):
    client.force_login(applicant)
    return client


def stored_files(settings):
    root = settings.PRIVATE_MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def post_document(client, application, name, content, kind="budget"):
    return client.post(f"/candidatures/{application.pk}/documents/", {"kind": kind, "file": upload(name, content)})


def assert_document_refused(response, settings, message, kind="budget"):
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [message]
    assert shows(response, ERROR_SUMMARY)
    assert shows(response, message)
    assert form_values(response)["kind"] == [kind]  # the type of document chosen is still selected
    assert Attachment.objects.count() == 0
    assert stored_files(settings) == []


# --- Documents ----------------------------------------------------------------------------------------------


def test_upload_too_large_refused(logged_in, draft, settings):
    settings.MAX_UPLOAD_SIZE = 1024 * 1024
    content = docs.PDF + b"0" * (1536 * 1024 - len(docs.PDF))  # 1.5 MB

    response = post_document(logged_in, draft, "dossier.pdf", content, kind="presentation")

    assert_document_refused(
        response,
        settings,
        "Le fichier « dossier.pdf » est trop lourd (1,5 Mo). La taille maximale est de 1,0 Mo.",
        kind="presentation",
    )


def test_upload_over_ten_megabytes_refused(logged_in, draft, settings):
    settings.MAX_UPLOAD_SIZE = 10 * 1024 * 1024  # the production default
    content = docs.PDF + b"0" * (11 * 1024 * 1024 - len(docs.PDF))

    response = post_document(logged_in, draft, "presentation.pdf", content)

    assert_document_refused(
        response,
        settings,
        "Le fichier « presentation.pdf » est trop lourd (11,0 Mo). La taille maximale est de 10,0 Mo.",
    )


@pytest.mark.parametrize(
    "content",
    [docs.ELF, docs.EXE, docs.HTML, docs.plain_zip()],
    ids=["elf", "exe", "html", "zip"],
)
def test_upload_disguised_by_its_extension_refused(logged_in, draft, settings, content):
    response = post_document(logged_in, draft, "budget.pdf", content)

    assert_document_refused(response, settings, NOT_A_DOCUMENT)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "budget.docx",
            docs.PDF,
            "Le nom du fichier « budget.docx » ne correspond pas à son contenu (document PDF). "
            "Renommez-le avec la bonne extension (.pdf) ou choisissez un autre fichier.",
        ),
        (
            "budget.pdf",
            docs.docx(),
            "Le nom du fichier « budget.pdf » ne correspond pas à son contenu (document Word). "
            "Renommez-le avec la bonne extension (.docx) ou choisissez un autre fichier.",
        ),
        (
            "budget",
            docs.xlsx(),
            "Le nom du fichier « budget » ne correspond pas à son contenu (tableur Excel). "
            "Renommez-le avec la bonne extension (.xlsx) ou choisissez un autre fichier.",
        ),
    ],
    ids=["pdf-named-docx", "docx-named-pdf", "xlsx-without-extension"],
)
def test_upload_name_and_content_mismatch_refused(logged_in, draft, settings, name, content, message):
    response = post_document(logged_in, draft, name, content)

    assert_document_refused(response, settings, message)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("budget.xlsx", docs.xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("Statuts.ODT", docs.odt(), "application/vnd.oasis.opendocument.text"),
        ("photo.png", docs.png(), "image/png"),
    ],
)
def test_upload_real_document_accepted(logged_in, draft, settings, name, content, content_type):
    response = post_document(logged_in, draft, name, content)

    assert response.status_code == 302
    assert list(Attachment.objects.values_list("original_name", "content_type", "size")) == [
        (name, content_type, len(content))
    ]
    assert [path.read_bytes() for path in stored_files(settings)] == [content]


def test_upload_without_file_asks_for_one(logged_in, draft):
    response = logged_in.post(f"/candidatures/{draft.pk}/documents/", {"kind": "cv"})

    assert response.context["form"].errors == {"file": ["Ce champ est obligatoire."]}
    assert form_values(response)["kind"] == ["cv"]


# --- Submitting ---------------------------------------------------------------------------------------------


def test_submit_incomplete_lists_every_missing_field_with_its_step(logged_in, draft):
    question = QuestionFactory(call=draft.call, label="Avez-vous déjà un local ?")
    draft.summary = "Une cantine solidaire."
    draft.social_need = "Des repas trop chers."
    draft.save()
    pk = draft.pk

    response = logged_in.post(f"/candidatures/{pk}/envoyer/")

    assert response.status_code == 200
    assert messages_of(response) == ["Il manque des réponses : complétez les étapes indiquées ci-dessous."]
    assert list_items(response, "manques") == [
        ("Avancement du projet — étape « Le projet »", [f"/candidatures/{pk}/etape/projet/#id_stage"]),
        ("Structure juridique — étape « Le projet »", [f"/candidatures/{pk}/etape/projet/#id_legal_form"]),
        (
            "Personnes concernées — étape « Le besoin et les personnes »",
            [f"/candidatures/{pk}/etape/besoin/#id_target_public"],
        ),
        (
            "Quartiers concernés — étape « Le besoin et les personnes »",
            [f"/candidatures/{pk}/etape/besoin/#id_neighbourhoods"],
        ),
        ("L'équipe — étape « L'équipe »", [f"/candidatures/{pk}/etape/equipe/#id_team"]),
        (
            "Modèle économique — étape « Modèle économique et emplois »",
            [f"/candidatures/{pk}/etape/modele/#id_economic_model"],
        ),
        (
            "Besoin de financement (en euros) — étape « Modèle économique et emplois »",
            [f"/candidatures/{pk}/etape/modele/#id_funding_need"],
        ),
        (
            "Emplois prévus à 12 mois — étape « Modèle économique et emplois »",
            [f"/candidatures/{pk}/etape/modele/#id_jobs_at_12_months"],
        ),
        (
            "Dont emplois pour des personnes éloignées de l'emploi, à 12 mois — étape « Modèle économique et emplois »",
            [f"/candidatures/{pk}/etape/modele/#id_inclusive_jobs_at_12_months"],
        ),
        (
            "Emplois prévus à 36 mois — étape « Modèle économique et emplois »",
            [f"/candidatures/{pk}/etape/modele/#id_jobs_at_36_months"],
        ),
        (
            "Dont emplois pour des personnes éloignées de l'emploi, à 36 mois — étape « Modèle économique et emplois »",
            [f"/candidatures/{pk}/etape/modele/#id_inclusive_jobs_at_36_months"],
        ),
        (
            "Besoins d'accompagnement — étape « Vos besoins d'accompagnement »",
            [f"/candidatures/{pk}/etape/accompagnement/#id_support_needs"],
        ),
        (
            "Avez-vous déjà un local ? — étape « Vos besoins d'accompagnement »",
            [f"/candidatures/{pk}/etape/accompagnement/#id_question_{question.pk}"],
        ),
    ]
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert (draft.summary, draft.social_need) == ("Une cantine solidaire.", "Des repas trop chers.")
    assert shows(response, "Une cantine solidaire.")
    assert StatusChange.objects.count() == 0


def test_missing_field_links_point_at_fields_on_their_step(logged_in, draft):
    for kind in QuestionKind.values:
        QuestionFactory(call=draft.call, kind=kind, choices="Oui\nNon")
    review = logged_in.get(f"/candidatures/{draft.pk}/envoyer/")
    links = [link for _label, (link,) in list_items(review, "manques")]

    assert len(links) == 14 + len(QuestionKind.values)
    for link in links:
        path, anchor = link.split("#")
        step_page = logged_in.get(path).content.decode()
        # Radio and checkbox groups too: their first option carries the field's id.
        assert step_page.count(f'id="{anchor}"') == 1, link
        assert not re.search(rf'<legend\s[^>]*for="{anchor}"', step_page), link  # a legend takes no `for`


def test_submit_after_deadline_refused_with_the_date(logged_in, applicant):
    call = CallFactory(
        opens_at=datetime(2024, 1, 8, 9, 0, tzinfo=PARIS), closes_at=datetime(2024, 3, 15, 18, 0, tzinfo=PARIS)
    )
    application = ApplicationFactory(
        call=call, applicant=applicant, complete=True, neighbourhoods=[Neighbourhood.objects.get(slug="alma")]
    )

    response = logged_in.post(f"/candidatures/{application.pk}/envoyer/")

    assert response.status_code == 200
    assert messages_of(response) == [
        "La date limite de dépôt de cet appel est passée (vendredi 15 mars 2024 à 18:00) : la candidature ne peut plus être envoyée."
    ]
    assert shows(
        response,
        "La date limite de dépôt est passée (vendredi 15 mars 2024 à 18:00) : cette candidature ne peut plus être envoyée.",
    )
    assert list_items(response, "manques") == []
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert application.summary == "Une cantine solidaire où les habitants cuisinent ensemble."
    assert StatusChange.objects.count() == 0


def test_start_after_deadline_refused_and_keeps_values(logged_in):
    CallFactory(
        slug="appel-2024",
        opens_at=datetime(2024, 1, 8, 9, 0, tzinfo=PARIS),
        closes_at=datetime(2024, 3, 15, 18, 0, tzinfo=PARIS),
    )
    data = {"project_name": "Trop tard", "summary": "Un résumé.", "stage": "idea", "legal_form": "scop"}

    response = logged_in.post("/appels/appel-2024/candidater/", data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "La date limite de dépôt de cet appel est passée (vendredi 15 mars 2024 à 18:00) : la candidature ne peut plus être envoyée."
    ]
    assert shows(response, ERROR_SUMMARY)
    values = form_values(response)
    assert {name: values[name] for name in data} == {name: [value] for name, value in data.items()}
    assert Application.objects.count() == 0


def test_start_without_project_name_keeps_the_rest(logged_in, open_call):
    data = {"project_name": "  ", "summary": "Un atelier vélo.", "stage": "idea", "legal_form": "association"}

    response = logged_in.post("/appels/appel-2026/candidater/", data)

    assert response.context["form"].errors == {"project_name": ["Ce champ est obligatoire."]}
    assert shows(response, "Ce champ est obligatoire.")
    values = form_values(response)
    assert (values["summary"], values["stage"], values["legal_form"]) == (
        ["Un atelier vélo."],
        ["idea"],
        ["association"],
    )
    assert Application.objects.count() == 0


# --- Steps --------------------------------------------------------------------------------------------------

ECONOMY = {
    "economic_model": "Prix libre, adhésions et subvention de la Ville.",
    "funding_need": "25000",
    "jobs_at_12_months": "2",
    "inclusive_jobs_at_12_months": "1",
    "jobs_at_36_months": "5",
    "inclusive_jobs_at_36_months": "3",
}


@pytest.mark.parametrize(
    ("field", "typed", "error"),
    [
        ("funding_need", "douze mille", "Saisissez un nombre entier, en chiffres (par exemple 25 000)."),
        ("jobs_at_12_months", "2,5", "Saisissez un nombre entier, en chiffres (par exemple 25 000)."),
        ("jobs_at_36_months", "-5", "Assurez-vous que cette valeur est supérieure ou égale à 0."),
        ("inclusive_jobs_at_12_months", "4", "Ce nombre ne peut pas dépasser le nombre total d'emplois prévus."),
    ],
    ids=["words", "decimal", "negative", "more-inclusive-jobs-than-jobs"],
)
def test_step_invalid_number_keeps_every_value_typed(logged_in, draft, field, typed, error):
    data = {**ECONOMY, field: typed}

    response = logged_in.post(f"/candidatures/{draft.pk}/etape/modele/", data)

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [error]}
    assert shows(response, ERROR_SUMMARY)
    assert shows(response, error)
    assert f'href="#id_{field}"' in response.content.decode()
    values = form_values(response)
    assert {name: values[name] for name in data} == {name: [value] for name, value in data.items()}
    draft.refresh_from_db()
    assert (draft.economic_model, draft.funding_need, draft.jobs_at_12_months) == ("", None, None)


def test_step_invalid_answer_keeps_every_value_typed(logged_in, draft):
    members = QuestionFactory(call=draft.call, label="Nombre d'adhérents", kind=QuestionKind.NUMBER)
    partners = QuestionFactory(call=draft.call, label="Vos partenaires", kind=QuestionKind.LONG_TEXT)
    places = QuestionFactory(
        call=draft.call, label="Où ?", kind=QuestionKind.MULTIPLE_CHOICE, choices="Alma\nÉpeule\nPile"
    )
    data = {
        "support_needs": ["funding", "digital"],
        "support_needs_details": "Un site internet.",
        members.field_name: "une trentaine",
        partners.field_name: "Le centre social <Alma> & la Maison de quartier",
        places.field_name: ["Alma", "Pile"],
    }

    response = logged_in.post(f"/candidatures/{draft.pk}/etape/accompagnement/", data)

    assert response.status_code == 200
    assert response.context["questions_form"].errors == {members.field_name: ["Saisissez un nombre, en chiffres (par exemple 30 ou 12,5)."]}
    assert shows(response, ERROR_SUMMARY)
    values = form_values(response)
    assert {name: values[name] for name in data} == {
        "support_needs": ["funding", "digital"],
        "support_needs_details": ["Un site internet."],
        members.field_name: ["une trentaine"],
        partners.field_name: ["Le centre social <Alma> & la Maison de quartier"],
        places.field_name: ["Alma", "Pile"],
    }
    draft.refresh_from_db()
    assert (draft.support_needs, draft.support_needs_details) == ([], "")
    assert Answer.objects.count() == 0


def test_step_rename_to_own_other_project_keeps_values(logged_in, draft):
    ApplicationFactory(call=draft.call, applicant=draft.applicant, project_name="Ressourcerie")
    data = {"project_name": "RESSOURCERIE", "summary": "Nouveau résumé", "stage": "idea", "legal_form": "scic"}

    response = logged_in.post(f"/candidatures/{draft.pk}/etape/projet/", data)

    assert response.context["form"].errors == {
        "project_name": ["Vous avez déjà une candidature pour un projet de ce nom dans cet appel."]
    }
    values = form_values(response)
    assert {name: values[name] for name in data} == {name: [value] for name, value in data.items()}
    draft.refresh_from_db()
    assert (draft.project_name, draft.summary) == ("La Cantine de l'Alma", "")
