"""`{{ text|clip:160 }}`: Django's `truncatechars`, without its per-character loop; and
`{{ value|decimal:1 }}`: Django's `floatformat` in Vietnamese (`chiso.core.numbers`), a fraction
of its cost on tables of figures.

`truncatechars` walks the text one character at a time to skip combining marks; on a list of a
hundred task texts that was a few milliseconds of every page. Text stored by chiso is NFC, where
Vietnamese letters are single characters, so the cut is a slice; text that still holds a
combining mark after NFC (rare) goes through Django's own implementation. Registered as a
template builtin (config/settings.py), so no `{% load %}` is needed.
"""

import re
import sys
import unicodedata
from decimal import Decimal

from django import template
from django.template.defaultfilters import stringfilter
from django.utils.text import Truncator, add_truncation_text
from django.utils.translation import get_language, pgettext

from chiso.core.numbers import decimal_text

register = template.Library()

# Every combining mark of the Basic Multilingual Plane; characters beyond it are rare in
# administrative text and are handed to Django's implementation.
_BMP_COMBINING = "".join(chr(c) for c in range(0x10000) if unicodedata.combining(chr(c)))
_SLOW = re.compile(f"[{re.escape(_BMP_COMBINING)}\U00010000-{chr(sys.maxunicode)}]")


_ENDINGS: dict[str | None, str] = {}


def _ending() -> str:
    """Django's truncation text ("%(truncated_text)s…") in the active language, looked up once
    per language instead of once a cut."""
    language = get_language()
    ending = _ENDINGS.get(language)
    if ending is None:
        ending = pgettext("String to return when truncating text", "%(truncated_text)s…")
        _ENDINGS[language] = ending
    return ending


def clip(text: str, length: int) -> str:
    """`Truncator(text).chars(length)`, with the same result."""
    if length <= 0:
        return ""
    text = unicodedata.normalize("NFC", text)
    if len(text) <= length:
        return text
    if _SLOW.search(text, 0, length + 1):  # marks beyond the cut do not change it
        return Truncator(text).chars(length)
    return add_truncation_text(text[: length - 1], _ending())


@register.filter("clip", is_safe=True)
@stringfilter
def clip_filter(value: str, arg) -> str:
    try:
        length = int(arg)
    except ValueError:  # as truncatechars: a bad length leaves the text as it is
        return value
    return clip(value, length)


@register.filter(name="decimal")
def decimal_filter(value, places: int = 2) -> str:
    """`floatformat` with a whole number of places, for numbers (anything else prints as "")."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return ""
    return decimal_text(value, int(places))
