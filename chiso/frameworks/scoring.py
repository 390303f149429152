"""Pure arithmetic of index scores: totals by a framework's rule, roll-ups up a tree, gaps.

No database here: callers pass plain values. Rules (see models.Aggregation):
- sum: total = Σ values (PAPI: 8 dimensions, each the sum of its sub-dimensions);
- percent_of_max: total = Σ points / Σ max × total_max (PAR INDEX: points out of 100, in %);
- weighted_mean: total = Σ wᵢ·(vᵢ / maxᵢ) / Σ wᵢ × total_max (PCI: 10 sub-indices on 0–10 with
  weights 5/5/20/5/10/5/5/20/20/5 %, on a 0–100 scale);
- observed: nothing is computed; the published headline value is the figure (SIPAS parts).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SUM, WEIGHTED_MEAN, PERCENT_OF_MAX, OBSERVED = "sum", "weighted_mean", "percent_of_max", "observed"
# Documents print two decimals; a stated total further than this from ours is flagged.
TOLERANCE = Decimal("0.015")
TWO = Decimal("0.01")


@dataclass(frozen=True)
class Part:
    """One component's value with the numbers the rule needs."""

    value: Decimal
    max_points: Decimal | None = None
    weight: Decimal | None = None


@dataclass(frozen=True)
class Node:
    key: object
    parent: object | None
    max_points: Decimal | None = None
    weight: Decimal | None = None


def _dec(x) -> Decimal | None:
    return None if x is None else Decimal(str(x))


def total(rule: str, parts: Iterable[Part], total_max=None) -> Decimal | None:
    """The total of `parts` by `rule`; None when the rule cannot be applied to them."""
    parts = list(parts)
    if not parts or rule == OBSERVED:
        return None
    if rule == SUM:
        return sum((p.value for p in parts), Decimal(0))
    top = _dec(total_max)
    if rule == PERCENT_OF_MAX:
        maxima = [p.max_points for p in parts]
        if any(m is None for m in maxima) or not sum(maxima):
            return None
        return sum(p.value for p in parts) / sum(maxima) * (top or Decimal(100))
    if rule == WEIGHTED_MEAN:
        if any(p.weight is None or not p.max_points for p in parts):
            return None
        weights = sum(p.weight for p in parts)
        if not weights:
            return None
        mean = sum(p.weight * p.value / p.max_points for p in parts) / weights
        return mean * (top or Decimal(100))
    raise ValueError(f"unknown aggregation rule {rule!r}")


def plain_sum(parts: Iterable[Part]) -> Decimal | None:
    parts = list(parts)
    return sum((p.value for p in parts), Decimal(0)) if parts else None


def rollup(
    nodes: Iterable[Node], observed: Mapping[object, Decimal], rule: str
) -> dict[object, Decimal]:
    """Values for every node: observed where given, else computed from complete children.

    Inner nodes of a weighted framework are weighted means scaled to the node's max; of any
    other rule (except observed, which computes nothing) the sum of the children.
    """
    nodes = list(nodes)
    children: dict[object, list[Node]] = {}
    for node in nodes:
        children.setdefault(node.parent, []).append(node)
    values: dict[object, Decimal] = {}

    def value_of(node: Node) -> Decimal | None:
        if node.key in values:
            return values[node.key]
        found = observed.get(node.key)
        kids = children.get(node.key, [])
        if found is None and kids and rule != OBSERVED:
            kid_values = [value_of(k) for k in kids]
            if all(v is not None for v in kid_values):
                found = _combine(rule, kids, kid_values, node.max_points)
        else:
            for kid in kids:
                value_of(kid)
        if found is not None:
            values[node.key] = found
        return found

    for node in nodes:
        value_of(node)
    return values


def _combine(rule, kids: list[Node], kid_values, node_max) -> Decimal | None:
    if rule == WEIGHTED_MEAN and node_max:
        parts = [Part(v, k.max_points, k.weight) for k, v in zip(kids, kid_values, strict=True)]
        return total(WEIGHTED_MEAN, parts, node_max)
    return sum(kid_values, Decimal(0))


def gap(latest, target) -> Decimal | None:
    """How far the latest value is below the target (negative when already above it)."""
    if latest is None or target is None:
        return None
    return _dec(target) - _dec(latest)


def gap_share(latest, target, max_points) -> Decimal | None:
    """The gap as a share of the component's scale, so components of any size compare."""
    g = gap(latest, target)
    scale = _dec(max_points)
    if g is None:
        return None
    return g / scale if scale else g


def disagrees(stated, computed) -> bool:
    """A document's stated total and the total by the framework's rule differ visibly."""
    if stated is None or computed is None:
        return False
    return abs(_dec(stated) - _dec(computed)) > TOLERANCE


def round2(value) -> Decimal | None:
    return None if value is None else _dec(value).quantize(TWO, rounding=ROUND_HALF_UP)
