"""The export of an event's registrations (admin actions on Event, CSV and XLSX): exact content, formula-like
text made harmless, anonymised rows, a query budget, and staff only."""

import io
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import load_workbook

from events.enums import ActorKind, QuestionKind, RegistrationStatus

from .factories import EventFactory, EventQuestionFactory, RegistrationFactory, TableFactory

HEADERS = [
    "Prénom et nom",
    "Adresse e-mail",
    "Structure",
    "Vient en tant que",
    "Quartier",
    "Statut",
    "Rang sur la liste d'attente",
    "Table",
    "Arrivée",
    "Besoins d'accessibilité",
    "Quel est votre projet ?",
    "Avez-vous besoin d'une garde d'enfants ?",
]


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser(email="equipe@ville-roubaix.test", password="x"))
    return client


@pytest.fixture
def questions(event):
    return [
        EventQuestionFactory(event=event, label="Quel est votre projet ?", order=1),
        EventQuestionFactory(event=event, label="Avez-vous besoin d'une garde d'enfants ?", kind=QuestionKind.YES_NO,
                             order=2),
    ]


@pytest.fixture
def samia(event, alma, questions):
    return RegistrationFactory(
        event=event,
        full_name="Samia Benali",
        email="samia.benali@example.org",
        organisation="Association Alma Cité",
        actor_kind=ActorKind.ASSOCIATIVE,
        neighbourhood=alma,
        table=TableFactory(event=event, name="Table 1"),
        checked_in_at=datetime(2026, 3, 7, 13, 5, tzinfo=UTC),  # 14:05 in Roubaix
        accessibility_needs="Fauteuil roulant",
        # Typed by the participant: a spreadsheet would run it as a formula.
        answers={str(questions[0].pk): "=HYPERLINK(\"http://x.test\";\"clic\")", str(questions[1].pk): "yes"},
    )


def export(client, event, file_format: str):
    return client.post(
        reverse("admin:events_event_changelist"),
        {"action": f"export_registrations_{file_format}", "_selected_action": [str(event.pk)]},
    )


def test_export_csv_headers_and_row(superuser_client, event, samia):
    response = export(superuser_client, event, "csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="inscrits-{event.slug}.csv"'
    assert response.content.startswith("\ufeff".encode())
    assert response.content.decode("utf-8-sig").splitlines() == [
        ";".join(HEADERS),
        "Samia Benali;samia.benali@example.org;Association Alma Cité;Association;Alma;Inscription confirmée;;"
        "Table 1;07/03/2026 14:05;Fauteuil roulant;\"'=HYPERLINK(\"\"http://x.test\"\";\"\"clic\"\")\";Oui",
    ]


def test_export_xlsx_headers_and_row(superuser_client, event, samia):
    response = export(superuser_client, event, "xlsx")

    assert response["Content-Disposition"] == f'attachment; filename="inscrits-{event.slug}.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert [cell.value for cell in sheet[2]] == [
        "Samia Benali",
        "samia.benali@example.org",
        "Association Alma Cité",
        "Association",
        "Alma",
        "Inscription confirmée",
        None,
        "Table 1",
        datetime(2026, 3, 7, 14, 5),
        "Fauteuil roulant",
        "'=HYPERLINK(\"http://x.test\";\"clic\")",
        "Oui",
    ]
    assert sheet["K2"].data_type == "s"  # text, not a formula
    assert sheet.max_row == 2


def test_export_anonymised_and_waitlisted_rows(superuser_client, event, epeule, questions):
    RegistrationFactory(
        event=event,
        full_name="",
        email="",
        organisation="",
        actor_kind=ActorKind.RESIDENT,
        neighbourhood=epeule,
        status=RegistrationStatus.CANCELLED,
        answers={str(questions[0].pk): "effacée"},  # the export shows nothing that names, whatever is left
        anonymised_at=datetime(2026, 4, 1, tzinfo=UTC),
    )
    RegistrationFactory(
        event=event, full_name="=Karim", email="karim@example.org", organisation="@Collectif",
        actor_kind=ActorKind.RESIDENT, status=RegistrationStatus.WAITLISTED, waitlist_position=1,
    )

    lines = export(superuser_client, event, "csv").content.decode("utf-8-sig").splitlines()

    assert lines[1:] == [
        ";;;Habitant·e;Épeule;Annulée;;;;;;",
        "'=Karim;karim@example.org;'@Collectif;Habitant·e;;Sur liste d'attente;1;;;;;",
    ]


@pytest.mark.parametrize("count", [1, 30])
def test_export_query_budget(superuser_client, event, alma, questions, count, django_assert_num_queries):
    tables = [TableFactory(event=event, name=f"Table {n}") for n in range(3)]
    for n in range(count):
        RegistrationFactory(event=event, neighbourhood=alma, table=tables[n % 3],
                            answers={str(questions[1].pk): "no"})
    # 9 queries, none per registration or question: the session and the user (a superuser: no permission query);
    # the admin's change list, built before any action runs: the neighbourhoods of its filter, the events counted
    # twice (the filtered and the full count), the neighbourhoods again when the list hands the action its
    # queryset; then the action: the selected events (two at most, to refuse several), the event's questions, and
    # the registrations with their neighbourhood and table joined.
    with django_assert_num_queries(9):
        response = export(superuser_client, event, "xlsx")
    assert load_workbook(io.BytesIO(response.content)).active.max_row == count + 1


def test_export_of_several_events_is_refused_with_a_message(superuser_client, event):
    other = EventFactory()
    response = superuser_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "export_registrations_csv", "_selected_action": [str(event.pk), str(other.pk)]},
        follow=True,
    )
    assert "Content-Disposition" not in response
    assert [m.message for m in response.context["messages"]] == ["Choisissez un seul événement à exporter."]


def test_export_sends_anonymous_visitors_and_non_staff_to_the_login(client, event, samia, member_user):
    assert export(client, event, "csv")["Location"].startswith(reverse("admin:login"))
    client.force_login(member_user)
    response = export(client, event, "csv")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_export_is_not_offered_to_staff_who_may_not_read_registrations(client, event, samia, django_user_model):
    staff = django_user_model.objects.create_user(email="com@ville-roubaix.test", password="x", is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="events", codename__in=["view_event", "change_event"])
    )
    client.force_login(staff)

    page = client.get(reverse("admin:events_event_changelist")).content.decode()
    response = export(client, event, "csv")

    assert "export_registrations" not in page
    assert "Content-Disposition" not in response
    assert response.status_code == 302  # back to the list: no such action for them
