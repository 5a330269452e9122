"""What a dashboard or a report is made of, whatever it is drawn with (HTML page, SVG chart, XLSX sheet): sections
of headline figures and tables. The figures come from the selectors; nothing here reads the database."""

from dataclasses import dataclass, field, replace
from numbers import Number

from django.utils import formats, translation
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


def percent(value: int) -> str:
    """A whole percentage the way the active language writes it: "50 %" in French (a space before the sign),
    "50%" in English; the number itself through Django's number formatting (thousands separators)."""
    number = formats.number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)
    return f"{number} %" if (translation.get_language() or "fr").startswith("fr") else f"{number}%"


def percentage(part: int, whole: int) -> str:
    if not whole:
        return "—"
    return percent(round(100 * part / whole))


def _column_is_safe(values: list[int], small: set[int], secret: set[int]) -> bool:
    """Whether the hidden cells of a column whose total is known keep every hidden value undecidable.

    What a reader knows: the visible cells, the total (the tables of a report share it, and the call's funnel
    publishes it), so the sum S of the hidden cells; that a "< 5" cell is in [1, 4]; that a "secret" cell is at
    least 5 and at least every visible cell (secondary cells are taken from the largest down). With at least two
    hidden cells and sum(lowest) < S < sum(highest), every hidden cell can still take two values or more: it can
    rise (S exceeds the other cells' lowest sum by more than its own lowest) and fall (S stays below the other
    cells' highest sum plus its own highest, and another hidden cell has room to absorb the difference)."""
    hidden = small | secret
    if len(hidden) < 2:
        return False
    visible = [value for i, value in enumerate(values) if i not in hidden]
    secret_lowest = max([SMALL_GROUP, *visible])
    total = sum(values[i] for i in hidden)
    lowest = len(small) + secret_lowest * len(secret)
    highest = (SMALL_GROUP - 1) * len(small) if not secret else None  # a "secret" cell has no upper bound
    return lowest < total and (highest is None or total < highest)


def mask_column(values: list[int]) -> list:
    """One column of counts whose total is public, masked so that no group of 1 to 4 people can be read or
    worked out: 0 stays 0 (nobody to protect); 1–4 become "< 5"; then, while the hidden cells could be worked
    out from the total, the largest visible count is hidden too ("secret"). When even that cannot protect the
    column (e.g. its only people are 3 in one group), every cell of it is "secret"."""
    small = {i for i, value in enumerate(values) if 0 < value < SMALL_GROUP}
    if not small:
        return list(values)
    secret: set[int] = set()
    while not _column_is_safe(values, small, secret):
        candidates = [i for i, value in enumerate(values) if value and i not in small and i not in secret]
        if not candidates:
            return [str(SECRET)] * len(values)
        secret.add(max(candidates, key=lambda i: (values[i], -i)))
    return [SMALL if i in small else str(SECRET) if i in secret else value for i, value in enumerate(values)]


def mask_small_groups(table: Table) -> Table:
    """Statistical secrecy, column by column (see `mask_column`). Each column must count disjoint groups whose
    total is known; the total row, when there is one, is shown as is. Text cells are left alone."""
    values = [list(row.values) for row in table.rows]
    for column in range(len(table.columns)):
        cells = [i for i, row in enumerate(values) if isinstance(row[column], Number)]
        masked = mask_column([values[i][column] for i in cells])
        for i, value in zip(cells, masked, strict=True):
            values[i][column] = value
    rows = tuple(replace(row, values=tuple(cells)) for row, cells in zip(table.rows, values, strict=True))
    return replace(table, rows=rows)
