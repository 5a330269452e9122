"""A jury member's journey in the admin, in a real browser on a desktop screen, with an axe-core check of every page:
log in through allauth, find the file assigned to them, score it and see it as reviewed. Files assigned to
others are a 404, and the holders' profile (funders' statistics) never shows on any page they visit."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.accessibility import assert_no_serious_violations

pytestmark = pytest.mark.browser

EMAIL = "karim.benali@example.org"
PASSWORD = "Jury-Roubaix-2026!"
MINE = "La Cantine des Trois-Ponts"
NOT_MINE = "Répar'Vélo Épeule"
COOPERATION_ANSWER = "Le centre social des Trois-Ponts et la Mission locale."
# The scores the reviewer gives, by criterion of the default grid; None is "Sans objet".
SCORES = {
    "Besoin social et impact": 4,
    "Équipe et disponibilité": 3,
    "Viabilité économique": 2,
    "Ancrage local et coopération": 3,
    "Innovation": None,
    "Adéquation avec l'étape du programme": 0,
}
COMMENT = "Un vrai besoin dans le quartier ; le modèle économique reste à consolider avec le traiteur."
# The holders' profile: field labels and the values both files carry. None may appear to a jury member.
HOLDER_PROFILE_TEXTS = [
    re.compile(r"\bgenre\b", re.IGNORECASE),
    re.compile(r"tranche d.âge", re.IGNORECASE),
    re.compile(r"situation professionnelle", re.IGNORECASE),
    re.compile(r"habite un quartier prioritaire", re.IGNORECASE),
    re.compile(r"profil des porteurs", re.IGNORECASE),
    re.compile(r"\bfemme\b|\bhomme\b", re.IGNORECASE),
    re.compile(r"36 à 50 ans|26 à 35 ans"),
    re.compile(r"en recherche d.emploi", re.IGNORECASE),
]


def _expect():
    from playwright.sync_api import expect

    return expect


def check_page(page, axe, visited: list[str]) -> None:
    """The shared axe-core check, then: nothing of the holders' profile on the page as it is now."""
    assert_no_serious_violations(page, axe, visited)
    # The whole document, collapsed fieldsets and hidden inputs included, not only what is on screen.
    html = page.content()
    assert "holder_" not in html, f"a holder profile field is in the HTML of {page.url}"
    text = page.locator("body").text_content()
    shown = [pattern.pattern for pattern in HOLDER_PROFILE_TEXTS if pattern.search(text)]
    assert not shown, f"the holders' profile shows on {page.url}: {shown}"


@pytest.fixture
def jury_member(transactional_db):
    """A staff user in the jury group, with the demo group's permissions, whose e-mail is verified."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group, Permission

    from cohorts.enums import REVIEWER_GROUP
    from roubaix_incubator.core.models import User
    from roubaix_incubator.demo.applications import GROUP_PERMISSIONS

    group, _ = Group.objects.get_or_create(name=REVIEWER_GROUP)
    for dotted in GROUP_PERMISSIONS[REVIEWER_GROUP]:
        app_label, codename = dotted.split(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    user = User.objects.create_user(email=EMAIL, password=PASSWORD, full_name="Karim Benali", is_staff=True)
    user.groups.add(group)
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    return user


@pytest.fixture
def files_under_review(transactional_db, neighbourhoods, jury_member):
    """Two complete files of a closed call with the default grid, both with the holders' profile filled in: the
    first assigned to the jury member, the second to another one."""
    from applications.enums import AgeBand, EmploymentStatus, Gender, QuestionKind, Status, YesNoUnsaid
    from cohorts import services
    from roubaix_incubator.core.models import User
    from tests.factories.applications import (
        AnswerFactory,
        ApplicationFactory,
        AttachmentFactory,
        CallFactory,
        QuestionFactory,
    )

    call = CallFactory(title="Incubateur d'innovation sociale — promotion 2026", closed=True)
    services.criteria_seed_default(call=call)
    question = QuestionFactory(
        call=call, label="Avec quels acteurs roubaisiens souhaitez-vous coopérer ?", kind=QuestionKind.LONG_TEXT
    )
    files = []
    for project_name, gender, age_band in (
        (MINE, Gender.WOMAN, AgeBand.FROM_36_TO_50),
        (NOT_MINE, Gender.MAN, AgeBand.FROM_26_TO_35),
    ):
        application = ApplicationFactory(
            call=call,
            complete=True,
            status=Status.UNDER_REVIEW,
            submitted_at=timezone.now() - timedelta(days=10),
            project_name=project_name,
            holder_gender=gender,
            holder_age_band=age_band,
            holder_lives_in_priority_area=YesNoUnsaid.YES,
            holder_employment_status=EmploymentStatus.JOBSEEKER_LONG_TERM,
            neighbourhoods=neighbourhoods[:1],
        )
        AnswerFactory(application=application, question=question, value=COOPERATION_ANSWER)
        AttachmentFactory(application=application)
        files.append(application)
    mine, not_mine = files
    other_member = User.objects.create_user(
        email="sophie.delcourt@example.org", password=PASSWORD, full_name="Sophie Delcourt", is_staff=True
    )
    other_member.groups.add(*jury_member.groups.all())
    services.reviews_assign(applications=[mine], reviewers=[jury_member], per_application=1)
    services.reviews_assign(applications=[not_mine], reviewers=[other_member], per_application=1)
    return mine, not_mine


@pytest.mark.django_db(transaction=True)
def test_jury_member_scores_their_assigned_file_and_sees_it_reviewed(
    desktop_page, axe, live_server, jury_member, files_under_review
):
    from cohorts.models import Review, Score

    expect = _expect()
    page = desktop_page
    visited: list[str] = []
    mine, not_mine = files_under_review
    my_review = Review.objects.get(application=mine)
    other_review = Review.objects.get(application=not_mine)

    # The admin sends to allauth's login page, which brings back to the admin.
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/compte/login/\?next=%2Fadmin%2F$"))
    check_page(page, axe, visited)
    page.locator("input[name=login]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    check_page(page, axe, visited)

    # Their reviews: only the assigned file, still to be scored.
    page.locator("#cohorts-review").get_by_role("link", name="Évaluations", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/cohorts/review/$"))
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text(MINE)
    expect(rows).to_contain_text("À évaluer")
    expect(page.locator("#result_list")).not_to_contain_text(NOT_MINE)
    check_page(page, axe, visited)

    # The file itself, then one score per criterion, a recommendation and a comment.
    rows.get_by_role("link", name=MINE).click()
    expect(page).to_have_url(re.compile(rf"/admin/cohorts/review/{my_review.pk}/change/$"))
    expect(page.locator("#content-main")).to_contain_text("Une cantine solidaire où les habitants cuisinent ensemble.")
    expect(page.locator("#content-main")).to_contain_text(COOPERATION_ANSWER)
    check_page(page, axe, visited)
    for label, value in SCORES.items():
        page.get_by_label(re.compile(rf"^{re.escape(label)} \(×\d+\)")).select_option(
            label="Sans objet" if value is None else str(value)
        )
    page.get_by_label("Recommandation").select_option(label="Oui, à retenir")
    page.get_by_label("Commentaire pour le comité").fill(COMMENT)
    page.get_by_role("button", name="Enregistrer", exact=True).click()

    # Back on the list, the file shows as reviewed, with the recommendation.
    expect(page).to_have_url(re.compile(r"/admin/cohorts/review/$"))
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Évaluée")
    expect(rows).to_contain_text("Oui, à retenir")
    check_page(page, axe, visited)

    my_review.refresh_from_db()
    assert my_review.submitted_at is not None
    assert (my_review.recommendation, my_review.comment) == ("yes", COMMENT)
    assert {
        score.criterion.label: score.value
        for score in Score.objects.filter(review=my_review).select_related("criterion")
    } == SCORES

    # The submitted review opens read-only, with the scores as given.
    rows.get_by_role("link", name=MINE).click()
    expect(page.get_by_role("button", name="Enregistrer", exact=True)).to_have_count(0)
    expect(page.locator("#content-main")).to_contain_text("Sans objet")
    expect(page.locator("#content-main")).to_contain_text("4 / 4")
    expect(page.locator("#content-main")).to_contain_text(COMMENT)
    check_page(page, axe, visited)

    # The applications' list holds the assigned file only; its page and its document open.
    page.goto("/admin/")
    page.locator("#applications-application").get_by_role("link", name="Candidatures", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/applications/application/$"))
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(page.locator("#result_list")).to_contain_text(MINE)
    check_page(page, axe, visited)
    page.locator("#result_list").get_by_role("link", name=MINE).click()
    expect(page).to_have_url(re.compile(rf"/admin/applications/application/{mine.pk}/change/$"))
    check_page(page, axe, visited)
    document = page.request.get(mine.attachments.get().get_absolute_url())
    assert (document.status, document.headers["content-type"]) == (200, "application/pdf")

    # The other file, its review and its document are a 404, typed URL or not.
    for url in (
        f"/admin/applications/application/{not_mine.pk}/change/",
        f"/admin/cohorts/review/{other_review.pk}/change/",
    ):
        response = page.goto(url)
        assert response.status == 404, url
        check_page(page, axe, visited)
    assert page.request.get(not_mine.attachments.get().get_absolute_url()).status == 404
    assert page.request.get(not_mine.get_absolute_url()).status == 404

    # The ranking pools every reviewer's scores: not for a jury member.
    assert page.request.get(f"/admin/applications/call/{mine.call_id}/classement/").status == 403

    assert len(visited) == 10


MANAGER_EMAIL = "camille.lefebvre@example.org"
INELIGIBLE = "Boutique en ligne de Lille"


@pytest.fixture
def programme_manager(transactional_db):
    from allauth.account.models import EmailAddress

    from roubaix_incubator.core.models import User

    user = User.objects.create_superuser(
        email=MANAGER_EMAIL, password=PASSWORD, full_name="Camille Lefebvre", is_staff=True
    )
    EmailAddress.objects.create(user=user, email=MANAGER_EMAIL, verified=True, primary=True)
    return user


@pytest.mark.django_db(transaction=True)
def test_programme_manager_reads_the_ranking_and_screens_a_file_out(
    desktop_page, axe, live_server, programme_manager, jury_member, files_under_review
):
    from applications.enums import Status
    from cohorts import services
    from cohorts.models import Criterion, Decision, Review
    from tests.factories.applications import ApplicationFactory

    expect = _expect()
    page = desktop_page
    visited: list[str] = []
    mine, not_mine = files_under_review
    criteria = Criterion.objects.filter(call=mine.call)
    services.review_submit(
        review=Review.objects.get(application=mine),
        by=jury_member,
        scores=dict.fromkeys(criteria, 3),
        recommendation="yes",
    )
    ineligible = ApplicationFactory(
        call=mine.call, complete=True, status=Status.SUBMITTED, submitted_at=timezone.now(), project_name=INELIGIBLE
    )

    page.goto("/admin/")
    page.locator("input[name=login]").fill(MANAGER_EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # The ranking: best first, sortable by a column, each file linked to its page.
    page.goto(f"/admin/applications/call/{mine.call_id}/change/")
    page.get_by_role("link", name="Voir le classement").click()
    expect(page).to_have_url(re.compile(rf"/admin/applications/call/{mine.call_id}/classement/$"))
    rows = page.locator("#result_list tbody tr")
    expect(rows.first).to_contain_text(MINE)
    expect(rows.first).to_contain_text("Une seule évaluation")
    assert_no_serious_violations(page, axe, visited)
    page.locator("#result_list thead").get_by_role("link", name="Projet").click()
    expect(page).to_have_url(re.compile(r"\?o=name$"))
    expect(rows.first).to_contain_text(INELIGIBLE)
    assert_no_serious_violations(page, axe, visited)
    rows.get_by_role("link", name=MINE).click()
    expect(page).to_have_url(re.compile(rf"/admin/applications/application/{mine.pk}/change/$"))

    # "Non recevable": the page asks for the outcome, the reasons and the partner, and keeps what was typed.
    page.goto("/admin/applications/application/")
    page.locator(f"input[name=_selected_action][value='{ineligible.pk}']").check()
    page.locator("select[name=action]").select_option("screen_ineligible")
    page.locator("button[name=index]").click()
    expect(page.locator("#content-main")).to_contain_text(f"{INELIGIBLE} — Soumise")
    assert_no_serious_violations(page, axe, visited)
    page.get_by_label("Non retenue").check()
    page.get_by_label("Motifs communiqués au porteur").fill("Le projet s'adresse à Lille, hors du territoire.")
    page.get_by_role("button", name="Préparer la décision").click()
    expect(page.locator(".errornote")).to_contain_text("Structure vers laquelle orienter")
    expect(page.get_by_label("Motifs communiqués au porteur")).to_have_value(
        "Le projet s'adresse à Lille, hors du territoire."
    )
    assert_no_serious_violations(page, axe, visited)
    page.get_by_label("Structure vers laquelle orienter").fill("Incubateur de la Métropole européenne de Lille")
    page.get_by_role("button", name="Préparer la décision").click()
    expect(page.locator(".messagelist .success")).to_contain_text("1 dossier(s) non recevable(s)")

    decision = Decision.objects.get(application=ineligible)
    assert (decision.outcome, decision.referral_partner) == (
        "rejected",
        "Incubateur de la Métropole européenne de Lille",
    )
    assert not Decision.objects.filter(application=not_mine).exists()
    assert len(visited) == 4
