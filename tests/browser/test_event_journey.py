"""The participant's journey in a real browser on a phone-sized screen: register without an account, get the
e-mail, open the private link, post a contribution, vote; then the staff check-in on a phone. Every page goes
through assert_no_serious_violations (axe-core: no serious or critical violation; nothing refused by the CSP)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events.enums import ActorKind, QuestionKind
from tests.browser.accessibility import assert_no_serious_violations
from tests.events.factories import (
    ContributionFactory,
    EventFactory,
    EventQuestionFactory,
    RegistrationFactory,
    TableFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def meetup(transactional_db):
    """A neighbourhood meetup under way, registration still open, with one contribution to vote for and two
    questions asked at registration (a required choice, an optional yes / no)."""
    from roubaix_incubator.core.models import Neighbourhood

    alma = Neighbourhood.objects.get_or_create(slug="alma", defaults={"name": "Alma", "is_priority_area": True})[0]
    now = timezone.now()
    event = EventFactory(
        title="CaféLabo Quartiers à l'Alma",
        starts_at=now - timedelta(minutes=30),
        ends_at=now + timedelta(hours=2),
        registration_closes_at=now + timedelta(hours=1),
        neighbourhood=alma,
    )
    EventQuestionFactory(
        event=event,
        label="Comment avez-vous connu la rencontre ?",
        kind=QuestionKind.SINGLE_CHOICE,
        choices="Par le centre social\nPar une affiche",
        required=True,
        order=1,
    )
    EventQuestionFactory(event=event, label="Venez-vous avec des enfants ?", kind=QuestionKind.YES_NO, order=2)
    someone = RegistrationFactory(event=event, full_name="Soufiane I.")
    ContributionFactory(author=someone, text="Un garage solidaire pour réparer sa voiture à petit prix")
    return event


@pytest.mark.django_db(transaction=True)
def test_participant_registers_without_account_contributes_and_votes(page, axe, live_server, meetup, settings):
    from playwright.sync_api import expect

    visited: list[str] = []
    settings.SITE_URL = live_server.url
    page.goto("/evenements/")
    assert_no_serious_violations(page, axe, visited)
    page.get_by_role("link", name=meetup.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(meetup.title)
    assert_no_serious_violations(page, axe, visited)

    page.get_by_role("link", name="S'inscrire").click()
    assert_no_serious_violations(page, axe, visited)
    page.get_by_label("Prénom et nom").fill("Samia Benali")
    page.get_by_label("Adresse e-mail").fill("samia.benali@example.org")
    page.get_by_label("Habitant·e").check()
    page.get_by_label("Votre quartier").select_option(label="Alma")
    page.get_by_label("J'accepte que la Ville de Roubaix").check()
    page.get_by_role("button", name="Confirmer mon inscription").click()
    # The required question left blank: the error is said, and what was typed stays.
    expect(page.get_by_role("alert")).to_contain_text("Comment avez-vous connu la rencontre ? : Répondez à cette question.")
    expect(page.get_by_label("Prénom et nom")).to_have_value("Samia Benali")
    assert_no_serious_violations(page, axe, visited)
    page.get_by_label("Par le centre social").check()
    page.get_by_label("Non", exact=True).check()
    page.get_by_label("J'accepte que la Ville de Roubaix").check()
    page.get_by_role("button", name="Confirmer mon inscription").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inscription confirmée")
    assert_no_serious_violations(page, axe, visited)

    [message] = mail.outbox
    assert message.to == ["samia.benali@example.org"]
    link = re.search(rf"{re.escape(live_server.url)}/evenements/inscription/[\w-]+/", message.body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon inscription")
    expect(page.get_by_label("Par le centre social")).to_be_checked()  # the change form carries the answers
    expect(page.get_by_label("Non", exact=True)).to_be_checked()
    assert_no_serious_violations(page, axe, visited)

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
    assert_no_serious_violations(page, axe, visited)
    assert meetup.contributions.get(text__startswith="Un garage").votes.count() == 1


@pytest.mark.django_db(transaction=True)
def test_staff_checks_people_in_on_a_phone(page, axe, live_server, meetup, client, django_user_model):
    from django.contrib.auth.models import Permission
    from playwright.sync_api import expect

    visited: list[str] = []
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
    assert_no_serious_violations(page, axe, visited)
    page.get_by_label("Chercher une personne").fill("atis")
    expect(page.locator("#checkin-results li")).to_have_count(1)
    page.get_by_role("button", name="Pointer Elise Depecker").click()
    expect(page.locator("#checkin-results")).to_contain_text("Présent·e (")
    expect(page.locator("#checkin-counts-inner")).to_contain_text("1 présent·es sur 2 inscrit·es")
    expect(page.get_by_role("button", name="Annuler le pointage de Elise Depecker")).to_be_focused()
    assert_no_serious_violations(page, axe, visited)

    page.get_by_role("link", name="Inscription sur place").first.click()
    assert_no_serious_violations(page, axe, visited)
    page.goto(f"/evenements/accueil/{meetup.slug}/tables/")
    assert_no_serious_violations(page, axe, visited)

    # The pages the staff open less often: the QR code's target, a table sheet, the synthesis preview, and the
    # participant's cancel page.
    table = TableFactory(event=meetup)
    page.goto(f"/evenements/accueil/inscription/{elise.pk}/")
    assert_no_serious_violations(page, axe, visited)
    page.goto(f"/evenements/accueil/{meetup.slug}/tables/{table.pk}/")
    expect(page.get_by_role("button", name="Imprimer cette feuille")).to_be_visible()
    assert_no_serious_violations(page, axe, visited)
    meetup.synthesis_published = True
    meetup.save()
    page.goto(f"/evenements/{meetup.slug}/synthese/")
    assert_no_serious_violations(page, axe, visited)
    page.goto(f"/evenements/inscription/{elise.token}/annuler/")
    assert_no_serious_violations(page, axe, visited)
