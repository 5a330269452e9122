"""The participant's journey in a real browser on a phone-sized screen: register without an account, get the
e-mail, open the private link, post a contribution, vote; then the staff check-in on a phone. axe-core checks
every page for serious or critical violations.

Self-contained (the browser fixtures of tests/browser/ are not visible from here): Debian's Chromium from
CHROMIUM_PATH or the PATH; without it the tests skip, unless REQUIRE_BROWSER=1."""

import os
import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from events.enums import ActorKind

pytestmark = pytest.mark.browser

# Sync Playwright keeps an event loop in the main thread; nothing here is really async.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BLOCKING_IMPACTS = {"serious", "critical"}
PHONE = {"width": 390, "height": 844}


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
    # The CSP forbids inline scripts and styles: nothing on the page may have needed one.
    assert not [e for e in page.console_errors if "Content Security Policy" in e], page.console_errors


@pytest.fixture
def meetup(transactional_db):
    """A neighbourhood meetup under way, registration still open, with one contribution to vote for."""
    from roubaix_incubator.core.models import Neighbourhood

    from .factories import ContributionFactory, EventFactory, RegistrationFactory

    alma = Neighbourhood.objects.get_or_create(slug="alma", defaults={"name": "Alma", "is_priority_area": True})[0]
    now = timezone.now()
    event = EventFactory(
        title="CaféLabo Quartiers à l'Alma",
        starts_at=now - timedelta(minutes=30),
        ends_at=now + timedelta(hours=2),
        registration_closes_at=now + timedelta(hours=1),
        neighbourhood=alma,
    )
    someone = RegistrationFactory(event=event, full_name="Soufiane I.")
    ContributionFactory(author=someone, text="Un garage solidaire pour réparer sa voiture à petit prix")
    return event


@pytest.mark.django_db(transaction=True)
def test_participant_registers_without_account_contributes_and_votes(page, axe, live_server, meetup, settings):
    from playwright.sync_api import expect

    settings.SITE_URL = live_server.url
    page.goto("/evenements/")
    check_accessibility(page, axe)
    page.get_by_role("link", name=meetup.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(meetup.title)
    check_accessibility(page, axe)

    page.get_by_role("link", name="S'inscrire").click()
    check_accessibility(page, axe)
    page.get_by_label("Prénom et nom").fill("Samia Benali")
    page.get_by_label("Adresse e-mail").fill("samia.benali@example.org")
    page.get_by_label("Habitant·e").check()
    page.get_by_label("Votre quartier").select_option(label="Alma")
    page.get_by_label("J'accepte que la Ville de Roubaix").check()
    page.get_by_role("button", name="Confirmer mon inscription").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inscription confirmée")
    check_accessibility(page, axe)

    [message] = mail.outbox
    assert message.to == ["samia.benali@example.org"]
    link = re.search(rf"{re.escape(live_server.url)}/evenements/inscription/[\w-]+/", message.body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon inscription")
    check_accessibility(page, axe)

    page.get_by_role("radio", name="Ressource").check()
    page.get_by_label("Votre contribution").fill("Je peux prêter la salle de l'association le samedi")
    page.get_by_role("button", name="Publier ma contribution").click()
    expect(page.get_by_text("Merci ! Votre contribution est publiée.")).to_be_visible()
    expect(page.get_by_text("Je peux prêter la salle de l'association le samedi")).to_be_visible()

    vote = page.get_by_role("button", name="Je soutiens")
    expect(vote).to_have_count(1)  # the other participant's contribution; not one's own
    vote.click()
    expect(page.get_by_role("button", name="Je soutiens")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_text("1 soutien", exact=True)).to_be_visible()
    expect(page.locator("#vote-status")).to_have_text("Votre soutien est enregistré.")
    check_accessibility(page, axe)
    assert meetup.contributions.get(text__startswith="Un garage").votes.count() == 1


@pytest.mark.django_db(transaction=True)
def test_staff_checks_people_in_on_a_phone(page, axe, live_server, meetup, client, django_user_model):
    from django.contrib.auth.models import Permission
    from playwright.sync_api import expect

    from .factories import RegistrationFactory

    elise = RegistrationFactory(
        event=meetup, full_name="Elise Depecker", organisation="ATIS", actor_kind=ActorKind.SOCIAL
    )
    staff = django_user_model.objects.create_user(email="accueil@ville-roubaix.test", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="change_registration"))
    client.force_login(staff)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto(f"/evenements/accueil/{meetup.slug}/")
    expect(page.locator("#checkin-counts-inner")).to_contain_text("0 présent·es sur 2 inscrit·es")
    check_accessibility(page, axe)
    page.get_by_label("Chercher une personne").fill("atis")
    expect(page.locator("#checkin-results li")).to_have_count(1)
    page.get_by_role("button", name="Pointer Elise Depecker").click()
    expect(page.locator("#checkin-results")).to_contain_text("Présent·e (")
    expect(page.locator("#checkin-counts-inner")).to_contain_text("1 présent·es sur 2 inscrit·es")
    expect(page.get_by_role("button", name="Annuler le pointage de Elise Depecker")).to_be_focused()
    check_accessibility(page, axe)

    page.get_by_role("link", name="Inscription sur place").first.click()
    check_accessibility(page, axe)
    page.goto(f"/evenements/accueil/{meetup.slug}/tables/")
    check_accessibility(page, axe)

    # The pages the staff open less often: the QR code's target, a table sheet, the synthesis preview, and the
    # participant's cancel page.
    from .factories import TableFactory

    table = TableFactory(event=meetup)
    page.goto(f"/evenements/accueil/inscription/{elise.pk}/")
    check_accessibility(page, axe)
    page.goto(f"/evenements/accueil/{meetup.slug}/tables/{table.pk}/")
    expect(page.get_by_role("button", name="Imprimer cette feuille")).to_be_visible()
    check_accessibility(page, axe)
    meetup.synthesis_published = True
    meetup.save()
    page.goto(f"/evenements/{meetup.slug}/synthese/")
    check_accessibility(page, axe)
    page.goto(f"/evenements/inscription/{elise.token}/annuler/")
    check_accessibility(page, axe)
