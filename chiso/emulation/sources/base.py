"""The registry of sources a scoring component can read, and what a source returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from chiso.orgs.models import OrgUnit


@dataclass(frozen=True)
class Context:
    """What the sources are asked about: these units, this year, judged on this day.

    `memo` keeps what several sources read alike (the completion counts behind on-time and
    reporting), so one ranking reads it once."""

    year: int
    unit_ids: list[int]
    today: date
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)


class Measure(NamedTuple):
    """A unit's value for one source (None: no data) and how it was obtained, in words. A
    tuple: a ranking looks units up by their measures (`emulation.scored`), and a tuple's hash
    and comparison cost a fraction of a dataclass's."""

    value: Decimal | None
    detail: str = ""


@dataclass(frozen=True)
class Row:
    """One record a value came from, for the click-through on the breakdown page."""

    label: str
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class Source:
    code: str
    label: str
    kind: str  # scoring.RATE | COUNT | PENALTY
    description: str
    values: Callable[[Context], dict[int, Measure]]
    rows: Callable[[Context, OrgUnit], list[Row]]
    param_name: str = ""  # "target" (count) or "per_item" (penalty)
    param_label: str = ""
    default_params: dict = field(default_factory=dict)
    value_unit: str = "%"
    # The models whose writes change `values`: watched, so a cached value never outlives them
    # (their bulk writes move the data version themselves; see `chiso.core.figures`).
    reads: tuple[str, ...] = ()
    # From a unit's current value, whether `rows` can find anything (False: they are not read).
    # Only where the value says so exactly: no value, or a count of none.
    has_rows: Callable[[Decimal | None], bool] = lambda value: True


def has_value(value: Decimal | None) -> bool:
    """For the sources whose rows are among the records a value is computed from."""
    return value is not None


REGISTRY: dict[str, Source] = {}


def register(source: Source) -> Source:
    REGISTRY[source.code] = source
    return source


# The order the sources are offered in: the plan work first, the deductions last.
ORDER = [
    "on_time",
    "reporting",
    "par_index",
    "one_stop",
    "recommendations",
    "initiatives",
    "commitments",
    "explanations",
]


def ordered() -> list[Source]:
    rank = {code: i for i, code in enumerate(ORDER)}
    return sorted(REGISTRY.values(), key=lambda s: (rank.get(s.code, len(ORDER)), s.code))


def choices() -> list[tuple[str, str]]:
    return [(s.code, s.label) for s in ordered()]


def measures(code: str, ctx: Context) -> dict[int, Measure]:
    return REGISTRY[code].values(ctx)


def watched_models() -> list[str]:
    return sorted({label for source in REGISTRY.values() for label in source.reads})


ROW_LIMIT = 50
