"""Coverage arithmetic: how many units a target share requires, and how far the year has got.

Pure module (no database): the selectors pass unit ids already filtered to the units in
operation (dissolved units are out of the denominator).
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal


def required_count(units: int, percent: int) -> int:
    """The fewest units that make at least `percent`% of `units` ("tối thiểu 30%": 30% of 11
    units is 3.3, so 4 units)."""
    if units <= 0 or percent <= 0:
        return 0
    return -(-units * percent // 100)


def share(part: int, whole: int) -> Decimal | None:
    """part/whole as a percentage with one decimal (half up); None when there is no whole."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def scope_day(year: int, today: date) -> date:
    """The day a year's scope is judged on: today within the year, else the year's nearer end."""
    return min(max(today, date(year, 1, 1)), date(year, 12, 31))


@dataclass(frozen=True)
class Coverage:
    in_scope: int  # units in operation in the plan's scope
    planned: int  # of which with an inspection planned
    inspected: int  # of which inspected
    target_percent: int

    @property
    def required(self) -> int:
        return required_count(self.in_scope, self.target_percent)

    @property
    def percent(self) -> Decimal | None:
        return share(self.inspected, self.in_scope)

    @property
    def planned_percent(self) -> Decimal | None:
        return share(self.planned, self.in_scope)

    @property
    def met(self) -> bool:
        return self.in_scope > 0 and self.inspected >= self.required

    @property
    def missing(self) -> int:
        """Inspections still needed to reach the target."""
        return max(self.required - self.inspected, 0)


def coverage(
    *, scope_ids: set[int], planned_ids: set[int], inspected_ids: set[int], target_percent: int
) -> Coverage:
    """Coverage of a plan: planned and inspected units count only inside the scope."""
    return Coverage(
        in_scope=len(scope_ids),
        planned=len(planned_ids & scope_ids),
        inspected=len(inspected_ids & scope_ids),
        target_percent=target_percent,
    )
