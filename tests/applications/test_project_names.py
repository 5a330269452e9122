"""One application per project name per call and applicant, names compared regardless of case, accents'
capitals included ("Épicerie" and "épicerie"), the same way on SQLite and PostgreSQL."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications import services
from applications.models import Application
from tests.factories import ApplicationFactory
from tests.pages import form_values

pytestmark = pytest.mark.django_db

DUPLICATE_NAME = "Vous avez déjà une candidature pour un projet de ce nom dans cet appel."


@pytest.mark.parametrize(
    ("existing", "renamed"),
    [
        ("Épicerie solidaire", "épicerie solidaire"),
        ("épicerie solidaire", "Épicerie solidaire"),
        ("ÉPICERIE SOLIDAIRE", " Épicerie Solidaire "),
        ("Épicerie solidaire", "E\u0301picerie solidaire"),  # the same É, written as E + combining accent
    ],
)
def test_application_update_rename_to_twin_name_refused(applicant, open_call, existing, renamed):
    ApplicationFactory(applicant=applicant, call=open_call, project_name=existing)
    draft = ApplicationFactory(applicant=applicant, call=open_call, project_name="Projet provisoire")

    with pytest.raises(ValidationError) as caught:
        services.application_update(application=draft, fields={"project_name": renamed})

    assert caught.value.message_dict == {"project_name": [DUPLICATE_NAME]}
    draft.refresh_from_db()
    assert draft.project_name == "Projet provisoire"


def test_application_create_twin_accented_name_refused(applicant, open_call):
    ApplicationFactory(applicant=applicant, call=open_call, project_name="Épicerie solidaire")

    with pytest.raises(ValidationError) as caught:
        services.application_create(call=open_call, applicant=applicant, project_name="épicerie solidaire")

    assert caught.value.message_dict == {"project_name": [DUPLICATE_NAME]}
    assert Application.objects.count() == 1


def test_application_update_keeps_own_name_in_other_case(applicant, open_call):
    draft = ApplicationFactory(applicant=applicant, call=open_call, project_name="épicerie solidaire")

    services.application_update(application=draft, fields={"project_name": "Épicerie solidaire"})

    draft.refresh_from_db()
    assert draft.project_name == "Épicerie solidaire"


def test_application_update_other_accented_name_allowed(applicant, open_call):
    ApplicationFactory(applicant=applicant, call=open_call, project_name="Épicerie solidaire")
    draft = ApplicationFactory(applicant=applicant, call=open_call, project_name="Projet provisoire")

    services.application_update(application=draft, fields={"project_name": "Épicerie solidarité"})

    draft.refresh_from_db()
    assert draft.project_name == "Épicerie solidarité"


def test_step_rename_to_twin_name_shows_french_error_and_keeps_input(client, applicant, open_call):
    ApplicationFactory(applicant=applicant, call=open_call, project_name="Épicerie solidaire")
    draft = ApplicationFactory(applicant=applicant, call=open_call, project_name="Projet provisoire")
    client.force_login(applicant)

    response = client.post(
        reverse("applications:step", kwargs={"pk": draft.pk, "step": "projet"}),
        {"project_name": "épicerie solidaire", "summary": "Des produits frais à petits prix.", "stage": "idea"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"project_name": [DUPLICATE_NAME]}
    values = form_values(response)
    assert values["project_name"] == ["épicerie solidaire"]
    assert values["summary"] == ["Des produits frais à petits prix."]
    assert values["stage"] == ["idea"]
    draft.refresh_from_db()
    assert draft.project_name == "Projet provisoire"
