"""A round's answer sums per breakdown group, kept between views and brought up to date from the
answers stored since, so the results page of an open round does not sum every answer again each
time one more arrives.

This is exact because answers are never changed in place: a new answer is a new row, and a
correction is a new row that replaces an older one (the older one stops counting). Sums, counts
and sums of squares all add up, so the kept sums plus the new rows minus the rows they replaced
equal the sums over the round's current answers.

The kept sums say up to which answer id they go and how many rows the round had, and count the
answers "current as of" that id (not replaced by an answer up to it), so a correction made
while they are read cannot be half seen. On PostgreSQL ids are handed out before commit, so an
answer can become visible after one with a higher id: the row count then differs from what the
kept sums plus the new rows account for, and the sums are computed afresh. The row count is
the one the database keeps with the rows (`AnswerCount`), so it is read, not counted. The cache is
Django's (per process); nothing is kept inside the caller's own transaction blocks (see
`chiso.core.figures`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import caches
from django.db.models import F, Func, OuterRef, Subquery
from django.db.models.functions import Coalesce

from chiso.core import figures
from chiso.surveys.models import AnswerCount, Response, SurveyRound

TIMEOUT = 24 * 3600


@dataclass(frozen=True)
class Kept:
    last: int  # the highest answer id summed
    rows: int  # the round's rows (current or replaced) when summed
    groups: dict[tuple, dict]  # group key (the breakdown fields' values) -> sums


def _state(survey: SurveyRound) -> tuple[int, int]:
    """The round's highest answer id and its row count, read in one statement (one snapshot).
    The count is the one the database keeps (`AnswerCount`): counting 100,000 answers on each
    view was most of the time of a results page with nothing new."""
    last = Response.objects.filter(round=OuterRef("pk")).order_by("-pk").values("pk")[:1]
    # SUM as a plain function: an aggregate would add a GROUP BY, and the subquery is one row
    rows = AnswerCount.objects.filter(round=OuterRef("pk")).values(
        rows=Func(F("total"), function="SUM")
    )
    found = (
        SurveyRound.objects.filter(pk=survey.pk)
        .values_list(Coalesce(Subquery(last), 0), Coalesce(Subquery(rows), 0))
        .get()
    )
    return found[0], found[1]


def _counted(survey: SurveyRound, low: int, high: int):
    """The answers with an id in (low, high] that no answer up to `high` replaces: the round's
    current answers as of answer `high`, whatever corrections were made after it."""
    replacing = Response.objects.filter(round=survey, pk__lte=high, supersedes__isnull=False)
    return Response.objects.filter(round=survey, pk__gt=low, pk__lte=high).exclude(
        pk__in=replacing.values("supersedes_id")
    )


FEW = 500  # answers stored since a view that are added row by row; more are summed in SQL


@dataclass(frozen=True)
class Measure:
    """What is summed per group of a round's answers, in the two ways that give the same sums:
    `aggregates()` for a grouped query, and `add(into, row, sign)` adding (sign +1) or taking
    off (-1) one answer row whose `columns` were read, for the few answers stored since a view.
    `names` are the sums' names; `key` names the measure in the cache."""

    key: tuple
    names: tuple[str, ...]
    columns: tuple[str, ...]
    aggregates: Callable[[], dict]
    add: Callable[[dict, dict, int], None]


def _grouped(qs, fields: tuple[str, ...], measure: Measure) -> dict[tuple, dict]:
    rows = qs.values(*fields).annotate(**measure.aggregates()).order_by()
    return {tuple(r[f] for f in fields): r for r in rows}


def _add(groups: dict[tuple, dict], delta: dict[tuple, dict], names, sign: int) -> None:
    for key, row in delta.items():
        into = groups.get(key)
        if into is None:
            into = groups[key] = {**row, **dict.fromkeys(names, 0)}
        for name in names:
            into[name] = (into[name] or 0) + sign * (row[name] or 0)
        if not into["responses"]:
            del groups[key]


def _add_rows(groups, rows: list[dict], fields, measure: Measure, sign: int) -> None:
    for row in rows:
        key = tuple(row[f] for f in fields)
        into = groups.get(key)
        if into is None:
            into = groups[key] = {f: row[f] for f in fields} | dict.fromkeys(measure.names, 0)
        measure.add(into, row, sign)
        if not into["responses"]:
            del groups[key]


def _added_one_by_one(survey, kept: Kept, state, fields, measure, new: list[dict]) -> Kept:
    """`kept` plus the few answers `new` (read whole), minus the older answers they replace."""
    groups = {key: dict(row) for key, row in kept.groups.items()}
    replaced = {r["supersedes_id"] for r in new if r["supersedes_id"]}
    _add_rows(groups, [r for r in new if r["pk"] not in replaced], fields, measure, +1)
    if replaced:  # a correction replaces an answer summed before (a new one is left out above)
        older = Response.objects.filter(round=survey, pk__lte=kept.last, pk__in=replaced)
        _add_rows(groups, list(older.values(*fields, *measure.columns)), fields, measure, -1)
    return Kept(*state, groups)


def _brought_up(survey, kept: Kept, state, fields, measure: Measure) -> Kept | None:
    """`kept` plus the answers stored since, or None when they cannot account for the rows."""
    last, rows = state
    since = Response.objects.filter(round=survey, pk__gt=kept.last, pk__lte=last)
    read = ("pk", "supersedes_id", *fields, *measure.columns)
    new = list(since.order_by("pk").values(*read)[: FEW + 1])
    if len(new) <= FEW:
        if len(new) != rows - kept.rows:  # an answer with a lower id became visible late
            return None
        return _added_one_by_one(survey, kept, state, fields, measure, new)
    if since.count() != rows - kept.rows:
        return None
    groups = {key: dict(row) for key, row in kept.groups.items()}
    _add(groups, _grouped(_counted(survey, kept.last, last), fields, measure), measure.names, +1)
    replaced = Response.objects.filter(
        round=survey, pk__lte=kept.last, pk__in=since.values("supersedes_id")
    )
    _add(groups, _grouped(replaced, fields, measure), measure.names, -1)
    return Kept(last, rows, groups)


def _null_first(key: tuple) -> tuple:
    return tuple((value is not None, value) for value in key)


def group_sums(survey: SurveyRound, fields: tuple[str, ...], measure: Measure) -> list[dict]:
    """Per group of `fields`, the sums of `measure` over the round's current answers, ordered
    by the fields."""
    if figures.in_own_transaction():
        current = Response.objects.filter(round=survey, is_current=True)
        return list(current.values(*fields).annotate(**measure.aggregates()).order_by(*fields))
    state = _state(survey)
    digest = hashlib.sha1(repr((survey.pk, fields, measure.key)).encode()).hexdigest()
    cache_key, cache = f"survey-sums:{digest}", caches[figures.CACHE_ALIAS]
    kept = cache.get(cache_key)
    if kept is not None and (kept.last, kept.rows) != state:
        kept = _brought_up(survey, kept, state, fields, measure) if kept.last <= state[0] else None
        if kept is not None:
            cache.set(cache_key, kept, TIMEOUT)
    if kept is None:
        kept = Kept(*state, _grouped(_counted(survey, 0, state[0]), fields, measure))
        cache.set(cache_key, kept, TIMEOUT)
    return [dict(kept.groups[k]) for k in sorted(kept.groups, key=_null_first)]
