"""Survey arithmetic without the database: sample size, allocation, satisfaction shares and
their 95% intervals. Everything here is pure and tested exhaustively (property-based)."""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959963984540054  # two-sided 95% normal quantile


def sample_size(population: int, margin: float = 0.05) -> int:
    """n = N / (1 + N·e²) (Yamane, the formula of QĐ 1383/QĐ-BNV), rounded up, never above N."""
    if population <= 0:
        return 0
    if not 0 < margin < 1:
        raise ValueError("margin must be between 0 and 1")
    n = population / (1 + population * margin * margin)
    return min(population, math.ceil(n - 1e-9))


def allocate(total: int, weights: list[int]) -> list[int]:
    """Split `total` proportionally to `weights` (largest remainder, ties to the earlier one).

    The parts sum to `total` exactly (when some weight is positive) and none exceeds its weight
    when `total` is not larger than the sum of weights.
    """
    whole = sum(w for w in weights if w > 0)
    if total <= 0 or whole <= 0:
        return [0] * len(weights)
    exact = [total * max(w, 0) / whole for w in weights]
    parts = [math.floor(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval for a proportion, in % (None without answers)."""
    if n <= 0:
        return None
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half) * 100, min(1.0, centre + half) * 100


@dataclass(frozen=True)
class Tally:
    """Aggregates of one item's (or a pool of items') valid numeric answers."""

    n: int = 0  # valid answers
    top: int = 0  # answers in the top two levels of the scale ("hài lòng", "rất hài lòng")
    total: float = 0.0  # sum of the answers, for the mean-score rule
    squares: float = 0.0  # sum of squared answers (0–1 transformed), for its interval
    low: int = 1  # scale minimum
    high: int = 5  # scale maximum

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.n + other.n,
            self.top + other.top,
            self.total + other.total,
            self.squares + other.squares,
            self.low,
            self.high,
        )


@dataclass(frozen=True)
class Measure:
    n: int
    pct: float | None
    ci_low: float | None
    ci_high: float | None


RULE_TOP_BOX = "top_box"
RULE_MEAN = "mean"


def measure(tally: Tally, rule: str = RULE_TOP_BOX) -> Measure:
    """Satisfaction in % under the questionnaire's rule, with its 95% interval.

    top_box: share of answers in the top two levels (4–5 on the 5-level scale), Wilson interval.
    mean: the mean answer moved onto 0–100 (min → 0, max → 100), normal-approximation interval.
    `tally.total` and `tally.squares` hold the answers already moved onto 0–1 for the mean rule.
    """
    if tally.n <= 0:
        return Measure(0, None, None, None)
    if rule == RULE_MEAN:
        mean = tally.total / tally.n
        var = max(0.0, tally.squares / tally.n - mean * mean)
        half = Z95 * math.sqrt(var / tally.n) if tally.n > 1 else 0.0
        low, high = max(0.0, mean - half), min(1.0, mean + half)
        return Measure(tally.n, mean * 100, low * 100, high * 100)
    low_high = wilson(tally.top, tally.n)
    return Measure(tally.n, tally.top / tally.n * 100, *low_high)


def pooled(tallies: list[Tally]) -> Tally:
    """The tallies of several items pooled (a criterion, a part, the whole questionnaire)."""
    out = Tally()
    for t in tallies:
        out = out + t
    return out


def is_top(value: int, high: int) -> bool:
    """Is an answer in the top two levels of a scale whose maximum is `high`?"""
    return value >= high - 1


def unit_value(value: float, low: int, high: int) -> float:
    """An answer moved onto 0–1 (scale minimum → 0, maximum → 1)."""
    return (value - low) / (high - low) if high > low else 0.0
