"""Export cells never become formulas."""

import datetime
from decimal import Decimal

import pytest

from roubaix_incubator.core.spreadsheets import spreadsheet_safe


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x.example","clic")', '\'=HYPERLINK("http://x.example","clic")'),
        ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("La Cantine des Trois-Ponts", "La Cantine des Trois-Ponts"),
        ("", ""),
    ],
)
def test_spreadsheet_safe_quotes_texts_read_as_formulas(value, expected):
    assert spreadsheet_safe(value) == expected


@pytest.mark.parametrize("value", [None, 0, -3, 2.5, Decimal("-1.25"), datetime.date(2026, 11, 30)])
def test_spreadsheet_safe_leaves_figures_and_dates_alone(value):
    assert spreadsheet_safe(value) is value
