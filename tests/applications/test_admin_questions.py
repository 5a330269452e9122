"""The extra questions of a call, in the admin: a choice question needs choices, and once files were sent to the
call, its questions cannot be deleted (their answers would go with them)."""

import pytest
from django.core.exceptions import ValidationError

from applications.enums import QuestionKind
from applications.models import Answer, Question
from tests.factories import AnswerFactory, ApplicationFactory, CallFactory, QuestionFactory, UserFactory
from tests.pages import form_values, shows

pytestmark = pytest.mark.django_db

NO_CHOICES = "Une question à choix a besoin d'au moins deux choix possibles, un par ligne."
CANNOT_DELETE = (
    "Des candidatures ont déjà été envoyées à cet appel : ses questions ne peuvent plus être supprimées, car leurs "
    "réponses seraient perdues. Vous pouvez encore corriger leur intitulé ou leur aide."
)


@pytest.fixture
def manager(client):
    client.force_login(UserFactory(staff=True, is_superuser=True))
    return client


def change_url(call):
    return f"/admin/applications/call/{call.pk}/change/"


def posted_back(response) -> dict:
    """The change form as the browser would send it back untouched."""
    return {name: values if len(values) != 1 else values[0] for name, values in form_values(response).items()}


def _question_prefix(data: dict, question: Question) -> str:
    [key] = [key for key, value in data.items() if key.endswith("-id") and value == str(question.pk)]
    return key.removesuffix("-id")


@pytest.mark.parametrize("kind", [QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE])
@pytest.mark.parametrize("choices", ["", "  \n \n", "Seul choix"])
def test_question_clean_choice_question_without_choices_refused(kind, choices):
    question = Question(call=CallFactory(), label="Comment nous avez-vous connus ?", kind=kind, choices=choices)

    with pytest.raises(ValidationError) as caught:
        question.full_clean()

    assert caught.value.message_dict == {"choices": [NO_CHOICES]}


def test_question_clean_text_question_needs_no_choices():
    Question(call=CallFactory(), label="Vos partenaires", kind=QuestionKind.LONG_TEXT, choices="").full_clean()


def test_admin_choice_question_without_choices_shows_french_error(manager):
    call = CallFactory()
    question = QuestionFactory(call=call, label="Quartier", kind=QuestionKind.SHORT_TEXT)
    data = posted_back(manager.get(change_url(call)))
    prefix = _question_prefix(data, question)
    data[f"{prefix}-kind"] = QuestionKind.SINGLE_CHOICE
    data[f"{prefix}-choices"] = ""

    response = manager.post(change_url(call), data)

    assert response.status_code == 200
    assert shows(response, NO_CHOICES)
    question.refresh_from_db()
    assert question.kind == QuestionKind.SHORT_TEXT


def test_admin_question_of_call_with_submissions_cannot_be_deleted(manager):
    call = CallFactory()
    question = QuestionFactory(call=call, label="Avez-vous un local ?", kind=QuestionKind.YES_NO)
    AnswerFactory(application=ApplicationFactory(call=call, submitted=True), question=question, value=True)
    data = posted_back(manager.get(change_url(call)))
    data[f"{_question_prefix(data, question)}-DELETE"] = "on"

    response = manager.post(change_url(call), data)

    assert response.status_code == 200
    assert shows(response, CANNOT_DELETE)
    assert Question.objects.filter(pk=question.pk).exists()
    assert Answer.objects.get().value is True


def test_admin_question_of_call_with_only_drafts_can_be_deleted(manager):
    call = CallFactory()
    question = QuestionFactory(call=call, label="Avez-vous un local ?", kind=QuestionKind.YES_NO)
    AnswerFactory(application=ApplicationFactory(call=call), question=question, value=True)
    data = posted_back(manager.get(change_url(call)))
    data[f"{_question_prefix(data, question)}-DELETE"] = "on"

    response = manager.post(change_url(call), data)

    assert response.status_code == 302
    assert not Question.objects.filter(pk=question.pk).exists()
