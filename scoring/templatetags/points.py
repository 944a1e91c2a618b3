"""``{{ value|points }}``: points as every page of the evaluation shows them, in the reader's language.

rules.format_points decides the figure (two decimals, cut toward zero, R-24); this only writes it the way the
active language writes numbers ("20,50" in sq and sr-Latn, "20.50" in en), so a mark and the total beside it
never come in two formats. Exports and stored texts keep format_points' plain "20.50".
"""

from django import template
from django.utils.formats import get_format

from scoring.rules import format_points
from scoring.schemes import SchemeError

register = template.Library()


def show_points(value, separator: str | None = None) -> str:
    """format_points in the active language's number format; "" for no value; text that is no number as it
    is. ``separator``: the language's decimal separator, when the caller looked it up once for a whole table
    (get_format costs more than the rest of this)."""
    if value is None or value == "":
        return ""
    try:
        text = format_points(value)
    except (SchemeError, TypeError, ValueError, ArithmeticError):
        return str(value)
    return text.replace(".", separator if separator is not None else get_format("DECIMAL_SEPARATOR"))


register.filter("points", show_points)
