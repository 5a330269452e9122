"""The report as an XLSX workbook: a summary sheet (headline figures and notes), then one sheet per table, with
the same rows and the same masked cells ("< 5") as the printable page."""

import io
import re

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from roubaix_incubator.core.spreadsheets import spreadsheet_safe

from .tables import Content, Table

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HIGHLIGHT = PatternFill("solid", fgColor="FBE3D3")
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(title: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook (case-insensitive)."""
    base = FORBIDDEN.sub("-", title).strip()[:31] or "Tableau"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def _cell(sheet, value, font=None, fill=None):
    """Every cell of the workbook: text typed by applicants (project names, referral partners…) must never
    become a live formula."""
    if isinstance(value, Promise):
        value = str(value)
    cell = WriteOnlyCell(sheet, value=spreadsheet_safe(value))
    if font:
        cell.font = font
    if fill:
        cell.fill = fill
    return cell


def _row(sheet, values: list) -> list:
    return [_cell(sheet, value) for value in values]


def _table_sheet(workbook: Workbook, table: Table, taken: set[str]) -> None:
    sheet = workbook.create_sheet(_sheet_name(table.sheet or table.title, taken))
    sheet.column_dimensions["A"].width = 45
    for letter in "BCDEFGHIJK":
        sheet.column_dimensions[letter].width = 16
    sheet.append([_cell(sheet, table.title, TITLE)])
    if table.note:
        sheet.append(_row(sheet, [table.note]))
    if table.highlight_legend:
        sheet.append([_cell(sheet, _("Surligné : %(what)s") % {"what": table.highlight_legend}, fill=HIGHLIGHT)])
    sheet.append(_row(sheet, []))
    sheet.append([_cell(sheet, str(heading), BOLD) for heading in (table.label_heading, *table.columns)])
    for row in table.rows:
        fill = HIGHLIGHT if row.highlight else None
        sheet.append([_cell(sheet, row.label, fill=fill), *(_cell(sheet, value, fill=fill) for value in row.values)])
    if table.total is not None:
        sheet.append([_cell(sheet, value, BOLD) for value in (table.total.label, *table.total.values)])
    if table.is_empty:
        sheet.append(_row(sheet, [_("Aucune donnée pour cette période.")]))


def workbook_bytes(content: Content, *, parameters: list[tuple[str, str]] = ()) -> bytes:
    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    summary = workbook.create_sheet(_sheet_name(_("Synthèse"), taken))
    summary.column_dimensions["A"].width = 50
    summary.column_dimensions["B"].width = 20
    summary.column_dimensions["C"].width = 40
    summary.append([_cell(summary, content.title, TITLE)])
    if content.subtitle:
        summary.append(_row(summary, [content.subtitle]))
    for label, value in parameters:
        summary.append(_row(summary, [label, value]))
    for section in content.sections:
        summary.append(_row(summary, []))
        summary.append([_cell(summary, section.title, BOLD)])
        if section.empty_message:
            summary.append(_row(summary, [section.empty_message]))
        for figure in section.figures:
            summary.append(_row(summary, [figure.label, figure.value, figure.help]))
        for heading, items in section.lists:
            summary.append([_cell(summary, heading, BOLD)])
            for item in items:
                summary.append(_row(summary, [item]))
            if not items:
                summary.append(_row(summary, ["—"]))
        for note in section.notes:
            summary.append(_row(summary, [note]))
    if content.notes:
        summary.append(_row(summary, []))
        for note in content.notes:
            summary.append(_row(summary, [note]))
    for table in content.tables():
        _table_sheet(workbook, table, taken)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
