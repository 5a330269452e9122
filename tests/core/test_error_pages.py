"""Error pages speak French and lead somewhere."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_404_page_is_french_with_a_way_back(client):
    response = client.get("/cette-page-n-existe-pas/")

    content = response.content.decode()
    assert response.status_code == 404
    assert "Page introuvable" in content
    assert 'href="/"' in content
