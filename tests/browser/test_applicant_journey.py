"""The applicant's whole journey in a real browser, on a phone-sized screen, with an axe-core check of every page."""

import re

import pytest
from django.core import mail

from tests.browser.accessibility import assert_no_serious_violations

pytestmark = pytest.mark.browser

PASSWORD = "Quartier-Alma-2025!"
EMAIL = "samia.benali@example.org"
PROJECT = "Cantine solidaire de l'Alma"


def _expect():
    from playwright.sync_api import expect

    return expect


def _link_in(message, *, path: str) -> str:
    match = re.search(rf"https?://\S+{re.escape(path)}\S+/", message.body)
    assert match, f"no {path} link in:\n{message.body}"
    return match.group(0)


@pytest.mark.django_db(transaction=True)
def test_applicant_signs_up_applies_in_two_sittings_and_submits(page, axe, live_server, open_call, small_pdf):
    expect = _expect()
    visited: list[str] = []

    # Home page, by keyboard: the first Tab reaches the skip link, which shows up and leads to the content.
    page.goto("/")
    assert_no_serious_violations(page, axe, visited)
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Aller au contenu")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#contenu")).to_be_focused()

    # Sign up.
    page.get_by_role("link", name="Créer un compte").click()
    expect(page).to_have_url(re.compile(r"/compte/signup/$"))
    assert_no_serious_violations(page, axe, visited)
    page.locator("input[name=full_name]").fill("Samia Benali")
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/compte/confirm-email/$"))
    assert_no_serious_violations(page, axe, visited)

    # The verification e-mail, read from the locmem outbox the live server thread shares with the test.
    assert [message.to for message in mail.outbox] == [[EMAIL]]
    page.goto(_link_in(mail.outbox[0], path="/compte/confirm-email/"))
    assert_no_serious_violations(page, axe, visited)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/candidatures/$"))
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    assert_no_serious_violations(page, axe, visited)

    # The call, then the first step: starting the application saves a draft.
    page.get_by_role("link", name="Appels à candidatures").first.click()
    assert_no_serious_violations(page, axe, visited)
    page.get_by_role("link", name=open_call.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(open_call.title)
    assert_no_serious_violations(page, axe, visited)
    page.get_by_role("link", name="Déposer une candidature").click()
    assert_no_serious_violations(page, axe, visited)
    page.locator("input[name=project_name]").fill(PROJECT)
    page.locator("textarea[name=summary]").fill("Une cantine où les habitants cuisinent ensemble et à prix libre.")
    page.get_by_label("Émergence").check()
    page.get_by_label("Association loi 1901").check()
    page.get_by_role("button", name="Commencer ma candidature").click()

    # Second step, then leave.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Le besoin et les personnes")
    assert_no_serious_violations(page, axe, visited)
    page.locator("textarea[name=social_need]").fill("Des familles isolées qui mangent seules, sans lieu pour se retrouver.")
    page.locator("textarea[name=target_public]").fill("Familles et personnes âgées isolées du quartier.")
    page.get_by_label("Alma").check()
    page.get_by_role("button", name="Enregistrer et finir plus tard").click()
    expect(page).to_have_url(re.compile(r"/candidatures/$"))
    expect(page.locator(".status-badge")).to_have_text("Brouillon")
    assert_no_serious_violations(page, axe, visited)

    # Leave for real (log out), come back another day (log in again): the draft is there.
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()
    page.get_by_role("link", name="Se connecter").click()
    assert_no_serious_violations(page, axe, visited)
    page.locator("input[name=login]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/candidatures/$"))
    expect(page.locator(".status-badge")).to_have_text("Brouillon")

    # Come back from "Mes candidatures": the review page lists what is missing and links to it.
    page.get_by_role("link", name=re.compile(r"^Continuer ma candidature")).click()
    expect(page.locator("#manques")).to_contain_text("L'équipe")
    assert_no_serious_violations(page, axe, visited)
    page.locator("#manques a").first.click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("L'équipe")
    assert_no_serious_violations(page, axe, visited)
    page.locator("textarea[name=team]").fill("Deux bénévoles et une cuisinière à mi-temps.")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Modèle économique et emplois")
    assert_no_serious_violations(page, axe, visited)
    page.locator("textarea[name=economic_model]").fill("Repas à prix libre, subvention municipale, mécénat local.")
    page.locator("input[name=funding_need]").fill("25000")
    page.locator("input[name=jobs_at_12_months]").fill("2")
    page.locator("input[name=inclusive_jobs_at_12_months]").fill("1")
    page.locator("input[name=jobs_at_36_months]").fill("4")
    page.locator("input[name=inclusive_jobs_at_36_months]").fill("2")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Vos besoins d'accompagnement")
    assert_no_serious_violations(page, axe, visited)
    page.get_by_label("Financement").check()
    page.get_by_label("Locaux").check()
    page.get_by_label("Comment avez-vous connu le programme").fill("Par le centre social")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    # Documents: a real PDF, recognised by its content.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Documents")
    assert_no_serious_violations(page, axe, visited)
    page.get_by_label("Type de document").select_option("presentation")
    page.get_by_label("Fichier").set_input_files(small_pdf)
    page.get_by_role("button", name="Ajouter ce document").click()
    expect(page.get_by_role("status")).to_contain_text("presentation-projet.pdf")
    expect(page.get_by_role("link", name="presentation-projet.pdf")).to_be_visible()
    assert_no_serious_violations(page, axe, visited)

    # Review and submit.
    page.get_by_role("link", name="Continuer : relire et envoyer").click()
    expect(page.locator("#manques")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Par le centre social")
    expect(page.locator("main")).to_contain_text(re.compile(r"25\s000 €"))  # grouped the French way
    assert_no_serious_violations(page, axe, visited)
    page.get_by_role("button", name="Envoyer ma candidature").click()

    expect(page).to_have_url(re.compile(r"/candidatures/$"))
    expect(page.locator(".status-badge")).to_have_text("Soumise")
    assert_no_serious_violations(page, axe, visited)

    confirmation = mail.outbox[-1]
    assert len(mail.outbox) == 2
    assert confirmation.to == [EMAIL]
    assert confirmation.subject == f"Votre candidature « {PROJECT} » est bien reçue"
    assert f"« {PROJECT} »" in confirmation.body
