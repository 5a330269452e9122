"""The mentor's journey in a real browser on a phone-sized screen: sign in, open the portal, log a session, find
it in the list; then the project holder reads it (without the private notes) and rates it. Every page goes through
assert_no_serious_violations (axe-core: no serious or critical violation; nothing refused by the CSP)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.accessibility import assert_no_serious_violations
from tests.mentors.factories import MatchFactory, MembershipFactory, MentorFactory, UserFactory

pytestmark = pytest.mark.browser

PASSWORD = "Parrainage-Roubaix-2026"


def _verified(user):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def pair(transactional_db):
    """A running match between a mentor and a project, both with verified accounts."""
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

    visited: list[str] = []
    _sign_in(page, "karim.haddad@example.org")
    page.goto("/mentorat/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace mentor")
    expect(page.get_by_role("link", name="La Cantine de l'Alma", exact=True)).to_be_visible()
    assert_no_serious_violations(page, axe, visited)

    page.get_by_role("link", name="Enregistrer une séance — La Cantine de l'Alma").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enregistrer une séance — La Cantine de l'Alma")
    assert_no_serious_violations(page, axe, visited)
    page.get_by_label("Durée (en minutes)").fill("90")
    page.get_by_label("En visio").check()
    page.get_by_label("Financement").check()
    page.get_by_label("Compte rendu (facultatif)").fill("Plan de financement revu : dossier France Active à monter.")
    page.get_by_label("Notes personnelles (facultatif)").fill("Porteuse fatiguée, à encourager.")
    next_meeting = (timezone.localdate() + timedelta(days=14)).isoformat()
    page.get_by_label("Date du prochain rendez-vous (facultatif)").fill(next_meeting)
    page.get_by_role("button", name="Enregistrer la séance").click()
    expect(page.get_by_text("La séance est enregistrée.")).to_be_visible()
    assert_no_serious_violations(page, axe, visited)

    page.get_by_role("link", name="Mes projets").click()
    page.get_by_role("link", name="Mes séances").click()
    expect(page.get_by_text("Plan de financement revu : dossier France Active à monter.")).to_be_visible()
    assert_no_serious_violations(page, axe, visited)
    assert MentoringSession.objects.count() == 1

    # A correction within the week.
    page.get_by_role("link", name="Corriger cette séance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Corriger une séance — La Cantine de l'Alma")
    assert_no_serious_violations(page, axe, visited)
    page.get_by_label("Durée (en minutes)").fill("120")
    page.get_by_role("button", name="Enregistrer les corrections").click()
    expect(page.get_by_text("La séance est corrigée.")).to_be_visible()
    assert MentoringSession.objects.get().duration_minutes == 120

    # A conflict of interest with another project of the cohort.
    MembershipFactory(cohort=pair.membership.cohort, application__project_name="Ressourcerie du Pile")
    page.goto("/mentorat/")
    page.get_by_role("link", name="Déclarer un conflit d'intérêts").click()
    assert_no_serious_violations(page, axe, visited)
    page.get_by_label("Projet concerné").select_option(label=f"Ressourcerie du Pile — {pair.membership.cohort.name}")
    page.get_by_label("Nature du conflit d'intérêts").fill("Ma sœur y travaille.")
    page.get_by_role("button", name="Déclarer le conflit d'intérêts").click()
    expect(page.get_by_text("Merci, votre déclaration est enregistrée")).to_be_visible()
    assert_no_serious_violations(page, axe, visited)

    # The project holder reads it, without the mentor's private notes, and rates it.
    page.context.clear_cookies()
    _sign_in(page, "nadia.benali@example.org")
    page.goto("/mentorat/mon-projet/")
    expect(page.get_by_text("Plan de financement revu : dossier France Active à monter.")).to_be_visible()
    expect(page.get_by_text("Porteuse fatiguée")).to_have_count(0)
    assert_no_serious_violations(page, axe, visited)
    page.get_by_role("link", name="Donner mon avis").click()
    assert_no_serious_violations(page, axe, visited)
    page.get_by_label("4 — Très utile").check()
    page.get_by_role("button", name="Envoyer mon avis").click()
    expect(page.get_by_text("Merci pour votre avis !")).to_be_visible()
    assert MentoringSession.objects.get().holder_feedback_usefulness == 4


@pytest.mark.django_db(transaction=True)
def test_staff_run_the_matching_confirm_and_follow_the_sessions(page, axe, pair):
    from django.contrib.auth.models import Permission
    from playwright.sync_api import expect

    visited: list[str] = []
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
    assert_no_serious_violations(page, axe, visited)
    # The staff page's link leads to the matching in the admin.
    page.get_by_role("link", name=f"Appariement — {cohort.name}").click()
    page.wait_for_url(f"**/admin/mentors/match/appariement/{cohort.pk}/")
    assert_no_serious_violations(page, axe, visited)
    page.get_by_role("link", name="Vérifier les secteurs et les langues des projets").click()
    assert_no_serious_violations(page, axe, visited)
    page.get_by_role("button", name="Enregistrer les secteurs et les langues").click()
    expect(page.get_by_text("Secteurs et langues enregistrés (2 projet(s) modifié(s)).")).to_be_visible()
    page.get_by_role("button", name="Lancer l'appariement").click()
    expect(page.get_by_text("Appariement terminé : 1 proposition(s)")).to_be_visible()
    assert_no_serious_violations(page, axe, visited)
    page.get_by_role("button", name="Confirmer — Sabine Commerce, Répar'Vélo Épeule").click()
    expect(page.get_by_text("Binôme confirmé")).to_be_visible()

    page.goto(f"/mentorat/equipe/promotions/{cohort.pk}/suivi/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Suivi du mentorat — {cohort.name}")
    assert_no_serious_violations(page, axe, visited)
    page.goto("/mentorat/equipe/inviter/")
    assert_no_serious_violations(page, axe, visited)
