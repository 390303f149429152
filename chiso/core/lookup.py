"""Fetching one object through a visibility-filtered queryset.

Every view and API endpoint that takes an id from the URL goes through `get_visible_or_404`:
the queryset already says what the user may see (e.g. `Plan.objects.visible_to(user)`), so a
forged, foreign or malformed id all end in the same 404 and nothing leaks whether it exists.
"""

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

# SQLite and PostgreSQL both store ids as signed 64-bit integers; larger values cannot exist
# and would raise OverflowError in the database driver.
MAX_ID = 2**63 - 1

M = TypeVar("M", bound=Model)


def parse_id(value) -> int | None:
    """The integer id in `value`, or None when it is not a plain decimal id in range."""
    text = str(value).strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def get_visible_or_404(queryset: QuerySet[M], pk, message: str = "Không tìm thấy dữ liệu") -> M:
    """The object with this id if the queryset contains it; 404 with `message` otherwise."""
    number = parse_id(pk)
    if number is None:
        raise Http404(message)
    try:
        return queryset.get(pk=number)
    except queryset.model.DoesNotExist as exc:
        raise Http404(message) from exc
