"""The workbook never turns text typed by applicants into a live formula."""

import io

from openpyxl import load_workbook

from roubaix_incubator.reports.exports import workbook_bytes
from roubaix_incubator.reports.tables import Content, Figure, Row, Section, Table

FORMULA = '=HYPERLINK("x")'


def test_workbook_project_names_typed_as_formulas_stay_text():
    table = Table("projets", "Suivi par projet", "Projet", ("Séances", "Statut"), (Row(FORMULA, (3, "-1+2")),))
    section = Section(
        "s",
        "Promotion",
        figures=(Figure("Projets", 1, "@SUM(A1)"),),
        tables=(table,),
        lists=(("Projets sans séance", (f"{FORMULA} — aucune séance",)),),
    )

    data = workbook_bytes(Content("Rapport", sections=(section,)), parameters=[("Demandé par", "+33 6 00")])

    workbook = load_workbook(io.BytesIO(data))
    rows = list(workbook["Suivi par projet"].iter_rows(values_only=True))
    assert rows[-1] == ("'" + FORMULA, 3, "'-1+2")
    summary = [cell for row in workbook["Synthèse"].iter_rows() for cell in row if cell.value is not None]
    texts = [cell.value for cell in summary]
    assert "'" + FORMULA + " — aucune séance" in texts
    assert "'@SUM(A1)" in texts
    assert "'+33 6 00" in texts
    assert all(cell.data_type != "f" for cell in summary)
    assert 1 in texts  # figures stay numbers
