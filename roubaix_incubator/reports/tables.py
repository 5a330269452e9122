"""What a dashboard or a report is made of, whatever it is drawn with (HTML page, SVG chart, XLSX sheet): sections
of headline figures and tables. The figures come from the selectors; nothing here reads the database."""

from dataclasses import dataclass, field, replace
from numbers import Number

from django.utils.translation import gettext_lazy as _

from .enums import SMALL_GROUP

SMALL = "< 5"
# A cell hidden so that a small group cannot be worked out by subtraction from the total (secondary secrecy).
SECRET = _("secret")


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple
    highlight: bool = False  # e.g. a priority neighbourhood (QPV)


@dataclass(frozen=True)
class Table:
    slug: str  # the sheet's name in the workbook, the anchor on the page
    title: str
    label_heading: str
    columns: tuple  # the headings of the value columns
    rows: tuple[Row, ...]
    chart_column: int | None = 0  # the value column the bar chart draws; None: no chart
    total: Row | None = None
    note: str = ""
    highlight_legend: str = ""  # what a highlighted row means
    sheet: str = ""  # the workbook sheet's name (31 characters at most), the title when empty

    @property
    def is_empty(self) -> bool:
        return not self.rows

    def chart_rows(self) -> list[tuple[str, object, bool]]:
        if self.chart_column is None:
            return []
        return [(row.label, row.values[self.chart_column], row.highlight) for row in self.rows]


@dataclass(frozen=True)
class Figure:
    label: str
    value: object
    help: str = ""


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    figures: tuple[Figure, ...] = ()
    tables: tuple[Table, ...] = ()
    lists: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (heading, items), e.g. projects without a session
    empty_message: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Content:
    title: str
    subtitle: str = ""
    sections: tuple[Section, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]


def count_rows(counts: dict, choices, *, blank_label=None) -> tuple[Row, ...]:
    """Rows for every choice of a TextChoices, in its order, with the count of each (0 when absent), then the
    blank value when some rows have none."""
    rows = [Row(str(label), (counts.get(value, 0),)) for value, label in choices.choices]
    if blank_label is not None and counts.get("", 0):
        rows.append(Row(str(blank_label), (counts[""],)))
    return tuple(rows)


def percentage(part: int, whole: int) -> str:
    if not whole:
        return "—"
    return f"{round(100 * part / whole)} %"


def mask_small_groups(table: Table) -> Table:
    """Statistical secrecy: every count below SMALL_GROUP becomes "< 5". When a column would then hide a single
    cell, its total would give it away: the next smallest cell of that column is hidden too ("secret")."""
    columns = len(table.columns)
    values = [list(row.values) for row in table.rows]
    for column in range(columns):
        cells = [i for i, row in enumerate(values) if isinstance(row[column], Number)]
        small = [i for i in cells if values[i][column] < SMALL_GROUP]
        for i in small:
            values[i][column] = SMALL
        if len(small) == 1:
            others = [i for i in cells if i not in small]
            if others:
                smallest = min(others, key=lambda i, column=column: values[i][column])
                values[smallest][column] = str(SECRET)  # in the active language, and a plain str for openpyxl
    rows = tuple(replace(row, values=tuple(cells)) for row, cells in zip(table.rows, values, strict=True))
    total = table.total
    if total is not None:
        total = replace(
            total,
            values=tuple(
                SMALL if isinstance(value, Number) and value < SMALL_GROUP else value for value in total.values
            ),
        )
    return replace(table, rows=rows, total=total)
