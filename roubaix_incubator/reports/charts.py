"""Horizontal bar charts drawn on the server as inline SVG: no JavaScript, nothing to load, printable. Each chart
is an image with a name (`role="img"`, `aria-label`, `<title>`); the table beside it holds the same numbers for
screen readers and for copying. Colours are attributes, not styles: the CSP forbids inline styles."""

from numbers import Number

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .tables import Table

BAR = "#1f5f8b"  # contrast 7:1 on white
HIGHLIGHT = "#a8430b"  # priority neighbourhoods (also marked "(QPV)" in the label: colour is never the only sign)
TEXT = "#212529"
LABEL_WIDTH, BAR_AREA, VALUE_WIDTH = 270, 260, 70
ROW_HEIGHT, PADDING = 26, 6
MAX_LABEL = 36


def display_value(value) -> str:
    if isinstance(value, float):
        return formats.number_format(value, decimal_pos=1)
    if isinstance(value, Number):
        return formats.number_format(value, force_grouping=True)
    return str(value)


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def bar_chart(table: Table) -> SafeString:
    """The chart of the table's `chart_column`; empty when the table has no chart or no rows. A masked value
    ("< 5") gets no bar, only its text."""
    rows = table.chart_rows()
    if not rows:
        return mark_safe("")
    numbers = [value for _label, value, _h in rows if isinstance(value, Number)]
    maximum = max(numbers, default=0) or 1
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    height = 2 * PADDING + ROW_HEIGHT * len(rows)
    name = escape(_("%(title)s (graphique ; les chiffres sont dans le tableau)") % {"title": table.title})
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img" aria-label="{name}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif" font-size="12">',
        f"<title>{name}</title>",
    ]
    for index, (label, value, highlight) in enumerate(rows):
        y = PADDING + index * ROW_HEIGHT
        baseline = y + ROW_HEIGHT / 2 + 4.5
        shown = escape(display_value(value))
        parts.append(f"<g><title>{escape(label)} : {shown}</title>")
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{baseline}" text-anchor="end" fill="{TEXT}">{escape(_short(label))}</text>'
        )
        value_x = LABEL_WIDTH + 6
        if isinstance(value, Number) and value > 0:
            bar = max(round(BAR_AREA * value / maximum, 1), 2)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{bar}" height="{ROW_HEIGHT - 8}" '
                f'fill="{HIGHLIGHT if highlight else BAR}"/>'
            )
            value_x += bar
        parts.append(f'<text x="{value_x}" y="{baseline}" fill="{TEXT}">{shown}</text></g>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped
