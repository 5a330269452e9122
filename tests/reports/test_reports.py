"""Reports: requested in the admin, built once by a Celery task into an XLSX workbook and a printable page, the
requester told by e-mail; failures recorded and retried; the funders' report masked and kept to those allowed."""

import io
from datetime import date, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from roubaix_incubator.reports import services
from roubaix_incubator.reports.enums import ReportKind, ReportStatus
from roubaix_incubator.reports.exports import workbook_bytes
from roubaix_incubator.reports.models import Report
from roubaix_incubator.reports.tables import SECRET, SMALL, Content, Row, Section, Table, mask_small_groups

pytestmark = pytest.mark.django_db

MANAGER_PERMISSIONS = ("reports.add_report", "reports.view_report", "reports.view_dashboard")


@pytest.fixture
def manager(staff_with):
    return staff_with(*MANAGER_PERMISSIONS)


@pytest.fixture
def funders_manager(staff_with):
    return staff_with(*MANAGER_PERMISSIONS, "applications.view_holder_profile")


def request_and_build(capture, *, kind, parameters, by) -> Report:
    with capture(execute=True):
        report = services.report_request(kind=kind, parameters=parameters, requested_by=by)
    report.refresh_from_db()
    return report


def sheet_rows(report: Report, title_start: str) -> list[tuple]:
    workbook = load_workbook(report.file.open("rb"))
    [name] = [name for name in workbook.sheetnames if name.startswith(title_start)]
    return [tuple(cell for cell in row) for row in workbook[name].iter_rows(values_only=True)]


def table_rows(rows: list[tuple], heading: str) -> dict[str, tuple]:
    """The rows after the heading row, by label."""
    start = next(i for i, row in enumerate(rows) if row and row[0] == heading)
    return {row[0]: row[1:] for row in rows[start + 1 :] if row and row[0]}


# Building


def test_call_report_is_built_into_a_workbook_and_a_printable_page(world, manager, django_capture_on_commit_callbacks):
    report = request_and_build(
        django_capture_on_commit_callbacks, kind=ReportKind.CALL, parameters={"call_id": world.call.pk}, by=manager
    )

    assert report.status == ReportStatus.READY
    assert (report.attempts, report.error) == (1, "")
    assert report.title == "Rapport de programme — Appel 2026"
    workbook = load_workbook(report.file.open("rb"))
    assert workbook.sheetnames == [
        "Synthèse",
        "Entonnoir de sélection",
        "Candidatures par quartier",
        "Avancement",
        "Structure juridique",
        "Emplois prévus",
        "Évaluations du jury",
        "Orientations",
    ]
    funnel = table_rows(sheet_rows(report, "Entonnoir"), "Statut")
    assert funnel["Brouillon"] == (3,) and funnel["Soumise"] == (2,) and funnel["Retirée"] == (1,)
    places = table_rows(sheet_rows(report, "Candidatures par quartier"), "Quartier")
    assert places["Alma (QPV)"] == (4,) and places["Centre-ville"] == (3,) and places["Quartier non précisé"] == (1,)
    stages = table_rows(sheet_rows(report, "Avancement"), "Avancement")
    assert stages == {
        "Idée": (2,),
        "Émergence": (4,),
        "Développement": (2,),
        "Changement d'échelle": (0,),
        "Non précisé": (1,),
    }
    jobs = table_rows(sheet_rows(report, "Emplois prévus"), "Horizon")
    assert jobs["À 12 mois"] == (18, 9)
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img"' in report.html
    assert '<th scope="row">Alma (QPV)</th><td class="num">4</td>' in report.html


def test_ready_email_links_to_the_page_and_the_workbook(world, manager, django_capture_on_commit_callbacks):
    report = request_and_build(
        django_capture_on_commit_callbacks, kind=ReportKind.CALL, parameters={"call_id": world.call.pk}, by=manager
    )

    [message] = mail.outbox
    assert message.to == [manager.email]
    assert message.subject == "Votre rapport est prêt : Rapport de programme — Appel 2026"
    assert f"/admin/reports/report/{report.pk}/page/" in message.body
    assert f"/admin/reports/report/{report.pk}/telecharger/" in message.body


def test_cohort_report_follows_each_project(world, manager, django_capture_on_commit_callbacks):
    report = request_and_build(
        django_capture_on_commit_callbacks,
        kind=ReportKind.COHORT,
        parameters={"cohort_id": world.cohort.pk},
        by=manager,
    )

    projects = table_rows(sheet_rows(report, "Suivi par projet"), "Projet")
    assert projects["Projet A"][:3] == ("En cours", 2, 2.5)
    assert projects["Projet A"][4:] == (1, 2, 1, 30, 5000)
    assert projects["Projet B"][:3] == ("En cours", 1, 2.0)
    assert projects["Projet C"][:3] == ("En cours", 0, 0)
    assert projects["Projet D"][0] == "Parti·e"
    quarters = table_rows(sheet_rows(report, "Impact par trimestre"), "Trimestre")
    assert quarters == {"T1 2026": (2, 3, 1, 40, 6000)}


def test_events_report_covers_the_period(world, manager, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    report = request_and_build(
        django_capture_on_commit_callbacks,
        kind=ReportKind.EVENTS,
        by=manager,
        parameters={"start": (today - timedelta(days=30)).isoformat(), "end": today.isoformat()},
    )

    events = table_rows(sheet_rows(report, "Événements de la période"), "Événement")
    assert list(events) == ["Cafelabo Alma"]  # the upcoming talk and the old workshop are outside the period
    assert events["Cafelabo Alma"][3:] == (30, 4, 1, 1, 2, "50 %")
    actors = table_rows(sheet_rows(report, "Participants par type"), "Vient en tant que")
    assert actors["Habitant·e"] == (2, 1)


def test_funders_report_shows_groups_under_five_as_less_than_five(
    world, funders_manager, django_capture_on_commit_callbacks
):
    report = request_and_build(
        django_capture_on_commit_callbacks,
        kind=ReportKind.FUNDERS,
        parameters={"call_id": world.call.pk},
        by=funders_manager,
    )

    gender = table_rows(sheet_rows(report, "Genre"), "Genre")
    # Sent: 6 women (2 accepted), 2 men, 1 unanswered. Columns: accepted | the other sent files.
    # Accepted [2, 0, 0, 0, 0]: a lone group of 2, nothing can hide it → the whole column is "secret".
    # Others [4, 2, 0, 0, 1]: three groups under 5 summing to 7, between 3 and 12 → "< 5", zeros stay 0.
    assert gender == {
        "Femme": (SECRET, SMALL),
        "Homme": (SECRET, SMALL),
        "Autre": (SECRET, 0),
        "Je préfère ne pas répondre": (SECRET, 0),
        "Non renseigné": (SECRET, SMALL),
        "Total": (2, 7),
    }
    residence = table_rows(sheet_rows(report, "Résidence en QPV"), "Habite un QPV")
    # Accepted [1, 1, 0, 0]: two groups of 1 summing to 2 = their lowest → the whole column is "secret".
    assert residence["Oui"] == (SECRET, SMALL)
    assert residence["Total"] == (2, 7)
    assert '<th scope="row">Homme</th><td class="num">secret</td><td class="num">&lt; 5</td>' in report.html
    assert ">2<" not in report.html.split("Porteurs et porteuses par genre")[1].split("<tfoot")[0]


def test_funders_report_needs_one_call(world, funders_manager):
    # A report over every call minus a report over one call would give the other calls' small groups away.
    with pytest.raises(ValidationError) as error:
        services.report_request(kind=ReportKind.FUNDERS, parameters={}, requested_by=funders_manager)

    assert error.value.message_dict == {"call": ["Choisissez l'appel à candidatures."]}
    assert Report.objects.count() == 0


def test_small_groups_hide_a_lone_small_cell_with_the_largest():
    table = Table(
        "t",
        "T",
        "Genre",
        ("Personnes",),
        (Row("Femmes", (12,)), Row("Hommes", (9,)), Row("Autre", (3,))),
        total=Row("Total", (24,)),
    )

    masked = mask_small_groups(table)

    # 24 − 9 = 15 = the 3 and the 12, a "secret" cell being at least 9: the 3 can be 1 to 4 (with 11 to 14).
    assert [row.values for row in masked.rows] == [(SECRET,), (9,), (SMALL,)]
    assert masked.total.values == (24,)


def test_small_groups_leave_big_groups_zeros_and_labels_alone():
    table = Table("t", "T", "Âge", ("A", "B"), (Row("Jeunes", (5, 2)), Row("Aînés", (7, 3)), Row("Autres", (0, 0))))

    masked = mask_small_groups(table)

    # Column B: 2 and 3 sum to 5, between 2 and 8: each can still be 1 to 4.
    assert [row.values for row in masked.rows] == [(5, SMALL), (7, SMALL), (0, 0)]


# Run twice, failures, retries


def test_a_build_run_twice_produces_one_report(world, manager, django_capture_on_commit_callbacks):
    report = request_and_build(
        django_capture_on_commit_callbacks, kind=ReportKind.CALL, parameters={"call_id": world.call.pk}, by=manager
    )
    first_file = report.file.name

    with django_capture_on_commit_callbacks(execute=True):
        assert services.report_build(report_id=report.pk) is False

    report.refresh_from_db()
    assert (report.status, report.attempts, report.file.name) == (ReportStatus.READY, 1, first_file)
    assert Report.objects.count() == 1
    assert len(report.file.storage.listdir(f"reports/{report.pk}")[1]) == 1
    assert len(mail.outbox) == 1
    assert services.report_send_ready_email(report_id=report.pk) is False


def test_a_build_claimed_by_another_run_is_left_to_it(world, manager):
    report = Report.objects.create(
        kind=ReportKind.CALL,
        parameters={"call_id": world.call.pk},
        requested_by=manager,
        status=ReportStatus.BUILDING,
        started_at=timezone.now(),
    )

    assert services.report_build(report_id=report.pk) is False
    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.BUILDING, 0)


def test_a_failing_build_records_its_reason(world, manager, django_capture_on_commit_callbacks):
    with mock.patch("roubaix_incubator.reports.content.call_report", side_effect=RuntimeError("disque plein")):
        report = request_and_build(
            django_capture_on_commit_callbacks, kind=ReportKind.CALL, parameters={"call_id": world.call.pk}, by=manager
        )

    assert report.status == ReportStatus.FAILED
    # The reason staff read is in the requester's language (French here); the exception's own text stays in the log.
    assert report.error == "erreur inattendue pendant la construction (détails dans le journal du serveur)"
    assert not report.file
    [message] = mail.outbox
    assert message.to == [manager.email]
    assert message.subject == (
        "Votre rapport n'a pas pu être construit : Rapport de programme d'un appel à candidatures"
    )
    assert "Raison : erreur inattendue pendant la construction" in message.body
    assert "/admin/reports/report/" in message.body


def test_a_failing_build_records_its_reason_and_writes_in_the_requesters_language(
    world, manager, django_capture_on_commit_callbacks
):
    manager.preferred_language = "en"
    manager.save(update_fields=["preferred_language"])
    with mock.patch("roubaix_incubator.reports.content.call_report", side_effect=RuntimeError("disque plein")):
        report = request_and_build(
            django_capture_on_commit_callbacks, kind=ReportKind.CALL, parameters={"call_id": world.call.pk}, by=manager
        )

    assert (report.status, report.language) == (ReportStatus.FAILED, "en")
    assert report.error == "unexpected error during the build (details in the server log)"
    [message] = mail.outbox
    assert message.subject.startswith("Your report could not be built: ")
    assert "Reason: unexpected error during the build (details in the server log)" in message.body
    assert "erreur" not in message.body
    assert "Reason: unexpected error during the build" in message.alternatives[0][0]


def test_a_report_on_a_call_deleted_since_gives_its_reason_in_english(world, manager):
    report = Report.objects.create(
        kind=ReportKind.CALL, parameters={"call_id": 999_999}, requested_by=manager, language="en"
    )

    assert services.report_build(report_id=report.pk) is False

    report.refresh_from_db()
    assert report.error == "Call for applications no. 999999 no longer exists."


def test_a_report_on_a_call_deleted_since_fails_with_a_clear_reason(world, manager):
    report = Report.objects.create(kind=ReportKind.CALL, parameters={"call_id": 999_999}, requested_by=manager)

    assert services.report_build(report_id=report.pk) is False

    report.refresh_from_db()
    assert report.error == "L'appel à candidatures n° 999999 n'existe plus."


def test_a_failed_report_is_retried_from_the_admin(world, manager, client, django_capture_on_commit_callbacks):
    report = Report.objects.create(
        kind=ReportKind.CALL,
        parameters={"call_id": world.call.pk},
        requested_by=manager,
        status=ReportStatus.FAILED,
        error="ConnectionError",
        attempts=1,
    )
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/reports/report/", {"action": "retry", "_selected_action": [report.pk]})

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.attempts, report.error) == (ReportStatus.READY, 2, "")
    assert len(mail.outbox) == 1


def test_only_failed_or_stuck_reports_can_be_retried(world, manager):
    ready = Report.objects.create(kind=ReportKind.CALL, requested_by=manager, status=ReportStatus.READY)
    building = Report.objects.create(
        kind=ReportKind.CALL,
        requested_by=manager,
        status=ReportStatus.BUILDING,
        started_at=timezone.now() - timedelta(minutes=5),
    )
    stuck = Report.objects.create(
        kind=ReportKind.CALL,
        requested_by=manager,
        status=ReportStatus.BUILDING,
        started_at=timezone.now() - timedelta(hours=2),
    )

    assert services.report_retry(report=ready) is False
    assert services.report_retry(report=building) is False
    assert services.report_retry(report=stuck) is True


def test_lost_requests_are_queued_again_by_beat(world, manager):
    lost = Report.objects.create(
        kind=ReportKind.CALL,
        parameters={"call_id": world.call.pk},
        requested_by=manager,
        requested_at=timezone.now() - timedelta(minutes=20),
    )
    Report.objects.create(kind=ReportKind.CALL, parameters={"call_id": world.call.pk}, requested_by=manager)

    assert services.reports_queue_lost() == 1

    lost.refresh_from_db()
    assert lost.status == ReportStatus.READY


# Requesting in the admin


def test_staff_request_a_report_in_the_admin(world, manager, client, django_capture_on_commit_callbacks):
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/reports/report/add/", {"kind": ReportKind.CALL, "call": world.call.pk})

    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.kind, report.parameters, report.requested_by) == (
        ReportKind.CALL,
        {"call_id": world.call.pk},
        manager,
    )
    assert report.status == ReportStatus.READY
    assert len(mail.outbox) == 1


def test_the_request_form_checks_the_parameters(world, manager, client):
    client.force_login(manager)

    response = client.post(
        "/admin/reports/report/add/", {"kind": ReportKind.EVENTS, "start": "2026-03-01", "end": "2026-02-01"}
    )

    assert response.status_code == 200
    assert "La fin de la période doit suivre son début." in response.content.decode()
    assert not Report.objects.exists()


def test_the_funders_report_is_not_offered_without_the_holder_profile_permission(world, manager, client):
    client.force_login(manager)

    form = client.get("/admin/reports/report/add/").content.decode()
    response = client.post("/admin/reports/report/add/", {"kind": ReportKind.FUNDERS})

    assert 'value="funders"' not in form
    assert response.status_code == 200
    assert not Report.objects.exists()
    with pytest.raises(PermissionDenied):
        services.report_request(kind=ReportKind.FUNDERS, parameters={}, requested_by=manager)


def test_a_funders_report_whose_requester_lost_the_permission_fails(world, funders_manager, manager):
    report = Report.objects.create(kind=ReportKind.FUNDERS, parameters={"call_id": world.call.pk}, requested_by=manager)

    services.report_build(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "habilitée à voir le profil des porteurs" in report.error


# Reading a built report


@pytest.fixture
def built(world, funders_manager, django_capture_on_commit_callbacks):
    def build(kind, parameters):
        return request_and_build(
            django_capture_on_commit_callbacks, kind=kind, parameters=parameters, by=funders_manager
        )

    return build


def test_the_page_and_the_workbook_are_served_to_staff_allowed(built, world, manager, client):
    report = built(ReportKind.CALL, {"call_id": world.call.pk})
    client.force_login(manager)

    page = client.get(f"/admin/reports/report/{report.pk}/page/")
    download = client.get(f"/admin/reports/report/{report.pk}/telecharger/")

    assert page.status_code == 200
    assert "Rapport de programme — Appel 2026" in page.content.decode()
    assert download.status_code == 200
    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "no-store" in download["Cache-Control"]
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_a_funders_report_is_a_404_without_the_holder_profile_permission(built, world, manager, client):
    report = built(ReportKind.FUNDERS, {"call_id": world.call.pk})
    client.force_login(manager)

    assert client.get(f"/admin/reports/report/{report.pk}/page/").status_code == 404
    assert client.get(f"/admin/reports/report/{report.pk}/telecharger/").status_code == 404
    assert client.get("/admin/reports/report/").context["cl"].result_count == 0


def test_reports_are_a_404_for_staff_without_the_view_permission(built, world, staff_with, client):
    report = built(ReportKind.CALL, {"call_id": world.call.pk})
    client.force_login(staff_with("reports.view_dashboard"))

    assert client.get(f"/admin/reports/report/{report.pk}/page/").status_code == 404
    assert client.get(f"/admin/reports/report/{report.pk}/telecharger/").status_code == 404


def test_a_report_not_built_yet_is_a_404(world, manager, client):
    report = Report.objects.create(kind=ReportKind.CALL, parameters={"call_id": world.call.pk}, requested_by=manager)
    client.force_login(manager)

    assert client.get(f"/admin/reports/report/{report.pk}/page/").status_code == 404


def test_deleting_a_report_deletes_its_workbook(built, world, funders_manager, django_capture_on_commit_callbacks):
    report = built(ReportKind.CALL, {"call_id": world.call.pk})
    storage, name = report.file.storage, report.file.name

    with django_capture_on_commit_callbacks(execute=True):
        services.report_delete(report=report)

    assert not storage.exists(name)


def test_report_parameters_are_normalised():
    assert services.report_parameters_clean(
        kind=ReportKind.EVENTS, parameters={"start": date(2026, 1, 1), "end": "2026-03-31"}, user=None
    ) == {"start": "2026-01-01", "end": "2026-03-31"}


# The admin's pages


def test_admin_lists_reports_with_their_links_and_shows_one(built, world, manager, client):
    report = built(ReportKind.CALL, {"call_id": world.call.pk})
    client.force_login(manager)

    changelist = client.get("/admin/reports/report/").content.decode()
    detail = client.get(f"/admin/reports/report/{report.pk}/change/")

    assert f"/admin/reports/report/{report.pk}/page/" in changelist
    assert "/admin/reports/report/tableau-de-bord/" in changelist
    assert detail.status_code == 200
    assert "Appel « Appel 2026 »" in detail.content.decode()


def test_admin_request_form_offers_the_parameters(manager, client, db):
    client.force_login(manager)

    html = client.get("/admin/reports/report/add/").content.decode()

    for name in ("kind", "call", "cohort", "start", "end"):
        assert f'name="{name}"' in html


def test_masked_cells_are_written_as_text_in_the_workbook():
    table = mask_small_groups(
        Table("t", "Genre", "Genre", ("Personnes",), (Row("Femmes", (12,)), Row("Hommes", (9,)), Row("Autre", (3,))))
    )
    data = workbook_bytes(Content("Rapport", sections=(Section("s", "Section", tables=(table,)),)))

    rows = list(load_workbook(io.BytesIO(data))["Genre"].iter_rows(values_only=True))
    assert rows[-3:] == [("Femmes", "secret"), ("Hommes", 9), ("Autre", "< 5")]
