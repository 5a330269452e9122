"""The ranking page of a call in the admin and its exports."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from applications.enums import Status
from cohorts.enums import Outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme_manager(make_user):
    """Staff of the programme as the demo sets them up: they read every review and the files, not superusers."""
    return make_user(
        full_name="Camille Lefebvre",
        staff=True,
        perms=(
            "applications.view_call",
            "applications.view_application",
            "cohorts.view_review",
            "cohorts.view_all_reviews",
        ),
    )


def _page_url(call, **params) -> str:
    url = reverse("admin:applications_call_ranking", args=[call.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def _export_url(call, file_format: str) -> str:
    return reverse("admin:applications_call_ranking_export", args=[call.pk, file_format])


@pytest.fixture
def three_files(make_application, make_reviewer, submit_review, prepare):
    """Two reviewers, three files: Épicerie 4.0 / 3.0, Garage 2.0 / 2.0 (+ a decision), Atelier not reviewed."""
    first, second = make_reviewer(), make_reviewer()
    epicerie = make_application(project_name="Épicerie de l'Épeule", status=Status.SHORTLISTED)
    garage = make_application(project_name="Garage solidaire", status=Status.SHORTLISTED)
    atelier = make_application(project_name="Atelier vélo")
    submit_review(epicerie, first, [4, 4, 4])
    submit_review(garage, first, [2, 2, 2])
    submit_review(epicerie, second, [3, 3, 3])
    submit_review(garage, second, [2, 2, 2])
    prepare(garage, Outcome.WAITLISTED)
    return epicerie, garage, atelier


def _names(response) -> list[str]:
    return [line["row"].project_name for line in response.context["lines"]]


def test_ranking_page_lists_the_files_best_first_with_status_decision_and_link(
    client, programme_manager, three_files, call
):
    epicerie, garage, atelier = three_files
    client.force_login(programme_manager)

    response = client.get(_page_url(call))

    assert response.status_code == 200
    assert _names(response) == ["Épicerie de l'Épeule", "Garage solidaire", "Atelier vélo"]
    garage_line = response.context["lines"][1]
    assert (garage_line["status"], garage_line["outcome"]) == ("Présélectionnée", "Sur liste d'attente")
    page = response.content.decode()
    assert reverse("admin:applications_application_change", args=[garage.pk]) in page
    assert _export_url(call, "xlsx") in page
    assert _export_url(call, "csv") in page


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("name", ["Atelier vélo", "Épicerie de l'Épeule", "Garage solidaire"]),
        ("-name", ["Garage solidaire", "Épicerie de l'Épeule", "Atelier vélo"]),
        ("weighted", ["Garage solidaire", "Épicerie de l'Épeule", "Atelier vélo"]),
        ("-weighted", ["Épicerie de l'Épeule", "Garage solidaire", "Atelier vélo"]),
        ("-spread", ["Épicerie de l'Épeule", "Garage solidaire", "Atelier vélo"]),
        ("spread", ["Garage solidaire", "Épicerie de l'Épeule", "Atelier vélo"]),
        ("-reviews", ["Épicerie de l'Épeule", "Garage solidaire", "Atelier vélo"]),
        ("normalised", ["Garage solidaire", "Épicerie de l'Épeule", "Atelier vélo"]),
        ("-rank", ["Garage solidaire", "Épicerie de l'Épeule", "Atelier vélo"]),
        # Anything else is ignored: the committee's rank.
        ("drop table", ["Épicerie de l'Épeule", "Garage solidaire", "Atelier vélo"]),
        ("__class__", ["Épicerie de l'Épeule", "Garage solidaire", "Atelier vélo"]),
    ],
)
def test_ranking_page_sorts_on_the_server(client, programme_manager, three_files, call, order, expected):
    client.force_login(programme_manager)

    response = client.get(_page_url(call), {"o": order})

    assert response.status_code == 200
    assert _names(response) == expected


def test_ranking_page_header_links_toggle_the_direction(client, programme_manager, three_files, call):
    client.force_login(programme_manager)

    headers = {h["key"]: h for h in client.get(_page_url(call), {"o": "-weighted"}).context["headers"] if h["key"]}

    assert (headers["weighted"]["sorted"], headers["weighted"]["url"]) == ("descending", "?o=weighted")
    assert (headers["name"]["sorted"], headers["name"]["url"]) == ("", "?o=name")
    assert headers["spread"]["url"] == "?o=-spread"


def test_ranking_page_flags_a_single_review_and_a_reviewer_with_one_file(
    client, programme_manager, make_application, make_reviewer, submit_review, call
):
    regular, newcomer = make_reviewer(), make_reviewer()
    both = make_application(project_name="Épicerie de l'Épeule")
    alone = make_application(project_name="Garage solidaire")
    submit_review(both, regular, [4, 4, 4])
    submit_review(alone, regular, [1, 1, 1])
    submit_review(both, newcomer, [3, 3, 3])
    client.force_login(programme_manager)

    lines = {line["row"].project_name: line["notes"] for line in client.get(_page_url(call)).context["lines"]}

    assert lines == {
        "Épicerie de l'Épeule": [
            "1 évaluateur·rice(s) n'a noté que ce dossier : sa note normalisée vaut 0 et ne dit rien de son avis."
        ],
        "Garage solidaire": ["Une seule évaluation : la note repose sur un avis."],
    }


def test_ranking_page_and_exports_are_forbidden_to_a_jury_member(client, jury_member, three_files, call):
    client.force_login(jury_member)

    assert client.get(_page_url(call)).status_code == 403
    assert client.get(_export_url(call, "csv")).status_code == 403
    assert client.get(_export_url(call, "xlsx")).status_code == 403


def test_ranking_page_of_an_unknown_call_or_format_is_a_404(client, programme_manager, call):
    client.force_login(programme_manager)

    assert client.get(reverse("admin:applications_call_ranking", args=[call.pk + 1000])).status_code == 404
    assert client.get(_export_url(call, "pdf")).status_code == 404


def test_call_page_links_to_the_ranking_for_managers_only(client, programme_manager, jury_member, call):
    from django.contrib.auth.models import Permission

    jury_member.user_permissions.add(Permission.objects.get(codename="view_call"))
    change_url = reverse("admin:applications_call_change", args=[call.pk])

    client.force_login(programme_manager)
    assert _page_url(call) in client.get(change_url).content.decode()
    assert _page_url(call) in client.get(reverse("admin:applications_call_changelist")).content.decode()
    client.force_login(jury_member)
    assert _page_url(call) not in client.get(change_url).content.decode()
    assert _page_url(call) not in client.get(reverse("admin:applications_call_changelist")).content.decode()


def test_ranking_exports_neutralise_formulas_typed_by_applicants(
    client, programme_manager, make_application, make_reviewer, submit_review, call
):
    submit_review(make_application(project_name='=HYPERLINK("http://x.example","clic")'), make_reviewer(), [3, 3, 3])
    client.force_login(programme_manager)

    csv_response = client.get(_export_url(call, "csv"))
    xlsx_response = client.get(_export_url(call, "xlsx"))

    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][1] == '\'=HYPERLINK("http://x.example","clic")'
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    assert sheet["B2"].value == '\'=HYPERLINK("http://x.example","clic")'
    assert sheet["B2"].data_type == "s"
    assert csv_response["Content-Disposition"] == f'attachment; filename="classement-{call.slug}.csv"'


def _files(count, make_application, make_reviewer, submit_review, prepare):
    reviewers = [make_reviewer(), make_reviewer()]
    for n in range(count):
        application = make_application(project_name=f"Projet {n:02d}", status=Status.SHORTLISTED)
        for reviewer in reviewers:
            submit_review(application, reviewer, [n % 5, 2, None])
        prepare(application, Outcome.WAITLISTED)


@pytest.mark.parametrize("target", ["page", "csv", "xlsx"])
@pytest.mark.parametrize("count", [1, 20])
def test_ranking_page_and_exports_query_count_is_fixed(
    client,
    programme_manager,
    make_application,
    make_reviewer,
    submit_review,
    prepare,
    call,
    count,
    target,
    django_assert_num_queries,
):
    _files(count, make_application, make_reviewer, submit_review, prepare)
    client.force_login(programme_manager)
    url, params = (_page_url(call), {"o": "-spread"}) if target == "page" else (_export_url(call, target), {})

    # 7 queries whatever the number of files, on the page and in both exports: session, user, the user's
    # permissions and their groups' (the permission checks), the call, the files with their decisions, every
    # score of the call's reviews.
    with django_assert_num_queries(7):
        response = client.get(url, params)
    assert response.status_code == 200
    if target == "page":
        assert len(response.context["lines"]) == count
