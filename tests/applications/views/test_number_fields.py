"""Numbers are typed in text boxes (`inputmode` brings the digits keypad): a browser blanks an
`<input type="number">` holding "25 000" or "abc" before sending it, so what was typed would be lost. The server
accepts spaces, non-breaking spaces and "€", and answers anything else with a French message, keeping the text."""

import re

import pytest

from applications.enums import QuestionKind
from applications.models import Answer
from tests.factories import QuestionFactory
from tests.pages import form_values

pytestmark = pytest.mark.django_db

ECONOMY_FIELDS = [
    "funding_need",
    "jobs_at_12_months",
    "inclusive_jobs_at_12_months",
    "jobs_at_36_months",
    "inclusive_jobs_at_36_months",
]
WHOLE_NUMBER_ERROR = "Saisissez un nombre entier, en chiffres (par exemple 25 000)."


@pytest.fixture
def logged_in(client, applicant):
    client.force_login(applicant)
    return client


def _input_tag(html: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)


def test_economy_step_numbers_are_text_inputs_with_numeric_keypad(logged_in, draft):
    html = logged_in.get(f"/candidatures/{draft.pk}/etape/modele/").content.decode()

    for name in ECONOMY_FIELDS:
        tag = _input_tag(html, name)
        assert 'type="text"' in tag, tag
        assert 'inputmode="numeric"' in tag, tag
    assert 'type="number"' not in html


@pytest.mark.parametrize(
    "typed",
    ["25 000", "25\u00a0000", "25\u202f000 €", "25000 €", "25 000,00 €", "25000"],
    ids=["space", "nbsp", "narrow-nbsp-euro", "euro", "cents", "plain"],
)
def test_economy_step_funding_need_accepts_spaces_and_euro(logged_in, draft, typed):
    response = logged_in.post(
        f"/candidatures/{draft.pk}/etape/modele/", {"economic_model": "Des ventes.", "funding_need": typed}
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.funding_need == 25000


@pytest.mark.parametrize("typed", ["abc", "25.000", "25 000 $", "2,5"])
def test_economy_step_funding_need_refuses_other_text_and_keeps_it(logged_in, draft, typed):
    response = logged_in.post(
        f"/candidatures/{draft.pk}/etape/modele/",
        {"economic_model": "Des ventes.", "funding_need": typed, "jobs_at_12_months": "2"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"funding_need": [WHOLE_NUMBER_ERROR]}
    values = form_values(response)
    assert (values["funding_need"], values["jobs_at_12_months"]) == ([typed], ["2"])
    draft.refresh_from_db()
    assert draft.funding_need is None


def test_number_question_is_text_input_and_accepts_french_decimal(logged_in, draft):
    members = QuestionFactory(call=draft.call, label="Nombre d'adhérents", kind=QuestionKind.NUMBER)
    surface = QuestionFactory(call=draft.call, label="Surface en m²", kind=QuestionKind.NUMBER)
    url = f"/candidatures/{draft.pk}/etape/accompagnement/"

    tag = _input_tag(logged_in.get(url).content.decode(), members.field_name)
    response = logged_in.post(url, {members.field_name: "1 200", surface.field_name: "12,5"})

    assert 'type="text"' in tag and 'inputmode="decimal"' in tag
    assert response.status_code == 302
    assert {answer.question_id: answer.value for answer in Answer.objects.all()} == {
        members.pk: 1200,
        surface.pk: 12.5,
    }
