from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def hours(minutes) -> str:
    """Minutes as hours with one decimal, in the active language's format (90 → « 1,5 »)."""
    if not minutes:
        return "0"
    value = round(minutes / 60, 1)
    return number_format(value, 0 if value == int(value) else 1)
