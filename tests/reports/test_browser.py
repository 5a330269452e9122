"""The dashboard and a printable report in a real Chromium: no console error (the CSP refuses inline styles and
scripts), the charts are named images beside their tables, and axe-core finds no accessibility violation.

Debian's Chromium (CHROMIUM_PATH, or `chromium` on the PATH); skipped with a reason when there is none, unless
REQUIRE_BROWSER=1 (CI), where the test fails instead."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from roubaix_incubator.reports import services
from roubaix_incubator.reports.enums import ReportKind
from tests.factories import UserFactory

from .conftest import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # sync Playwright keeps an event loop in this thread


def _skip_or_fail(reason: str):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1: the browser tests must run here)", pytrace=False)
    pytest.skip(reason)


def _chromium() -> str:
    for candidate in (os.environ.get("CHROMIUM_PATH"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    _skip_or_fail("no Chromium found: set CHROMIUM_PATH or install Debian's `chromium` package")


@pytest.fixture
def page(live_server):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("Playwright is not installed (pip install the dev extras)")
    executable = _chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="fr-FR")
        context.set_default_timeout(10_000)
        page = context.new_page()
        errors = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on(
            "response",
            lambda response: (
                errors.append(f"{response.status} {response.url}")
                if response.status >= 400 and not response.url.endswith("/favicon.ico")
                else None
            ),
        )
        page.console_errors = errors
        yield page
        context.close()
        browser.close()


@pytest.fixture
def axe():
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        _skip_or_fail("axe-playwright-python is not installed (pip install the dev extras)")
    return Axe()


def _log_in(page, user, live_server):
    """The session of a Django test client, handed to the browser (the login form itself is allauth's, tested
    elsewhere)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def _assert_accessible(page, axe):
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_dashboard_and_printable_report_in_a_browser(page, axe, live_server):
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
    _assert_accessible(page, axe)

    page.goto(f"/admin/reports/report/{report.pk}/page/")
    assert page.get_by_role("heading", level=1).inner_text() == "Rapport de programme — Appel 2026"
    assert page.get_by_role("button", name="Imprimer").is_visible()  # shown by the script: the CSP allowed it
    _assert_accessible(page, axe)
    # The favicon's 404 is the only resource allowed to fail (the console reports it without its address).
    assert [error for error in page.console_errors if not error.startswith("Failed to load resource")] == []
