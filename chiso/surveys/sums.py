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
kept sums plus the new rows account for, and the sums are computed afresh. The cache is
Django's (per process); nothing is kept inside the caller's own transaction blocks (see
`chiso.core.figures`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import caches
from django.db.models import Count, Max

from chiso.core import figures
from chiso.surveys.models import Response, SurveyRound

TIMEOUT = 24 * 3600


@dataclass(frozen=True)
class Kept:
    last: int  # the highest answer id summed
    rows: int  # the round's rows (current or replaced) when summed
    groups: dict[tuple, dict]  # group key (the breakdown fields' values) -> sums


def _state(survey: SurveyRound) -> tuple[int, int]:
    found = Response.objects.filter(round=survey).aggregate(last=Max("pk"), rows=Count("pk"))
    return found["last"] or 0, found["rows"]


def _counted(survey: SurveyRound, low: int, high: int):
    """The answers with an id in (low, high] that no answer up to `high` replaces: the round's
    current answers as of answer `high`, whatever corrections were made after it."""
    replacing = Response.objects.filter(round=survey, pk__lte=high, supersedes__isnull=False)
    return Response.objects.filter(round=survey, pk__gt=low, pk__lte=high).exclude(
        pk__in=replacing.values("supersedes_id")
    )


def _grouped(qs, fields: tuple[str, ...], aggs: dict) -> dict[tuple, dict]:
    rows = qs.values(*fields).annotate(**aggs).order_by()
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


def _brought_up(survey, kept: Kept, state, fields, aggs) -> Kept | None:
    """`kept` plus the answers stored since, or None when they cannot account for the rows."""
    last, rows = state
    since = Response.objects.filter(round=survey, pk__gt=kept.last, pk__lte=last)
    if since.count() != rows - kept.rows:  # an answer with a lower id became visible late
        return None
    groups = {key: dict(row) for key, row in kept.groups.items()}
    names = list(aggs)
    _add(groups, _grouped(_counted(survey, kept.last, last), fields, aggs), names, +1)
    replaced = Response.objects.filter(
        round=survey, pk__lte=kept.last, pk__in=since.values("supersedes_id")
    )
    _add(groups, _grouped(replaced, fields, aggs), names, -1)
    return Kept(last, rows, groups)


def _null_first(key: tuple) -> tuple:
    return tuple((value is not None, value) for value in key)


def group_sums(survey: SurveyRound, fields: tuple[str, ...], aggs: dict, key: tuple) -> list[dict]:
    """Per group of `fields`, the aggregates `aggs` over the round's current answers, ordered by
    the fields. `key` names the aggregates (the items and rule they were built from)."""
    if figures.in_own_transaction():
        current = Response.objects.filter(round=survey, is_current=True)
        return list(current.values(*fields).annotate(**aggs).order_by(*fields))
    state = _state(survey)
    digest = hashlib.sha1(repr((survey.pk, fields, key)).encode()).hexdigest()
    cache_key, cache = f"survey-sums:{digest}", caches[figures.CACHE_ALIAS]
    kept = cache.get(cache_key)
    if kept is not None and (kept.last, kept.rows) != state:
        kept = _brought_up(survey, kept, state, fields, aggs) if kept.last <= state[0] else None
        if kept is not None:
            cache.set(cache_key, kept, TIMEOUT)
    if kept is None:
        kept = Kept(*state, _grouped(_counted(survey, 0, state[0]), fields, aggs))
        cache.set(cache_key, kept, TIMEOUT)
    return [dict(kept.groups[k]) for k in sorted(kept.groups, key=_null_first)]
