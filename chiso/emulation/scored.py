"""Each unit's score kept for the values it was computed from, so that a ranking computed anew
scores again only the units whose values moved.

A live ranking is computed again whenever the data of one of its sources change: after one
task report the on-time source is read again for every unit of the group, but the values of
all units but one are what they were. Their scores, and the component rows the pages show,
are taken from here. The key holds everything a unit's result depends on: the model's
settings (components, weights, kinds, parameters, thresholds) and the unit's id, end date
and measures (value and explanation of each component). The name and the rank are not
kept: the name is read with the group, the rank given to the whole group each time
(`scoring.rank`). A kept result is a function of its key
alone, so it is never out of date: keys of data that changed are simply not asked again.
(Equal numbers written differently, 50 and 50.00, are one key: they give the same points
and are shown alike.)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from decimal import Decimal

from chiso.emulation import scoring

LIMIT = 5_000  # units kept (a group of 300 at a dozen settings or data states; a few MB)


@dataclass(frozen=True)
class Scored:
    """A unit's result before ranking; `rows` are the component rows of the pages (read only)."""

    score: Decimal | None
    classification: str
    partial: bool
    coverage: Decimal
    components: tuple[scoring.ComponentScore, ...]
    rows: list[dict]


_kept: OrderedDict[Hashable, Scored] = OrderedDict()
_lock = threading.Lock()


def setting_key(specs: list[scoring.ComponentSpec], thresholds: scoring.Thresholds) -> tuple:
    return (
        tuple(
            (
                s.code,
                s.name,
                s.weight,
                s.kind,
                tuple(sorted((k, str(v)) for k, v in s.params.items())),
            )
            for s in specs
        ),
        thresholds,
    )


def get(key: Hashable) -> Scored | None:
    with _lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
        return found


def put(key: Hashable, scored: Scored) -> None:
    with _lock:
        _kept[key] = scored
        while len(_kept) > LIMIT:
            _kept.popitem(last=False)
