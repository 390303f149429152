"""Ids, years and page bounds taken from query strings, checked before they reach the database.

Pages use `parse_id` / `parse_year` (None means "ignore this filter"); API signatures use the
`ApiId` / `ApiYear` types, so an odd value is a 400 with a Vietnamese message, never a 500 from
an integer the database cannot hold ("?plan=99999999999999999999") or a date that cannot exist
("?year=0000").
"""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from chiso.core.lookup import MAX_ID, parse_id

__all__ = ["ApiId", "ApiYear", "Pagination", "parse_id", "parse_year"]

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_LIMIT = 500
MAX_OFFSET = 10_000_000

ApiId = Annotated[int, Field(ge=1, le=MAX_ID)]
ApiYear = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]


def parse_year(value) -> int | None:
    """A four-digit year between 2000 and 2100, or None for anything else."""
    text = str(value if value is not None else "").strip()
    if len(text) != 4 or not text.isascii() or not text.isdigit():
        return None
    year = int(text)
    return year if MIN_YEAR <= year <= MAX_YEAR else None


class Pagination(LimitOffsetPagination):
    """Django Ninja's limit/offset pagination with both numbers bounded (NINJA_PAGINATION_CLASS)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


class Mapped:
    """A queryset seen through `convert`: the paginator slices (and counts) in the database,
    then only the rows of the page are converted."""

    def __init__(self, queryset, convert):
        self.queryset, self.convert = queryset, convert

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, key: slice) -> list:
        return [self.convert(row) for row in self.queryset[key]]
