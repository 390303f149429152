"""Text written into xlsx files stays text: a cell never becomes a formula by what users typed.

openpyxl stores any string starting with "=" as a live formula, and spreadsheet programs treat
text starting with "+", "-" or "@" as one when it is edited. Every exported cell whose text
starts so is written as a string with Excel's "quote prefix", so it shows exactly what was typed
and never computes anything (CSV/formula injection).
"""

from __future__ import annotations

import re

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean(value):
    """Text as OOXML (docx, xlsx) accepts it: control characters (left by imported documents)
    are invalid there and make openpyxl refuse the cell."""
    return _CONTROL.sub(" ", value) if isinstance(value, str) else value


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def keep_as_text(cell):
    """Make `cell` (an openpyxl cell holding formula-like text) a plain string cell."""
    if looks_like_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def write_only_value(ws, value):
    """What to append to a write-only sheet: the value, or a text cell for formula-like text."""
    return keep_as_text(WriteOnlyCell(ws, value=value)) if looks_like_formula(value) else value
