"""Small template helpers of the service pages."""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from chiso.core.numbers import decimal_text

register = template.Library()


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def pct(value) -> str:
    """99.5 → '99,50%' (as `floatformat:2` writes it); no value → '—' (no dossier in the
    denominator)."""
    return "—" if value is None else f"{decimal_text(value, 2)}%"


@register.filter
def month_vn(label: str) -> str:
    """'2025-03' → '03/2025'."""
    year, _, month = (label or "").partition("-")
    return f"{month}/{year}" if month else label


@register.simple_tag
def unit_options(units) -> SafeString:
    """`<option>`s of the units (dicts of pk and name) in one pass: a province lists 200."""
    return mark_safe(  # noqa: S308 - names escaped, ids are numbers
        "".join(f'<option value="{u["pk"]}">{escape(u["name"])}</option>' for u in units)
    )
