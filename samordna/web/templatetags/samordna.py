"""Swedish formatting for templates: `{% load samordna %}` then `{{ amount|kr }}`, `{{ day|datum }}`."""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils import formats, timezone

register = template.Library()

# Swedish groups thousands with a space; a no-break space keeps "1 234 567 kr" on one line.
NBSP = "\u00a0"


@register.filter
def kr(value, decimals=0):
    """An amount in kronor the Swedish way: 1234567 -> "1 234 567 kr" (no-break spaces, minus sign)."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
        places = int(decimals)
    except (InvalidOperation, ValueError, TypeError):
        return value
    amount = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "\u2212" if amount < 0 else ""  # a true minus sign, as Swedish typography wants
    whole, _, fraction = f"{abs(amount):.{places}f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = NBSP.join(groups) + ("," + fraction if fraction else "")
    return f"{sign}{text}{NBSP}kr"


@register.filter
def datum(value, style="long"):
    """A date the Swedish way in the active language: "12 mars 2025" (long) or "2025-03-12" (iso)."""
    if not isinstance(value, datetime.date):
        return value if value not in (None, "") else ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)  # stored in UTC, shown in Stockholm time
    if style == "iso":
        return value.strftime("%Y-%m-%d")
    return formats.date_format(value, "j F Y")
