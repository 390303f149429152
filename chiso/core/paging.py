"""Pages of a long list whose cost does not grow with the history behind it.

Django's `Paginator` counts every matching row on each request (and again to number the last
page); on a province's years of reports that count costs more than the page itself. A `Page`
here reads one more row than it shows (to know whether a next page exists) and counts at most
`COUNT_LIMIT` rows: beyond that the page says "hơn 200". `bounded_count` is the one place that
decides how a list is counted, so a maintained count can replace it later.

Links keep every other query parameter (filters) and change only the page's own parameter, and
are built once per page, never per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from chiso.core import figures

COUNT_LIMIT = 200
MAX_PAGE = 10_000


@dataclass
class Parts:
    """A list read as its parts one after the other (a unit's open periods, then its closed
    ones), each part a queryset in its own order.

    One ORDER BY that puts a whole part first (`CASE WHEN closed THEN 1 ELSE 0 END, due_date`)
    matches no index: the database sorts everything the list holds to cut a page from it, and a
    unit's closed periods grow with every year of history. Read part by part, each page is read
    in index order and stops after its rows. Paged with `page_of(by_ids=True, build=...)`."""

    parts: list

    def ids(self, start: int, size: int) -> list[int]:
        """The ids of rows `start` to `start + size` of the list."""
        ids: list[int] = []
        for part in self.parts:
            wanted = size - len(ids)
            if wanted <= 0:
                break
            found = list(part.values_list("pk", flat=True)[start : start + wanted])
            if found:
                ids += found
                start = 0  # the window goes on at the beginning of the next part
            else:
                start = max(start - part.order_by().count(), 0)  # the window is past this part
        return ids

    def bounded_count(self, limit: int) -> tuple[int, bool]:
        total = 0
        for part in self.parts:
            n, more = bounded_count(part, limit - total)  # with 0 left: whether any row is
            total += n
            if more:
                return limit, True
        return total, False


def bounded_count(qs, limit: int = COUNT_LIMIT) -> tuple[int, bool]:
    """(number of rows up to `limit`, whether there are more) with one bounded query."""
    if isinstance(qs, Parts):
        return qs.bounded_count(limit)
    n = qs.order_by().values("pk")[: limit + 1].count()
    return min(n, limit), n > limit


def count_label(count: int, more: bool) -> str:
    return f"hơn {count}" if more else str(count)


def page_number(raw) -> int:
    """The page asked for in the query string; 1 for anything odd (never an error)."""
    text = str(raw or "").strip()
    if not text.isascii() or not text.isdigit():
        return 1
    return min(max(int(text), 1), MAX_PAGE)


def _url(params, param: str, number: int) -> str:
    items = [(k, v) for k, v in params.items() if k != param and k != "partial"]
    if number > 1:
        items.append((param, str(number)))
    return "?" + urlencode(items)


@dataclass
class Page:
    rows: list
    number: int
    has_next: bool
    count: int
    more: bool
    prev_url: str = ""
    next_url: str = ""
    param: str = "trang"
    per_page: int = 50
    extra: dict = field(default_factory=dict)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def count_label(self) -> str:
        return count_label(self.count, self.more)

    @property
    def first_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.rows else 0

    @property
    def last_index(self) -> int:
        return self.first_index + len(self.rows) - 1 if self.rows else 0

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def object_list(self) -> list:
        return self.rows


def _rows(qs, start: int, size: int, build=None) -> list:
    """The rows of `qs[start:start + size]`, chosen by their ids first; `build(ids)`, when given,
    reads the chosen rows (as plain values, say) instead of model instances.

    A database sorts the whole of what matches before it can cut a page, and it sorts whole
    rows: with the joined tables and per-row subqueries (a report's state, counts) of a task
    list, that is every open period of the unit, computed and carried through the sort to show
    fifty. Sorting the ids alone, then reading those rows, costs one query more and no longer
    grows with the history behind the page."""
    if isinstance(qs, Parts):  # its rows are read by `build` alone (the parts differ)
        return _built(qs.ids(start, size), build)
    ids = list(qs.values_list("pk", flat=True)[start : start + size])
    return _built(ids, build or (lambda chosen: qs.order_by().filter(pk__in=chosen)))


def _built(ids: list[int], build) -> list:
    """The rows `build(ids)` reads, in the order of `ids` (a row gone since is left out)."""
    found = {row.pk: row for row in build(ids)}
    return [found[pk] for pk in ids if pk in found]


def _count(qs, key: tuple | None) -> tuple[int, bool]:
    # A list whose count walks many rows to find its matches (a filtered inbox) keeps it, as
    # the other figures are kept, until the data changes (`key` names the list and its filters).
    if key is None:
        return bounded_count(qs)
    return figures.cached("bounded-count", key, lambda: bounded_count(qs))


def page_of(
    qs,
    params,
    *,
    per_page: int = 50,
    param: str = "trang",
    count: bool = True,
    by_ids: bool = False,
    build=None,
    count_key: tuple | None = None,
) -> Page:
    """One page of `qs` (already ordered) for the query parameters `params` (request.GET).

    Two queries: the page's rows plus one, and the bounded count (three with `by_ids`, for
    lists whose rows are costly to build: see `_rows`, and its `build`); `count_key` keeps the
    count until the data changes. An out-of-range page number gives an empty page, whose links
    lead back to the first page.
    """
    number = page_number(params.get(param))
    start = (number - 1) * per_page
    end = start + per_page + 1
    rows = _rows(qs, start, per_page + 1, build) if by_ids else list(qs[start:end])
    has_next = len(rows) > per_page
    rows = rows[:per_page]
    if number == 1 and not has_next:
        total, more = len(rows), False  # the whole list is on this page: no count needed
    else:
        total, more = _count(qs, count_key) if count else (0, False)
    return Page(
        rows=rows,
        number=number,
        has_next=has_next,
        count=total,
        more=more,
        prev_url=_url(params, param, number - 1) if number > 1 else "",
        next_url=_url(params, param, number + 1) if has_next else "",
        param=param,
        per_page=per_page,
    )


def page_of_list(items: list, params, *, per_page: int = 50, param: str = "trang") -> Page:
    """One page of a list already in memory (ids chosen by a filter, say): its length is the
    count, so nothing more is asked of the database."""
    number = page_number(params.get(param))
    start = (number - 1) * per_page
    rows = items[start : start + per_page]
    has_next = len(items) > start + per_page
    return Page(
        rows=rows,
        number=number,
        has_next=has_next,
        count=len(items),
        more=False,
        prev_url=_url(params, param, number - 1) if number > 1 else "",
        next_url=_url(params, param, number + 1) if has_next else "",
        param=param,
        per_page=per_page,
    )
