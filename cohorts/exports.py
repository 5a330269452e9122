"""The ranking of a call as a spreadsheet (XLSX) or a CSV file for Excel in French (semicolons, decimal commas)."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from applications.enums import Status
from applications.models import Call
from roubaix_incubator.core.spreadsheets import spreadsheet_safe

from .enums import Outcome
from .selectors import RankingRow, call_ranking


def _headers() -> list[str]:
    return [
        _("Rang"),
        _("Projet"),
        _("Statut"),
        _("Décision préparée"),
        _("Évaluations"),
        _("Note pondérée (0 à 4)"),
        _("Écart entre évaluateurs"),
        _("Note normalisée (écart à la moyenne de chaque évaluateur)"),
    ]


def _values(row: RankingRow) -> list:
    # Project names are typed by applicants: every text cell goes through spreadsheet_safe (formula injection).
    return [
        row.rank,
        spreadsheet_safe(row.project_name),
        spreadsheet_safe(str(Status(row.status).label)),
        spreadsheet_safe(str(Outcome(row.decision_outcome).label) if row.decision_outcome else ""),
        row.review_count,
        row.weighted_score,
        row.spread,
        row.normalised_score,
    ]


def ranking_csv(*, call: Call) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([spreadsheet_safe(h) for h in _headers()])
    for row in call_ranking(call=call):
        writer.writerow(
            [
                "" if value is None else f"{value:.2f}".replace(".", ",") if isinstance(value, float) else value
                for value in _values(row)
            ]
        )
    # The byte order mark makes Excel read the accents right.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def ranking_xlsx(*, call: Call) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Classement")[:31]
    sheet.append([spreadsheet_safe(h) for h in _headers()])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in call_ranking(call=call):
        sheet.append(_values(row))
    for column in ("F", "G", "H"):
        for cell in sheet[column][1:]:
            cell.number_format = "0.00"
    sheet.column_dimensions["B"].width = 40
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
