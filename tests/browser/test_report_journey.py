"""The dashboard and a printable report in a real Chromium: no console error (the CSP refuses inline styles and
scripts), the charts are named images beside their tables, and axe-core finds no accessibility violation at all
(stricter than the journeys' serious-or-critical rule: these pages are ours from top to bottom)."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from roubaix_incubator.reports import services
from roubaix_incubator.reports.enums import ReportKind
from tests.factories import UserFactory
from tests.reports.conftest import build_world

from .accessibility import assert_no_serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, user, live_server):
    """The session of a Django test client, handed to the browser (the login form itself is allauth's, tested
    elsewhere)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def _assert_accessible(page, axe, visited):
    assert_no_serious_violations(page, axe, visited)
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_dashboard_and_printable_report_in_a_browser(desktop_page, axe, live_server):
    page, visited = desktop_page, []
    world = build_world()
    manager = UserFactory(
        staff=True,
        permissions=["reports.view_dashboard", "reports.view_report", "reports.add_report"],
    )
    report = services.report_request(kind=ReportKind.CALL, parameters={"call_id": world.call.pk}, requested_by=manager)
    assert len(mail.outbox) == 1

    _log_in(page, manager, live_server)
    page.goto("/admin/")
    page.get_by_role("link", name="Tableau de bord du programme").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Tableau de bord du programme"
    funnel = page.get_by_role("img", name="Entonnoir de sélection : candidatures par statut", exact=False)
    assert funnel.count() == 1
    row = page.get_by_role("row", name="Alma (QPV) 4")
    assert row.count() == 1
    _assert_accessible(page, axe, visited)

    # Staff choose another call with the small form above the figures.
    page.get_by_label("Appel à candidatures").select_option(label="Promotion 2025 (Incubation)")
    page.get_by_role("button", name="Afficher").click()
    assert page.get_by_role("heading", name="Appel « Promotion 2025 »").count() == 1
    assert page.get_by_label("Appel à candidatures").input_value() == str(world.old_call.pk)
    _assert_accessible(page, axe, visited)

    page.goto(f"/admin/reports/report/{report.pk}/page/")
    assert page.get_by_role("heading", level=1).inner_text() == "Rapport de programme — Appel 2026"
    assert page.get_by_role("button", name="Imprimer").is_visible()  # shown by the script: the CSP allowed it
    _assert_accessible(page, axe, visited)
    # The favicon's 404 is the only resource allowed to fail (the console reports it without its address).
    assert [error for error in page.console_errors if not error.startswith("Failed to load resource")] == []
