"""Numbers printed as the `floatformat` filter prints them in Vietnamese ("1,50"), for rows that
are written in one pass (the filter, called a few hundred times a page, was a visible part of
the time of the long tables)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal
from functools import lru_cache

SEPARATOR = ","  # chiso speaks Vietnamese only (settings.LANGUAGE_CODE)
_CENT = Decimal("0.01")


def decimal_text(value, places: int = 2) -> str:
    """`{{ value|floatformat:N }}` ("" for None): half up, no minus on zero, no grouping.
    `places=-N` is `floatformat:-N`: no decimals when the value is whole."""
    if value is None or value == "":
        return ""
    return _text(value.__class__, value, places)


@lru_cache(maxsize=4096)  # a table repeats the same few scores in every row
def _text(kind: type, value, places: int) -> str:
    d = value if kind is Decimal else Decimal(str(value))
    if places < 0 and d == d.to_integral_value():
        rounded = d.quantize(Decimal(1), ROUND_HALF_UP, _context(d))
    else:
        quantum = _CENT if abs(places) == 2 else Decimal(1).scaleb(-abs(places))
        rounded = d.quantize(quantum, ROUND_HALF_UP, _context(d))
    text = f"{rounded.copy_abs():f}".replace(".", SEPARATOR)
    return f"-{text}" if rounded.is_signed() and rounded else text


def _context(d: Decimal) -> Context:
    return Context(prec=max(28, len(d.as_tuple()[1]) + 3))
