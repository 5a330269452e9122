"""Cells written to XLSX and CSV exports.

Applicants and participants type project names, organisations and contributions themselves. Written as-is, a
text such as ``=HYPERLINK("http://…")`` becomes a live formula when staff open the file in Excel or
LibreOffice (CSV/formula injection, OWASP). Every text cell of an export goes through ``spreadsheet_safe``.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(value):
    """The value itself, or, for a text a spreadsheet would read as a formula, the same text behind a quote.

    Numbers, dates and empty values pass through unchanged, so figures stay figures.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
