import pytest

from applications.admin import StatusChangeInline
from applications.enums import Status
from applications.models import Application, StatusChange
from roubaix_incubator.core.models import Neighbourhood
from tests.factories import (
    AnswerFactory,
    ApplicationFactory,
    AttachmentFactory,
    QuestionFactory,
    StatusChangeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HOLDER_PROFILE_FIELDS = {
    "holder_gender",
    "holder_age_band",
    "holder_lives_in_priority_area",
    "holder_employment_status",
}
VIEW = "applications.view_application"
CHANGE = "applications.change_application"
HOLDER = "applications.view_holder_profile"


@pytest.fixture
def application():
    application = ApplicationFactory(
        submitted=True,
        project_name="Ressourcerie du Pile",
        holder_gender="woman",
        holder_age_band="36_50",
        holder_lives_in_priority_area="yes",
        holder_employment_status="rsa",
        neighbourhoods=[Neighbourhood.objects.get(slug="pile")],
    )
    StatusChangeFactory(application=application, reason="Envoyée en ligne")
    return application


def change_url(application):
    return f"/admin/applications/application/{application.pk}/change/"


def staff_client(client, *permissions):
    # Programme staff (cohorts.view_all_reviews): every file, not only those assigned to them as a jury member.
    client.force_login(UserFactory(staff=True, permissions=[*permissions, "cohorts.view_all_reviews"]))
    return client


def change_form_data(response) -> dict:
    """What the change form would post back untouched: its fields and the management data of every inline."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
        for inline_form in formset.forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                data[inline_form.add_prefix(name)] = "" if value is None else value
    return data


@pytest.mark.parametrize("permissions", [(VIEW,), (VIEW, CHANGE)], ids=["view", "view-and-change"])
def test_change_form_hides_holder_profile_without_permission(client, application, permissions):
    response = staff_client(client, *permissions).get(change_url(application))

    assert response.status_code == 200
    html = response.content.decode()
    assert set(response.context["adminform"].form.fields) & HOLDER_PROFILE_FIELDS == set()
    assert "Profil des porteurs (statistiques)" not in html
    for name in HOLDER_PROFILE_FIELDS:
        assert f'name="{name}"' not in html
        assert f"field-{name}" not in html
    assert "Bénéficiaire du RSA" not in html
    assert "36 à 50 ans" not in html


def test_change_form_shows_holder_profile_with_permission(client, application):
    response = staff_client(client, VIEW, CHANGE, HOLDER).get(change_url(application))

    form = response.context["adminform"].form
    assert set(form.fields) >= HOLDER_PROFILE_FIELDS
    assert {name: form[name].value() for name in HOLDER_PROFILE_FIELDS} == {
        "holder_gender": "woman",
        "holder_age_band": "36_50",
        "holder_lives_in_priority_area": "yes",
        "holder_employment_status": "rsa",
    }
    assert "Profil des porteurs (statistiques)" in response.content.decode()


def test_view_only_staff_with_holder_permission_reads_holder_profile(client, application):
    response = staff_client(client, VIEW, HOLDER).get(change_url(application))

    html = response.content.decode()
    assert "Profil des porteurs (statistiques)" in html
    assert "Bénéficiaire du RSA" in html
    assert 'name="holder_employment_status"' not in html  # shown, not editable


def test_save_without_holder_permission_keeps_holder_profile(client, application):
    client = staff_client(client, VIEW, CHANGE)
    data = change_form_data(client.get(change_url(application)))
    data["summary"] = "Résumé corrigé par l'équipe."

    response = client.post(change_url(application), data)

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    application.refresh_from_db()
    assert application.summary == "Résumé corrigé par l'équipe."
    assert (
        application.holder_gender,
        application.holder_age_band,
        application.holder_lives_in_priority_area,
        application.holder_employment_status,
    ) == ("woman", "36_50", "yes", "rsa")


def test_save_ignores_status_and_status_history(client, application):
    client = staff_client(client, VIEW, CHANGE, HOLDER)
    data = change_form_data(client.get(change_url(application)))
    change = StatusChange.objects.get()
    data.update(
        {
            "status": Status.ACCEPTED,
            "status_changes-0-reason": "Réécrit",
            "status_changes-0-after": Status.ACCEPTED,
            "status_changes-0-DELETE": "on",
            "holder_gender": "man",
        }
    )

    response = client.post(change_url(application), data)

    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.holder_gender) == (Status.SUBMITTED, "man")
    assert list(StatusChange.objects.values_list("pk", "after", "reason")) == [
        (change.pk, Status.SUBMITTED, "Envoyée en ligne")
    ]


def test_status_history_inline_is_read_only(client, application):
    # No permission on StatusChange itself: the history is part of the application it belongs to.
    response = staff_client(client, VIEW, CHANGE).get(change_url(application))

    (inline,) = [i for i in response.context["inline_admin_formsets"] if isinstance(i.opts, StatusChangeInline)]
    assert (inline.has_add_permission, inline.has_change_permission, inline.has_delete_permission) == (
        False,
        False,
        False,
    )
    html = response.content.decode()
    assert "Envoyée en ligne" in html
    assert 'name="status_changes-0-reason"' not in html
    assert 'name="status_changes-0-DELETE"' not in html


def test_view_only_staff_reads_answers_documents_and_history(client, application):
    AnswerFactory(
        application=application,
        question=QuestionFactory(call=application.call, label="Un local ?"),
        value="Oui, rue de Lannoy.",
    )
    AttachmentFactory(application=application, original_name="budget-2026.pdf")

    response = staff_client(client, VIEW).get(change_url(application))

    html = response.content.decode()
    assert "Oui, rue de Lannoy." in html
    assert f'href="/candidatures/{application.pk}/documents/' in html
    assert "budget-2026.pdf" in html
    assert "Envoyée en ligne" in html


def test_application_cannot_be_added_in_admin(client):
    response = staff_client(client, VIEW, CHANGE, "applications.add_application").get(
        "/admin/applications/application/add/"
    )

    assert response.status_code == 403


def test_changelist_priority_area_filter(client):
    in_qpv = ApplicationFactory(
        neighbourhoods=[Neighbourhood.objects.get(slug="alma"), Neighbourhood.objects.get(slug="pile")]
    )
    outside = ApplicationFactory(neighbourhoods=[Neighbourhood.objects.get(slug="barbieux")])
    nowhere = ApplicationFactory()
    client = staff_client(client, VIEW)

    with_qpv = client.get("/admin/applications/application/?qpv=yes").context["cl"].result_list
    without_qpv = client.get("/admin/applications/application/?qpv=no").context["cl"].result_list

    assert list(with_qpv) == [in_qpv]  # once, though it serves two priority neighbourhoods
    assert set(without_qpv) == {outside, nowhere}


def test_changelist_shows_neighbourhoods_with_qpv_flag(client):
    ApplicationFactory(
        neighbourhoods=[Neighbourhood.objects.get(slug="alma"), Neighbourhood.objects.get(slug="barbieux")]
    )

    response = staff_client(client, VIEW).get("/admin/applications/application/")

    assert "Alma (QPV), Barbieux" in response.content.decode()
    assert Application.objects.count() == 1
