"""Small template helpers of the service pages."""

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def pct(value) -> str:
    """99.5 → '99,50%'; no value → '—' (no dossier in the denominator)."""
    return "—" if value is None else f"{floatformat(value, 2)}%"


@register.filter
def month_vn(label: str) -> str:
    """'2025-03' → '03/2025'."""
    year, _, month = (label or "").partition("-")
    return f"{month}/{year}" if month else label
