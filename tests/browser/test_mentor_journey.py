"""The mentor's journey in a real browser on a phone-sized screen: sign in, open the portal, log a session, find
it in the list; then the project holder reads it (without the private notes) and rates it. axe-core checks every
page for serious or critical violations.

Self-contained (the browser fixtures of tests/browser/ are not visible from here): Debian's Chromium from
CHROMIUM_PATH or the PATH; without it the tests skip, unless REQUIRE_BROWSER=1."""

import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

pytestmark = pytest.mark.browser

# Sync Playwright keeps an event loop in the main thread; nothing here is really async.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BLOCKING_IMPACTS = {"serious", "critical"}
PHONE = {"width": 390, "height": 844}
PASSWORD = "Parrainage-Roubaix-2026"


def _skip_or_fail(reason: str):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1: the browser tests must run here)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium():
    for candidate in (os.environ.get("CHROMIUM_PATH"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            break
    else:
        _skip_or_fail("no Chromium found: set CHROMIUM_PATH or install Debian's `chromium` package")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("Playwright is not installed (pip install the dev extras)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=candidate, headless=True, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    console_errors = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    page.console_errors = console_errors
    yield page
    context.close()


@pytest.fixture
def axe():
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        _skip_or_fail("axe-playwright-python is not installed (pip install the dev extras)")
    return Axe()


def check_accessibility(page, axe):
    results = axe.run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core on {page.url}:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(f"{', '.join(map(str, n['target']))}: {n['html'][:160]}" for n in v["nodes"])
        for v in blocking
    )
    assert not [e for e in page.console_errors if "Content Security Policy" in e], page.console_errors


def _verified(user):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def pair(transactional_db):
    """A running match between a mentor and a project, both with verified accounts."""
    from .factories import MatchFactory, MembershipFactory, MentorFactory

    mentor = MentorFactory(user__full_name="Karim Haddad", user__email="karim.haddad@example.org")
    membership = MembershipFactory(
        application__project_name="La Cantine de l'Alma",
        application__applicant__full_name="Nadia Benali",
        application__applicant__email="nadia.benali@example.org",
    )
    _verified(mentor.user)
    _verified(membership.application.applicant)
    return MatchFactory(mentor=mentor, membership=membership, confirmed_at=timezone.now() - timedelta(days=7))


def _sign_in(page, email):
    page.goto("/compte/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Connexion", exact=True).click()
    page.wait_for_url(lambda url: "/compte/login/" not in url)


@pytest.mark.django_db(transaction=True)
def test_mentor_logs_a_session_and_the_holder_rates_it(page, axe, pair):
    from playwright.sync_api import expect

    from mentors.models import MentoringSession

    _sign_in(page, "karim.haddad@example.org")
    page.goto("/mentorat/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace mentor")
    expect(page.get_by_role("link", name="La Cantine de l'Alma", exact=True)).to_be_visible()
    check_accessibility(page, axe)

    page.get_by_role("link", name="Enregistrer une séance — La Cantine de l'Alma").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enregistrer une séance — La Cantine de l'Alma")
    check_accessibility(page, axe)
    page.get_by_label("Durée (en minutes)").fill("90")
    page.get_by_label("En visio").check()
    page.get_by_label("Financement").check()
    page.get_by_label("Compte rendu (facultatif)").fill("Plan de financement revu : dossier France Active à monter.")
    page.get_by_label("Notes personnelles (facultatif)").fill("Porteuse fatiguée, à encourager.")
    next_meeting = (timezone.localdate() + timedelta(days=14)).isoformat()
    page.get_by_label("Date du prochain rendez-vous (facultatif)").fill(next_meeting)
    page.get_by_role("button", name="Enregistrer la séance").click()
    expect(page.get_by_text("La séance est enregistrée.")).to_be_visible()
    check_accessibility(page, axe)

    page.get_by_role("link", name="Mes projets").click()
    page.get_by_role("link", name="Mes séances").click()
    expect(page.get_by_text("Plan de financement revu : dossier France Active à monter.")).to_be_visible()
    check_accessibility(page, axe)
    assert MentoringSession.objects.count() == 1

    # The project holder reads it, without the mentor's private notes, and rates it.
    page.context.clear_cookies()
    _sign_in(page, "nadia.benali@example.org")
    page.goto("/mentorat/mon-projet/")
    expect(page.get_by_text("Plan de financement revu : dossier France Active à monter.")).to_be_visible()
    expect(page.get_by_text("Porteuse fatiguée")).to_have_count(0)
    check_accessibility(page, axe)
    page.get_by_role("link", name="Donner mon avis").click()
    check_accessibility(page, axe)
    page.get_by_label("4 — Très utile").check()
    page.get_by_role("button", name="Envoyer mon avis").click()
    expect(page.get_by_text("Merci pour votre avis !")).to_be_visible()
    assert MentoringSession.objects.get().holder_feedback_usefulness == 4


@pytest.mark.django_db(transaction=True)
def test_staff_run_the_matching_confirm_and_follow_the_sessions(page, axe, pair):
    from django.contrib.auth.models import Permission
    from playwright.sync_api import expect

    from .factories import MembershipFactory, MentorFactory, UserFactory

    cohort = pair.membership.cohort
    MembershipFactory(
        cohort=cohort, application__project_name="Répar'Vélo Épeule", application__support_needs=["sales"]
    )
    MentorFactory(user__full_name="Sabine Commerce", expertise=["sales"])
    manager = _verified(UserFactory(staff=True, full_name="Camille Lefebvre", email="camille@ville-roubaix.fr"))
    manager.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="mentors",
            codename__in=["view_match", "change_match", "view_mentoringsession", "add_mentor"],
        )
    )

    _sign_in(page, "camille@ville-roubaix.fr")
    page.goto("/mentorat/equipe/")
    check_accessibility(page, axe)
    page.get_by_role("link", name=f"Appariement — {cohort.name}").click()
    check_accessibility(page, axe)
    page.get_by_role("button", name="Lancer l'appariement").click()
    expect(page.get_by_text("Appariement terminé : 1 proposition(s)")).to_be_visible()
    check_accessibility(page, axe)
    page.get_by_role("button", name="Confirmer — Sabine Commerce, Répar'Vélo Épeule").click()
    expect(page.get_by_text("Binôme confirmé")).to_be_visible()

    page.goto(f"/mentorat/equipe/promotions/{cohort.pk}/suivi/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Suivi du mentorat — {cohort.name}")
    check_accessibility(page, axe)
    page.goto("/mentorat/equipe/inviter/")
    check_accessibility(page, axe)
