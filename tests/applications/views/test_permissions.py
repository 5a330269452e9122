"""Every URL of an application belongs to its applicant: anyone else gets a 404, never a 403 that would confirm
the application exists; anonymous visitors are sent to the login page."""

from urllib.parse import quote

import pytest

from applications.enums import Status
from applications.models import Application, Attachment
from applications.steps import STEPS
from tests.factories import ApplicationFactory, AttachmentFactory, UserFactory
from tests.factories.documents import PDF

pytestmark = pytest.mark.django_db

OBJECT_URLS = [
    ("GET", "/candidatures/{pk}/"),
    *(("GET", f"/candidatures/{{pk}}/etape/{step.slug}/") for step in STEPS),
    *(("POST", f"/candidatures/{{pk}}/etape/{step.slug}/") for step in STEPS),
    ("GET", "/candidatures/{pk}/documents/"),
    ("POST", "/candidatures/{pk}/documents/"),
    ("GET", "/candidatures/{pk}/documents/{attachment_pk}/"),
    ("POST", "/candidatures/{pk}/documents/{attachment_pk}/supprimer/"),
    ("GET", "/candidatures/{pk}/envoyer/"),
    ("POST", "/candidatures/{pk}/envoyer/"),
    ("GET", "/candidatures/{pk}/retirer/"),
    ("POST", "/candidatures/{pk}/retirer/"),
]


@pytest.fixture
def attachment():
    # A complete draft: were the checks missing, a POST to "envoyer" would really submit it.
    return AttachmentFactory(application=ApplicationFactory(complete=True))


def _url(template, attachment):
    return template.format(pk=attachment.application_id, attachment_pk=attachment.pk)


def _assert_untouched(attachment):
    application = Application.objects.get()
    assert (application.status, application.project_name, application.summary) == (
        Status.DRAFT,
        attachment.application.project_name,
        attachment.application.summary,
    )
    assert list(Attachment.objects.all()) == [attachment]


@pytest.mark.parametrize(("method", "template"), OBJECT_URLS, ids=[f"{m} {t}" for m, t in OBJECT_URLS])
def test_other_applicant_gets_404(client, attachment, method, template):
    client.force_login(UserFactory())
    send = client.post if method == "POST" else client.get

    response = send(_url(template, attachment), {"project_name": "Piraté", "summary": "Piraté", "reason": "Piraté"})

    assert response.status_code == 404
    _assert_untouched(attachment)


@pytest.mark.parametrize(("method", "template"), OBJECT_URLS, ids=[f"{m} {t}" for m, t in OBJECT_URLS])
def test_anonymous_redirected_to_login(client, attachment, method, template):
    url = _url(template, attachment)

    response = (client.post if method == "POST" else client.get)(url)

    assert response.status_code == 302
    assert response["Location"] == f"/compte/login/?next={quote(url)}"
    _assert_untouched(attachment)


def test_dashboard_anonymous_redirected_to_login(client):
    assert client.get("/candidatures/")["Location"] == "/compte/login/?next=/candidatures/"


def test_dashboard_lists_only_own_applications(client, draft):
    ApplicationFactory(project_name="Le projet de quelqu'un d'autre")
    client.force_login(draft.applicant)

    response = client.get("/candidatures/")

    assert [application for application, _next_step in response.context["rows"]] == [draft]


def test_staff_with_view_permission_downloads_attachment(client, attachment):
    client.force_login(UserFactory(staff=True, permissions=["applications.view_application", "cohorts.view_all_reviews"]))

    response = client.get(_url("/candidatures/{pk}/documents/{attachment_pk}/", attachment))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_staff_with_view_permission_cannot_delete_attachment(client, attachment):
    client.force_login(UserFactory(staff=True, permissions=["applications.view_application"]))

    response = client.post(_url("/candidatures/{pk}/documents/{attachment_pk}/supprimer/", attachment))

    assert response.status_code == 404
    _assert_untouched(attachment)


@pytest.mark.parametrize(
    "user_kwargs",
    [
        {"staff": True},
        {"staff": True, "permissions": ["applications.change_call"]},
        {"permissions": ["applications.view_application"]},
    ],
    ids=["staff-without-permission", "staff-with-other-permission", "permission-without-staff"],
)
def test_attachment_download_without_staff_view_permission_is_404(client, attachment, user_kwargs):
    client.force_login(UserFactory(**user_kwargs))

    response = client.get(_url("/candidatures/{pk}/documents/{attachment_pk}/", attachment))

    assert response.status_code == 404
