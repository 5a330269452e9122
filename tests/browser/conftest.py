"""Fixtures of the browser journeys: a headless Chromium driven by Playwright against pytest-django's live server.

The browser is Debian's Chromium (CHROMIUM_PATH, or `chromium` on the PATH); Playwright's own download is never
used. Without a Chromium the tests skip, unless REQUIRE_BROWSER=1 (CI), where they fail. Every page a journey
reaches goes through assert_no_serious_violations (tests/browser/accessibility.py).
"""

import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone

# Sync Playwright keeps an event loop running in the main thread; Django's ORM would then refuse to run there
# (SynchronousOnlyOperation) in the test's own code. Nothing here is really async, so the guard is lifted.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE_VIEWPORT = {"width": 390, "height": 844}
# The admin is used at a desk.
DESKTOP_VIEWPORT = {"width": 1280, "height": 900}


def _skip_or_fail(reason: str):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1: the browser tests must run here)", pytrace=False)
    pytest.skip(reason)


def _is_executable(path: str | None) -> bool:
    return bool(path) and Path(path).is_file() and os.access(path, os.X_OK)


@pytest.fixture(scope="module")
def chromium_executable() -> str:
    if explicit := os.environ.get("CHROMIUM_PATH"):
        if not _is_executable(explicit):
            _skip_or_fail(f"CHROMIUM_PATH={explicit} is not an executable file")
        return explicit
    for candidate in (shutil.which("chromium"), "/usr/bin/chromium"):
        if _is_executable(candidate):
            return candidate
    _skip_or_fail("no Chromium found: set CHROMIUM_PATH or install Debian's `chromium` package")


@pytest.fixture(scope="module")
def browser(chromium_executable):
    # Module scope: the event loop of sync Playwright stops with the last browser test, not at the end of the run.
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("Playwright is not installed (pip install the dev extras)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _page_in(browser, live_server, viewport):
    context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    # Kept for assert_no_serious_violations (tests/browser/accessibility.py): the browser reports what the Content
    # Security Policy refused only on the console.
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    return context, page


@pytest.fixture
def page(browser, live_server):
    """A phone-sized page in French, its relative URLs resolved against the live server."""
    context, page = _page_in(browser, live_server, PHONE_VIEWPORT)
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser, live_server):
    """A desktop-sized page in French (the admin's screens), relative URLs resolved against the live server."""
    context, page = _page_in(browser, live_server, DESKTOP_VIEWPORT)
    yield page
    context.close()


@pytest.fixture
def axe():
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        _skip_or_fail("axe-playwright-python is not installed (pip install the dev extras)")
    return Axe()


@pytest.fixture(autouse=True)
def _browser_test_environment(settings, tmp_path):
    """What the live server thread needs: tasks run inline, uploads in a temporary folder, fresh rate limits."""
    from roubaix_incubator.celery import app
    from roubaix_incubator.core.files import private_storage

    always_eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    # The storage caches its folder on first use.
    private_storage.__dict__.pop("base_location", None)
    private_storage.__dict__.pop("location", None)
    cache.clear()
    yield
    cache.clear()
    app.conf.task_always_eager = always_eager
    private_storage.__dict__.pop("base_location", None)
    private_storage.__dict__.pop("location", None)


@pytest.fixture
def neighbourhoods(transactional_db):
    """Two neighbourhoods, whatever a previous transactional test left of the seeded ones."""
    from roubaix_incubator.core.models import Neighbourhood

    return [
        Neighbourhood.objects.get_or_create(slug=slug, defaults={"name": name, "is_priority_area": True})[0]
        for slug, name in (("alma", "Alma"), ("epeule", "Épeule"))
    ]


@pytest.fixture
def open_call(transactional_db, neighbourhoods):
    """A published call, open for another month, with one required extra question."""
    from applications.enums import QuestionKind, Track
    from applications.models import Call, Question

    now = timezone.now()
    call = Call.objects.create(
        title="Appel à projets Quartiers solidaires 2025",
        slug="quartiers-solidaires-2025",
        track=Track.INCUBATION,
        summary="Neuf mois d'accompagnement pour les projets utiles aux habitants des quartiers.",
        description="Un accompagnement de neuf mois : ateliers collectifs, mentorat et rencontres.",
        eligibility="Associations, entreprises sociales et habitants porteurs d'un projet à Roubaix.",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        is_published=True,
    )
    Question.objects.create(
        call=call,
        label="Comment avez-vous connu le programme ?",
        kind=QuestionKind.SHORT_TEXT,
        required=True,
        order=1,
    )
    return call


def _pdf_bytes(text: str) -> bytes:
    """A small but well-formed one-page PDF (correct cross-reference table), written by hand."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.fixture
def small_pdf(tmp_path) -> Path:
    path = tmp_path / "presentation-projet.pdf"
    path.write_bytes(_pdf_bytes("Cantine solidaire de l'Alma"))
    return path
