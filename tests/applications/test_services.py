from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from applications import services
from applications.enums import AttachmentKind, Status
from applications.models import Answer, Application, Attachment, StatusChange
from applications.services import ALLOWED_TRANSITIONS, InvalidTransition
from roubaix_incubator.core.models import Neighbourhood
from tests.factories import (
    AnswerFactory,
    ApplicationFactory,
    AttachmentFactory,
    CallFactory,
    QuestionFactory,
    UserFactory,
)
from tests.factories.documents import PDF, upload

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
ALREADY_SENT = "Cette candidature a déjà été envoyée : elle ne peut plus être modifiée."
DUPLICATE_NAME = "Vous avez déjà une candidature pour un projet de ce nom dans cet appel."

ALLOWED_MOVES = sorted((before, after) for before, afters in ALLOWED_TRANSITIONS.items() for after in afters)
REFUSED_MOVES = sorted(
    (before, after) for before in Status.values for after in Status.values if after not in ALLOWED_TRANSITIONS[before]
)


def _move_id(move):
    return f"{move[0]}->{move[1]}"


def test_allowed_transitions_cover_every_status():
    assert set(ALLOWED_TRANSITIONS) == set(Status.values)
    assert len(ALLOWED_MOVES) == 18
    assert len(REFUSED_MOVES) == 9 * 9 - 18


@pytest.mark.parametrize(("before", "after"), ALLOWED_MOVES, ids=_move_id)
def test_application_transition_allowed_move_writes_history(before, after):
    staff = UserFactory(staff=True)
    application = ApplicationFactory(status=before)
    started = timezone.now()

    returned = services.application_transition(
        application=application, to=after, by=staff, reason="Décision du comité du 12 mai"
    )

    application.refresh_from_db()
    assert returned.status == after
    assert application.status == after
    assert list(StatusChange.objects.values_list("application", "before", "after", "by", "reason")) == [
        (application.pk, before, after, staff.pk, "Décision du comité du 12 mai")
    ]
    assert StatusChange.objects.get().at >= started
    if after == Status.SUBMITTED:
        assert application.submitted_at >= started
    else:
        assert application.submitted_at is None


@pytest.mark.parametrize(("before", "after"), REFUSED_MOVES, ids=_move_id)
def test_application_transition_refused_move_raises_and_writes_nothing(before, after):
    application = ApplicationFactory(status=before)
    updated_at = application.updated_at

    with pytest.raises(InvalidTransition) as caught:
        services.application_transition(application=application, to=after, by=application.applicant, reason="Essai")

    assert (caught.value.before, caught.value.after) == (before, after)
    application.refresh_from_db()
    assert application.status == before
    assert application.updated_at == updated_at
    assert application.submitted_at is None
    assert StatusChange.objects.count() == 0


def test_invalid_transition_message_is_in_french():
    application = ApplicationFactory(status=Status.DRAFT)

    with pytest.raises(InvalidTransition) as caught:
        services.application_transition(application=application, to=Status.ACCEPTED)

    assert str(caught.value) == "Une candidature « Brouillon » ne peut pas passer au statut « Retenue »."


# --- Creating a draft ---------------------------------------------------------------------------------------


def test_application_create_open_call_starts_a_draft(applicant, open_call):
    application = services.application_create(
        call=open_call, applicant=applicant, project_name="  Vélos partagés de l'Épeule ", summary="Un atelier."
    )

    application.refresh_from_db()
    assert (application.call, application.applicant, application.status) == (open_call, applicant, Status.DRAFT)
    assert application.project_name == "Vélos partagés de l'Épeule"
    assert application.summary == "Un atelier."
    assert application.submitted_at is None
    assert StatusChange.objects.count() == 0


def test_application_create_closed_call_refused(applicant):
    call = CallFactory(
        opens_at=datetime(2024, 1, 8, 9, 0, tzinfo=PARIS), closes_at=datetime(2024, 3, 15, 18, 0, tzinfo=PARIS)
    )

    with pytest.raises(ValidationError) as caught:
        services.application_create(call=call, applicant=applicant, project_name="Trop tard")

    assert caught.value.messages == [
        "La date limite de dépôt de cet appel est passée (vendredi 15 mars 2024 à 18:00) : la candidature ne peut plus être envoyée."
    ]
    assert Application.objects.count() == 0


@pytest.mark.parametrize("call_kwargs", [{"upcoming": True}, {"is_published": False}], ids=["upcoming", "unpublished"])
def test_application_create_call_not_open_refused(applicant, call_kwargs):
    call = CallFactory(**call_kwargs)

    with pytest.raises(ValidationError) as caught:
        services.application_create(call=call, applicant=applicant, project_name="Trop tôt")

    assert caught.value.messages == ["Cet appel n'est pas encore ouvert."]
    assert Application.objects.count() == 0


def test_application_create_same_name_in_other_case_refused(draft):
    with pytest.raises(ValidationError) as caught:
        services.application_create(call=draft.call, applicant=draft.applicant, project_name="  LA CANTINE DE L'ALMA ")

    assert caught.value.message_dict == {"project_name": [DUPLICATE_NAME]}
    assert list(Application.objects.values_list("project_name", flat=True)) == ["La Cantine de l'Alma"]


def test_application_create_same_applicant_several_projects_allowed(draft):
    second = services.application_create(call=draft.call, applicant=draft.applicant, project_name="Ressourcerie")

    assert set(Application.objects.filter(applicant=draft.applicant)) == {draft, second}


def test_application_create_same_name_other_applicant_or_other_call_allowed(draft):
    by_someone_else = services.application_create(
        call=draft.call, applicant=UserFactory(), project_name="La Cantine de l'Alma"
    )
    in_another_call = services.application_create(
        call=CallFactory(), applicant=draft.applicant, project_name="La Cantine de l'Alma"
    )

    assert Application.objects.filter(project_name="La Cantine de l'Alma").count() == 3
    assert by_someone_else.applicant != draft.applicant
    assert in_another_call.call != draft.call


def test_application_unique_constraint_ignores_case(draft):
    # The service checks first; the constraint stops a double click that slips between the check and the insert.
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(call=draft.call, applicant=draft.applicant, project_name="la cantine de l'alma")


# --- Updating a draft ---------------------------------------------------------------------------------------


def test_application_update_saves_fields_neighbourhoods_and_answers(draft):
    question = QuestionFactory(call=draft.call, label="Avez-vous déjà un local ?")
    alma, pile = Neighbourhood.objects.get(slug="alma"), Neighbourhood.objects.get(slug="pile")

    services.application_update(
        application=draft,
        fields={"social_need": "Des repas trop chers.", "target_public": "Familles"},
        neighbourhoods=[alma, pile],
        answers={question: "Oui, rue de l'Alma."},
    )

    draft.refresh_from_db()
    assert (draft.social_need, draft.target_public) == ("Des repas trop chers.", "Familles")
    assert set(draft.neighbourhoods.values_list("slug", flat=True)) == {"alma", "pile"}
    assert list(Answer.objects.values_list("question", "value")) == [(question.pk, "Oui, rue de l'Alma.")]


def test_application_update_answer_twice_keeps_one_row(draft):
    question = QuestionFactory(call=draft.call)

    services.application_update(application=draft, fields={}, answers={question: "Première"})
    services.application_update(application=draft, fields={}, answers={question: "Seconde"})

    assert list(Answer.objects.values_list("value", flat=True)) == ["Seconde"]


@pytest.mark.parametrize("status", sorted(set(Status.values) - {Status.DRAFT}))
def test_application_update_not_draft_refused(status):
    application = ApplicationFactory(status=status, project_name="Ancien nom")

    with pytest.raises(ValidationError) as caught:
        services.application_update(application=application, fields={"project_name": "Nouveau nom"})

    assert caught.value.messages == [ALREADY_SENT]
    application.refresh_from_db()
    assert application.project_name == "Ancien nom"


def test_application_update_rename_to_own_other_project_refused(draft):
    other = ApplicationFactory(call=draft.call, applicant=draft.applicant, project_name="Ressourcerie")

    with pytest.raises(ValidationError) as caught:
        services.application_update(application=other, fields={"project_name": "la cantine de l'alma"})

    assert caught.value.message_dict == {"project_name": [DUPLICATE_NAME]}
    other.refresh_from_db()
    assert other.project_name == "Ressourcerie"


def test_application_update_same_name_new_case_allowed(draft):
    services.application_update(application=draft, fields={"project_name": " La cantine de l'Alma "})

    draft.refresh_from_db()
    assert draft.project_name == "La cantine de l'Alma"


def test_application_update_question_of_other_call_writes_nothing(draft):
    foreign_question = QuestionFactory(call=CallFactory())

    with pytest.raises(ValueError, match="A question of another call cannot be answered here."):
        services.application_update(
            application=draft, fields={"summary": "Modifié"}, answers={foreign_question: "Intrusion"}
        )

    draft.refresh_from_db()
    assert draft.summary == ""
    assert Answer.objects.count() == 0


# --- Submitting -------------------------------------------------------------------------------------------


@pytest.fixture
def complete_draft(applicant, open_call):
    application = ApplicationFactory(
        applicant=applicant,
        call=open_call,
        project_name="La Cantine de l'Alma",
        complete=True,
        neighbourhoods=[Neighbourhood.objects.get(slug="alma")],
    )
    AnswerFactory(application=application, question=QuestionFactory(call=open_call), value="Oui")
    return application


def test_application_submit_complete_draft_queues_confirmation_on_commit(
    complete_draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.application_submit(application=complete_draft, by=complete_draft.applicant)

    complete_draft.refresh_from_db()
    assert complete_draft.status == Status.SUBMITTED
    assert complete_draft.submitted_at is not None
    assert list(StatusChange.objects.values_list("before", "after", "by", "reason")) == [
        (Status.DRAFT, Status.SUBMITTED, complete_draft.applicant.pk, "")
    ]
    assert len(callbacks) == 1
    assert mail.outbox == []  # nothing leaves before the transaction commits

    callbacks[0]()

    assert [message.to for message in mail.outbox] == [["nadia.benali@example.org"]]


def test_application_submit_twice_acts_once(complete_draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as first:
        services.application_submit(application=complete_draft, by=complete_draft.applicant)
    complete_draft.refresh_from_db()
    submitted_at = complete_draft.submitted_at

    with django_capture_on_commit_callbacks(execute=True) as second:
        returned = services.application_submit(application=complete_draft, by=complete_draft.applicant)

    complete_draft.refresh_from_db()
    assert returned.status == Status.SUBMITTED
    assert complete_draft.submitted_at == submitted_at
    assert (len(first), len(second)) == (1, 0)
    assert StatusChange.objects.count() == 1
    assert len(mail.outbox) == 1


def test_application_submit_incomplete_lists_missing_and_stays_draft(draft, django_capture_on_commit_callbacks):
    question = QuestionFactory(call=draft.call, label="Avez-vous un local ?")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(services.IncompleteApplication) as caught,
    ):
        services.application_submit(application=draft, by=draft.applicant)

    assert caught.value.messages == ["Il manque des réponses avant de pouvoir envoyer votre candidature."]
    assert [(field.step.slug, field.name) for field in caught.value.missing] == [
        ("projet", "summary"),
        ("projet", "stage"),
        ("projet", "legal_form"),
        ("besoin", "social_need"),
        ("besoin", "target_public"),
        ("besoin", "neighbourhoods"),
        ("equipe", "team"),
        ("modele", "economic_model"),
        ("modele", "funding_need"),
        ("modele", "jobs_at_12_months"),
        ("modele", "inclusive_jobs_at_12_months"),
        ("modele", "jobs_at_36_months"),
        ("modele", "inclusive_jobs_at_36_months"),
        ("accompagnement", "support_needs"),
        ("accompagnement", f"question_{question.pk}"),
    ]
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert StatusChange.objects.count() == 0
    assert callbacks == []
    assert mail.outbox == []


def test_application_submit_after_deadline_refused(applicant, django_capture_on_commit_callbacks):
    call = CallFactory(
        opens_at=datetime(2024, 1, 8, 9, 0, tzinfo=PARIS), closes_at=datetime(2024, 3, 15, 18, 0, tzinfo=PARIS)
    )
    application = ApplicationFactory(
        call=call, applicant=applicant, complete=True, neighbourhoods=[Neighbourhood.objects.get(slug="alma")]
    )

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError) as caught:
        services.application_submit(application=application, by=applicant)

    assert caught.value.messages == [
        "La date limite de dépôt de cet appel est passée (vendredi 15 mars 2024 à 18:00) : la candidature ne peut plus être envoyée."
    ]
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert StatusChange.objects.count() == 0
    assert callbacks == []


def test_application_submit_withdrawn_draft_refused(complete_draft):
    services.application_withdraw(application=complete_draft, by=complete_draft.applicant)

    with pytest.raises(InvalidTransition):
        services.application_submit(application=complete_draft, by=complete_draft.applicant)

    complete_draft.refresh_from_db()
    assert complete_draft.status == Status.WITHDRAWN
    assert StatusChange.objects.count() == 1


# --- Withdrawing ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.UNDER_REVIEW, Status.SHORTLISTED])
def test_application_withdraw_before_decision_writes_history(status):
    application = ApplicationFactory(status=status)

    services.application_withdraw(application=application, by=application.applicant, reason="Projet abandonné")

    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert list(StatusChange.objects.values_list("before", "after", "by", "reason")) == [
        (status, Status.WITHDRAWN, application.applicant.pk, "Projet abandonné")
    ]


def test_application_withdraw_twice_is_a_no_op(draft):
    services.application_withdraw(application=draft, by=draft.applicant, reason="Première fois")
    draft.refresh_from_db()
    updated_at = draft.updated_at

    services.application_withdraw(application=draft, by=draft.applicant, reason="Deuxième fois")

    draft.refresh_from_db()
    assert draft.status == Status.WITHDRAWN
    assert draft.updated_at == updated_at
    assert list(StatusChange.objects.values_list("reason", flat=True)) == ["Première fois"]


@pytest.mark.parametrize("status", [Status.ACCEPTED, Status.WAITLISTED, Status.REFERRED, Status.REJECTED])
def test_application_withdraw_after_decision_refused(status):
    application = ApplicationFactory(status=status)

    with pytest.raises(InvalidTransition):
        services.application_withdraw(application=application, by=application.applicant)

    application.refresh_from_db()
    assert application.status == status
    assert StatusChange.objects.count() == 0


# --- Attachments --------------------------------------------------------------------------------------------


def test_attachment_add_stores_file_privately_under_random_name(draft, settings):
    attachment = services.attachment_add(
        application=draft, uploaded_file=upload("Budget 2026.pdf", PDF), kind=AttachmentKind.BUDGET
    )

    attachment.refresh_from_db()
    assert (attachment.original_name, attachment.content_type, attachment.size, attachment.kind) == (
        "Budget 2026.pdf",
        "application/pdf",
        len(PDF),
        AttachmentKind.BUDGET,
    )
    assert attachment.file.name.startswith(f"applications/{draft.pk}/")
    assert "Budget" not in attachment.file.name
    stored = settings.PRIVATE_MEDIA_ROOT / attachment.file.name
    assert stored.read_bytes() == PDF


def test_attachment_add_over_the_limit_refused(draft, settings):
    settings.MAX_ATTACHMENTS_PER_APPLICATION = 2
    AttachmentFactory.create_batch(2, application=draft)

    with pytest.raises(ValidationError) as caught:
        services.attachment_add(application=draft, uploaded_file=upload("cv.pdf", PDF), kind=AttachmentKind.CV)

    assert caught.value.messages == [
        "Vous avez atteint le nombre maximum de documents (2). Supprimez-en un pour en ajouter un autre."
    ]
    assert Attachment.objects.count() == 2


def test_attachment_add_to_submitted_application_refused():
    application = ApplicationFactory(submitted=True)

    with pytest.raises(ValidationError) as caught:
        services.attachment_add(application=application, uploaded_file=upload("cv.pdf", PDF), kind=AttachmentKind.CV)

    assert caught.value.messages == [ALREADY_SENT]
    assert Attachment.objects.count() == 0


def test_attachment_delete_removes_file_after_commit(draft, settings, django_capture_on_commit_callbacks):
    attachment = AttachmentFactory(application=draft)
    stored = settings.PRIVATE_MEDIA_ROOT / attachment.file.name

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.attachment_delete(attachment=attachment)
    assert Attachment.objects.count() == 0
    assert stored.exists()  # a rolled-back delete must not lose the file

    callbacks[0]()

    assert not stored.exists()


def test_attachment_delete_of_submitted_application_refused(settings):
    attachment = AttachmentFactory(application=ApplicationFactory(submitted=True))

    with pytest.raises(ValidationError) as caught:
        services.attachment_delete(attachment=attachment)

    assert caught.value.messages == [ALREADY_SENT]
    assert Attachment.objects.count() == 1
    assert (settings.PRIVATE_MEDIA_ROOT / attachment.file.name).read_bytes() == PDF
