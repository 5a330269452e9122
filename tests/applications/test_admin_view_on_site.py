"""The admin's "Voir sur le site" link only where the public page exists for the staff member who clicks it."""

import pytest

from tests.factories import ApplicationFactory, CallFactory, UserFactory

pytestmark = pytest.mark.django_db

VIEW_ON_SITE = 'class="viewsitelink"'


@pytest.fixture
def manager(client):
    client.force_login(UserFactory(staff=True, is_superuser=True))
    return client


def test_application_change_page_has_no_view_on_site_link(manager):
    application = ApplicationFactory(submitted=True)

    response = manager.get(f"/admin/applications/application/{application.pk}/change/")

    assert response.status_code == 200
    assert VIEW_ON_SITE not in response.content.decode()
    assert f'href="/candidatures/{application.pk}/"' not in response.content.decode()


def test_published_call_change_page_links_to_its_public_page(manager):
    call = CallFactory(slug="appel-2026")

    html = manager.get(f"/admin/applications/call/{call.pk}/change/").content.decode()
    public = manager.get("/appels/appel-2026/")

    assert VIEW_ON_SITE in html
    assert public.status_code == 200


def test_unpublished_call_change_page_has_no_view_on_site_link(manager):
    call = CallFactory(slug="appel-en-preparation", is_published=False)

    html = manager.get(f"/admin/applications/call/{call.pk}/change/").content.decode()

    assert VIEW_ON_SITE not in html
