from django import template

from ..charts import bar_chart, display_value

register = template.Library()


@register.simple_tag
def chart(table):
    return bar_chart(table)


@register.filter
def figure(value):
    """A number as the charts and tables show it (grouped thousands, one decimal for hours)."""
    return display_value(value)
