import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from applications.enums import Status
from cohorts.enums import Outcome, Recommendation
from cohorts.models import Decision, Review

pytestmark = pytest.mark.django_db


def _change_url(model: str, pk: int) -> str:
    return reverse(f"admin:{model}_change", args=[pk])


def test_reviewer_lists_only_their_own_reviews(client, jury_member, make_reviewer, make_application):
    mine = Review.objects.create(
        application=make_application(project_name="Épicerie de l'Épeule"), reviewer=jury_member
    )
    Review.objects.create(application=make_application(project_name="Garage solidaire"), reviewer=make_reviewer())
    client.force_login(jury_member)

    response = client.get(reverse("admin:cohorts_review_changelist"))

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [mine]


def test_reviewer_gets_404_on_someone_elses_review(client, jury_member, make_reviewer, make_application):
    other = Review.objects.create(application=make_application(), reviewer=make_reviewer())
    client.force_login(jury_member)

    assert client.get(_change_url("cohorts_review", other.pk)).status_code == 404


def test_reviewer_gets_404_on_an_application_not_assigned_to_them(client, jury_member, make_application):
    assigned, unassigned = make_application(), make_application()
    Review.objects.create(application=assigned, reviewer=jury_member)
    client.force_login(jury_member)

    assert client.get(_change_url("applications_application", assigned.pk)).status_code == 200
    assert client.get(_change_url("applications_application", unassigned.pk)).status_code == 404
    listed = client.get(reverse("admin:applications_application_changelist")).context["cl"].result_list
    assert list(listed) == [assigned]


def test_reviewer_never_sees_the_holders_profile(client, jury_member, make_application, grid):
    application = make_application()
    review = Review.objects.create(application=application, reviewer=jury_member)
    client.force_login(jury_member)

    review_page = client.get(_change_url("cohorts_review", review.pk)).content.decode()
    application_page = client.get(_change_url("applications_application", application.pk)).content.decode()

    assert "Une épicerie solidaire tenue par les habitants." in review_page
    for page in (review_page, application_page):
        for hidden in (
            "holder_gender",
            "holder_employment_status",
            "Genre",
            "Situation professionnelle",
            "En recherche d&#x27;emploi",
            "Tranche d&#x27;âge",
        ):
            assert hidden not in page


def test_reviewer_reads_the_support_needs_of_the_file(client, jury_member, make_application, grid):
    application = make_application()
    application.support_needs = ["funding", "premises"]
    application.save(update_fields=["support_needs"])
    review = Review.objects.create(application=application, reviewer=jury_member)
    client.force_login(jury_member)

    response = client.get(_change_url("cohorts_review", review.pk))

    # The labels are lazy translations: joining them used to crash the page.
    assert response.status_code == 200
    assert "Financement, Locaux" in response.content.decode()


def test_reviewer_scores_an_assigned_application_in_the_admin(client, jury_member, make_application, grid):
    review = Review.objects.create(application=make_application(), reviewer=jury_member)
    client.force_login(jury_member)
    url = _change_url("cohorts_review", review.pk)
    form = client.get(url).context["adminform"].form
    assert [name for name in form.fields if name.startswith("criterion_")] == [f"criterion_{c.pk}" for c in grid]

    response = client.post(
        url,
        {
            f"criterion_{grid[0].pk}": "4",
            f"criterion_{grid[1].pk}": "2",
            f"criterion_{grid[2].pk}": "na",
            "recommendation": Recommendation.YES,
            "comment": "Un vrai besoin à l'Alma.",
            "conflict_reason": "",
            "scores-TOTAL_FORMS": "0",
            "scores-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    review.refresh_from_db()
    assert review.submitted_at is not None
    assert sorted(review.scores.values_list("value", flat=True), key=lambda v: -1 if v is None else v) == [None, 2, 4]
    assert "Évaluée" in client.get(reverse("admin:cohorts_review_changelist")).content.decode()
    assert "Sans objet" in client.get(url).content.decode()  # their own scores, read-only
    assert client.post(url, {}).status_code == 403  # submitted once: now read-only


def test_reviewer_form_shows_missing_scores_next_to_the_fields(client, jury_member, make_application, grid):
    review = Review.objects.create(application=make_application(), reviewer=jury_member)
    client.force_login(jury_member)

    response = client.post(
        _change_url("cohorts_review", review.pk),
        {
            f"criterion_{grid[0].pk}": "3",
            "recommendation": "",
            "comment": "",
            "conflict_reason": "",
            "scores-TOTAL_FORMS": "0",
            "scores-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) == {
        f"criterion_{grid[1].pk}",
        f"criterion_{grid[2].pk}",
        "recommendation",
    }
    review.refresh_from_db()
    assert review.submitted_at is None


@pytest.mark.parametrize("with_grid", [True, False], ids=["grid", "call_without_grid"])
def test_reviewer_declares_a_conflict_in_the_admin(request, client, jury_member, make_application, with_grid):
    if with_grid:
        request.getfixturevalue("grid")
    review = Review.objects.create(application=make_application(), reviewer=jury_member)
    client.force_login(jury_member)

    response = client.post(
        _change_url("cohorts_review", review.pk),
        {
            "declare_conflict": "on",
            "conflict_reason": "Je suis bénévole dans l'association.",
            "recommendation": "",
            "comment": "",
            "scores-TOTAL_FORMS": "0",
            "scores-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.conflict_of_interest, review.conflict_reason) == (True, "Je suis bénévole dans l'association.")


@pytest.mark.parametrize("count", [1, 20])
def test_reviews_changelist_query_count_is_fixed(
    count, client, superuser, make_reviewer, make_application, django_assert_num_queries
):
    reviewer = make_reviewer()
    for _ in range(count):
        Review.objects.create(application=make_application(), reviewer=reviewer)
    client.force_login(superuser)

    # 5 queries: the session, the user, the calls of the call filter, the paginator's count, and the page of
    # reviews with their files, calls and reviewers joined (list_select_related).
    with django_assert_num_queries(5):
        response = client.get(reverse("admin:cohorts_review_changelist"))
    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("count", [1, 20])
def test_reviews_changelist_of_a_jury_member_query_count_is_fixed(
    count, client, jury_member, make_application, django_assert_num_queries
):
    for _ in range(count):
        Review.objects.create(application=make_application(), reviewer=jury_member)
    client.force_login(jury_member)

    # 7 queries: the session, the user, their permissions (own, then through groups), the calls of the call
    # filter, the paginator's count, and the page of their reviews with files, calls and reviewers joined.
    with django_assert_num_queries(7):
        response = client.get(reverse("admin:cohorts_review_changelist"))
    assert len(response.context["cl"].result_list) == count


def test_assign_action_on_applications(client, superuser, make_reviewer, make_application):
    reviewers = [make_reviewer() for _ in range(3)]
    applications = [make_application() for _ in range(3)]
    client.force_login(superuser)

    response = client.post(
        reverse("admin:applications_application_changelist"),
        {
            "action": "assign_two_reviewers",
            "_selected_action": [a.pk for a in applications],
        },
    )

    assert response.status_code == 302
    assert Review.objects.count() == 6
    assert (
        sorted(Review.objects.filter(reviewer__in=reviewers).values_list("reviewer", flat=True)).count(reviewers[0].pk)
        == 2
    )


def test_release_action_on_calls(
    client, superuser, make_application, make_cohort, prepare, call, django_capture_on_commit_callbacks
):
    make_cohort(seats=1)
    prepare(make_application(status=Status.SHORTLISTED), Outcome.ACCEPTED)
    prepare(make_application(status=Status.SHORTLISTED), Outcome.REJECTED)
    client.force_login(superuser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:applications_call_changelist"),
            {
                "action": "release_decisions",
                "_selected_action": [call.pk],
                "apply": "1",  # the confirmation page sent back (tests/cohorts/test_decline_and_release_admin.py)
            },
        )

    assert response.status_code == 302
    assert Decision.objects.filter(released_at__isnull=True).count() == 0
    assert len(mail.outbox) == 2


def test_decision_admin_shows_missing_reasons_by_the_fields(client, superuser, make_application):
    application = make_application(status=Status.SHORTLISTED)
    client.force_login(superuser)

    response = client.post(
        reverse("admin:cohorts_decision_add"),
        {
            "application": application.pk,
            "outcome": Outcome.REJECTED,
            "reasons": "",
            "referral_partner": "",
        },
    )

    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) == {"reasons", "referral_partner"}
    assert not Decision.objects.exists()


def test_decision_admin_prepares_through_the_service(client, superuser, make_application):
    application = make_application(status=Status.SHORTLISTED)
    client.force_login(superuser)

    response = client.post(
        reverse("admin:cohorts_decision_add"),
        {
            "application": application.pk,
            "outcome": Outcome.WAITLISTED,
            "reasons": "",
            "referral_partner": "",
        },
    )

    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.outcome, decision.waitlist_rank, decision.decided_by) == (Outcome.WAITLISTED, 1, superuser)


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:cohorts_criterion_changelist",
        "admin:cohorts_review_changelist",
        "admin:cohorts_decision_changelist",
        "admin:cohorts_decision_add",
        "admin:cohorts_cohort_changelist",
        "admin:cohorts_membership_changelist",
        "admin:cohorts_impactreport_changelist",
        "admin:applications_call_changelist",
        "admin:applications_application_changelist",
    ],
)
def test_selection_admin_pages_open_for_a_manager(
    url_name, client, superuser, released_cohort, make_reviewer, submit_review, grid
):
    cohort, members, _ = released_cohort
    submit_review(members[0].application, make_reviewer(), [3, None, 2])
    client.force_login(superuser)

    assert client.get(reverse(url_name)).status_code == 200


def test_selection_admin_change_pages_open_for_a_manager(
    client, superuser, released_cohort, make_reviewer, submit_review, grid, call
):
    cohort, members, _ = released_cohort
    review = submit_review(members[0].application, make_reviewer(), [3, None, 2])
    client.force_login(superuser)

    for url in (
        _change_url("cohorts_review", review.pk),
        _change_url("cohorts_cohort", cohort.pk),
        _change_url("cohorts_membership", members[0].pk),
        _change_url("cohorts_decision", Decision.objects.first().pk),
        _change_url("applications_call", call.pk),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Sans objet" in client.get(_change_url("cohorts_review", review.pk)).content.decode()


def _two_scored_files(make_application, make_reviewer, submit_review):
    reviewer = make_reviewer()
    submit_review(make_application(project_name="Épicerie de l'Épeule"), reviewer, [4, 4, None])  # 4.0
    submit_review(make_application(project_name="Garage solidaire"), reviewer, [2, 3, 0])  # 2.0


def test_export_ranking_csv(client, superuser, make_application, make_reviewer, submit_review, call):
    _two_scored_files(make_application, make_reviewer, submit_review)
    client.force_login(superuser)

    response = client.post(
        reverse("admin:applications_call_changelist"),
        {"action": "export_ranking_csv", "_selected_action": [call.pk]},
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="classement-{call.slug}.csv"'
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines == [
        "Rang;Projet;Statut;Décision préparée;Évaluations;Note pondérée (0 à 4);Écart entre évaluateurs;"
        "Note normalisée (écart à la moyenne de chaque évaluateur)",
        "1;Épicerie de l'Épeule;En cours d'examen;;1;4,00;0,00;1,00",
        "2;Garage solidaire;En cours d'examen;;1;2,00;0,00;-1,00",
    ]


def test_export_ranking_xlsx(client, superuser, make_application, make_reviewer, submit_review, call):
    import io

    from openpyxl import load_workbook

    _two_scored_files(make_application, make_reviewer, submit_review)
    client.force_login(superuser)

    response = client.post(
        reverse("admin:applications_call_changelist"),
        {"action": "export_ranking_xlsx", "_selected_action": [call.pk]},
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[2]] == [1, "Épicerie de l'Épeule", "En cours d'examen", None, 1, 4.0, 0.0, 1.0]
    assert sheet.max_row == 3


def test_ranking_export_actions_are_not_offered_to_a_jury_member(client, jury_member, call):
    # The ranking itself has its own page (tests/cohorts/test_ranking_admin.py).
    jury_member.user_permissions.add(Permission.objects.get(codename="view_call"))
    client.force_login(jury_member)

    response = client.get(reverse("admin:applications_call_changelist"))
    page = response.content.decode()

    assert response.status_code == 200
    assert "export_ranking_csv" not in page
    assert "export_ranking_xlsx" not in page
