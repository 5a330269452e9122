"""An event's registrations as a spreadsheet (XLSX) or a CSV file for Excel in French (semicolons, BOM), for staff.

One row per registration, cancelled ones included, then one column per extra question. Participants type their
name, organisation, needs and answers themselves: every text cell goes through spreadsheet_safe (formula
injection). An anonymised registration keeps its status, kind of actor and neighbourhood, nothing that names."""

import csv
import io
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from roubaix_incubator.core.spreadsheets import spreadsheet_safe

from .enums import ActorKind, RegistrationStatus
from .models import Event, Registration
from .selectors import RegistrationExport, event_registrations_for_export

CHECKED_IN_COLUMN = 9  # "Arrivée", 1-based as in the spreadsheet


def _headers(export: RegistrationExport) -> list[str]:
    return [
        _("Prénom et nom"),
        _("Adresse e-mail"),
        _("Structure"),
        _("Vient en tant que"),
        _("Quartier"),
        _("Statut"),
        _("Rang sur la liste d'attente"),
        _("Table"),
        _("Arrivée"),
        _("Besoins d'accessibilité"),
        *(question.label for question in export.questions),
    ]


def _values(registration: Registration, export: RegistrationExport) -> list:
    anonymised = registration.anonymised_at is not None
    answers = {} if anonymised else (registration.answers or {})
    checked_in_at = registration.checked_in_at
    values = [
        "" if anonymised else registration.full_name,
        "" if anonymised else registration.email,
        "" if anonymised else registration.organisation,
        str(ActorKind(registration.actor_kind).label) if registration.actor_kind else "",
        registration.neighbourhood.name if registration.neighbourhood else "",
        str(RegistrationStatus(registration.status).label),
        registration.waitlist_position,
        registration.table.name if registration.table else "",
        timezone.localtime(checked_in_at).replace(tzinfo=None) if checked_in_at else None,
        "" if anonymised else registration.accessibility_needs,
        *(question.display_answer(answers.get(question.answer_key, "")) for question in export.questions),
    ]
    return [spreadsheet_safe(value) for value in values]


def _filename(event: Event, extension: str) -> str:
    return f"inscrits-{event.slug}.{extension}"


def registrations_csv(*, event: Event) -> bytes:
    export = event_registrations_for_export(event=event)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([spreadsheet_safe(header) for header in _headers(export)])
    for registration in export.registrations:
        writer.writerow(
            [
                "" if value is None else value.strftime("%d/%m/%Y %H:%M") if isinstance(value, datetime) else value
                for value in _values(registration, export)
            ]
        )
    # The byte order mark makes Excel read the accents right.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def registrations_xlsx(*, event: Event) -> bytes:
    export = event_registrations_for_export(event=event)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Inscrits")[:31]
    sheet.append([spreadsheet_safe(header) for header in _headers(export)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for registration in export.registrations:
        sheet.append(_values(registration, export))
    for row in sheet.iter_rows(min_row=2, min_col=CHECKED_IN_COLUMN, max_col=CHECKED_IN_COLUMN):
        for cell in row:
            cell.number_format = "DD/MM/YYYY HH:MM"
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 30
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


EXPORTS = {
    "xlsx": (registrations_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": (registrations_csv, "text/csv; charset=utf-8"),
}


def registrations_file(*, event: Event, file_format: str) -> tuple[bytes, str, str]:
    """The file's content, its content type and its name."""
    build, content_type = EXPORTS[file_format]
    return build(event=event), content_type, _filename(event, file_format)
