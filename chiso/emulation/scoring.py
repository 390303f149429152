"""The emulation score as a pure function: values + model → points, total, rank, classification.

Rules (also written on the ranking page and in the user guide `docs/thi-dua.md`):

- a *rate* component (a percentage 0–100) earns `weight × value ÷ 100` points;
- a *count* component earns `weight × min(value, target) ÷ target` points (full points from
  `target` upwards);
- a *penalty* component takes `min(value × per_item, weight)` points off (at most its weight);
- a component without data ("chưa có dữ liệu", value None) earns nothing and is left out of the
  scale: score = 100 × (points earned) ÷ (weights of the rate and count components that have
  data) − deductions, kept between 0 and 100, rounded to two decimals. The unit is marked
  "thiếu dữ liệu" so that nobody reads it as a complete score; a unit with no data at all has no
  score and no rank; a unit whose data covers less than half of those weights (`MIN_COVERAGE`)
  keeps its score for information but is neither classified nor ranked ("chưa đủ dữ liệu để
  xếp hạng"): one strong figure must not rank a unit above units measured on everything;
- units are ranked within their group by score, higher first; equal scores share a rank and the
  next rank skips (1, 2, 2, 4 — "đồng hạng"); units that stopped operating before the end of the
  year (merged, dissolved) are scored but not ranked;
- classification by thresholds on the score: ≥ excellent: Hoàn thành xuất sắc nhiệm vụ;
  ≥ good: Hoàn thành tốt nhiệm vụ; ≥ done: Hoàn thành nhiệm vụ; below: Không hoàn thành nhiệm vụ.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

RATE, COUNT, PENALTY = "rate", "count", "penalty"
KINDS = (RATE, COUNT, PENALTY)

EXCELLENT = "Hoàn thành xuất sắc nhiệm vụ"
GOOD = "Hoàn thành tốt nhiệm vụ"
DONE = "Hoàn thành nhiệm vụ"
NOT_DONE = "Không hoàn thành nhiệm vụ"
CLASSIFICATIONS = (EXCELLENT, GOOD, DONE, NOT_DONE)

NO_DATA = "chưa có dữ liệu"
PARTIAL = "thiếu dữ liệu"
# The share of the (non-penalty) weight that must have data for a unit to be ranked, in percent.
MIN_COVERAGE = Decimal(50)

_CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def _q(value: Decimal) -> Decimal:
    return value.quantize(_CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class ComponentSpec:
    code: str
    name: str
    weight: Decimal
    kind: str
    params: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class Thresholds:
    excellent: Decimal
    good: Decimal
    done: Decimal


@dataclass(frozen=True)
class UnitInput:
    unit_id: int
    name: str
    values: Mapping[str, Decimal | None]
    ended: date | None = None  # the unit's last day of operation, if any


@dataclass(frozen=True)
class ComponentScore:
    code: str
    name: str
    weight: Decimal
    kind: str
    value: Decimal | None
    points: Decimal | None  # rounded to two decimals, as shown
    exact: Decimal | None = None  # unrounded, what the total adds up


@dataclass
class UnitScore:
    unit_id: int
    name: str
    score: Decimal | None
    classification: str
    components: list[ComponentScore]
    partial: bool = False
    ended: date | None = None
    rank: int | None = None
    note: str = ""
    coverage: Decimal = HUNDRED  # percent of the non-penalty weight that has data


def param(spec: ComponentSpec, name: str, default: Decimal) -> Decimal:
    raw = spec.params.get(name)
    return default if raw in (None, "") else Decimal(str(raw))


def exact_points(spec: ComponentSpec, value: Decimal | None) -> Decimal | None:
    """The points one component gives for one value (negative for a penalty); None: no data."""
    if value is None:
        return None
    value = max(Decimal(value), Decimal(0))
    if spec.kind == RATE:
        return spec.weight * min(value, HUNDRED) / HUNDRED
    if spec.kind == COUNT:
        target = param(spec, "target", Decimal(1))
        if target <= 0:
            return spec.weight if value > 0 else Decimal(0)
        return spec.weight * min(value, target) / target
    if spec.kind == PENALTY:
        per_item = param(spec, "per_item", Decimal(1))
        return -min(value * per_item, spec.weight)
    raise ValueError(spec.kind)


def points_for(spec: ComponentSpec, value: Decimal | None) -> Decimal | None:
    """`exact_points` rounded to two decimals (half up), as the pages show them."""
    exact = exact_points(spec, value)
    return None if exact is None else _q(exact) + 0


def total(components: Iterable[ComponentScore]) -> tuple[Decimal | None, bool]:
    """(score out of 100, partial): scaled over the weights of the components with data."""
    earned = with_data = all_weights = deductions = Decimal(0)
    for c in components:
        points = c.points if c.exact is None else c.exact
        if c.kind == PENALTY:
            deductions += -(points or 0)
            continue
        all_weights += c.weight
        if points is not None:
            earned += points
            with_data += c.weight
    if with_data <= 0:
        return None, all_weights > 0
    score = HUNDRED * earned / with_data - deductions
    return _q(min(max(score, Decimal(0)), HUNDRED)), with_data < all_weights


def coverage(components: Iterable[ComponentScore]) -> Decimal:
    """The percent of the non-penalty weight whose components have data."""
    weights = [c for c in components if c.kind != PENALTY]
    all_weights = sum((c.weight for c in weights), Decimal(0))
    if all_weights <= 0:
        return HUNDRED
    with_data = sum((c.weight for c in weights if c.value is not None), Decimal(0))
    return _q(HUNDRED * with_data / all_weights)


def classify(score: Decimal | None, thresholds: Thresholds) -> str:
    if score is None:
        return ""
    if score >= thresholds.excellent:
        return EXCELLENT
    if score >= thresholds.good:
        return GOOD
    if score >= thresholds.done:
        return DONE
    return NOT_DONE


def _component(spec: ComponentSpec, value: Decimal | None) -> ComponentScore:
    exact = exact_points(spec, value)
    points = None if exact is None else _q(exact) + 0
    return ComponentScore(spec.code, spec.name, spec.weight, spec.kind, value, points, exact)


def score_unit(
    unit: UnitInput,
    specs: list[ComponentSpec],
    thresholds: Thresholds,
    *,
    memo: dict | None = None,
) -> UnitScore:
    """One unit scored (not ranked). `memo` keeps the component scores of one group: units
    with the same value of a component share its (immutable) score, computed once."""
    components = []
    for index, spec in enumerate(specs):
        value = unit.values.get(spec.code)
        if memo is None:
            components.append(_component(spec, value))
            continue
        # The value's exact form (Decimal("50") and Decimal("50.00") are shown differently).
        key = (index, value.__class__, str(value))
        found = memo.get(key)
        if found is None:
            found = memo[key] = _component(spec, value)
        components.append(found)
    score, partial = total(components)
    covered = coverage(components)
    return UnitScore(
        unit_id=unit.unit_id,
        name=unit.name,
        score=score,
        classification=classify(score, thresholds) if covered >= MIN_COVERAGE else "",
        components=components,
        partial=partial and score is not None,
        ended=unit.ended,
        coverage=covered,
    )


def rank(scores: list[UnitScore], *, year_end: date) -> list[UnitScore]:
    """Ranked units first (ties share a rank, the next one skips), then the unranked by name."""
    ranked, unranked = [], []
    for s in scores:
        s.rank = None
        if s.ended is not None and s.ended < year_end:
            s.note = f"thôi hoạt động từ {s.ended:%d/%m/%Y}, không xếp hạng"
            unranked.append(s)
        elif s.score is None:
            s.note = NO_DATA
            unranked.append(s)
        elif s.coverage < MIN_COVERAGE:
            s.note = f"chưa đủ dữ liệu để xếp hạng (có dữ liệu cho {s.coverage:.0f}% trọng số)"
            unranked.append(s)
        else:
            s.note = PARTIAL if s.partial else ""
            ranked.append(s)
    ranked.sort(key=lambda s: (-s.score, s.name, s.unit_id))
    for index, s in enumerate(ranked, start=1):
        previous = ranked[index - 2] if index > 1 else None
        s.rank = previous.rank if previous and previous.score == s.score else index
    unranked.sort(key=lambda s: (s.name, s.unit_id))
    return ranked + unranked


def score_units(
    units: Iterable[UnitInput],
    specs: list[ComponentSpec],
    thresholds: Thresholds,
    *,
    year_end: date,
) -> list[UnitScore]:
    """Every unit scored, ranked within the group and classified."""
    memo: dict = {}
    return rank([score_unit(u, specs, thresholds, memo=memo) for u in units], year_end=year_end)
