"""Reads of inspections, initiatives and dialogues, for pages and for the modules above.

The counts per unit (`recommendation_counts`, `commitment_counts`, `initiative_counts`) are the
contract the emulation score reads: one query each whatever the number of units, and a unit
with nothing recorded gets no key (shown as "chưa có dữ liệu", never as zero).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q

from chiso.accountability.models import Initiative, InitiativeStatus
from chiso.tracking.models import Occurrence


@dataclass(frozen=True)
class FollowUpCounts:
    """Recommendations or commitments of a unit, due within the year."""

    due: int  # with a deadline in the year (cancelled ones are not owed)
    closed_on_time: int  # accepted as done on or before the deadline
    closed_late: int  # accepted as done after the deadline
    open_overdue: int  # not closed and past the deadline on `today`


@dataclass(frozen=True)
class InitiativeCounts:
    registered: int
    recognised: int


def _follow_up_counts(
    relation: str, *, year: int, unit_ids: Iterable[int], today: date
) -> dict[int, FollowUpCounts]:
    """Occurrences of the tasks that follow up `relation` (recommendation / commitment), grouped
    by the unit that owes them, with their deadline in `year`."""
    closed = Q(completed_on__isnull=False)
    rows = (
        Occurrence.objects.filter(
            **{f"task__{relation}__isnull": False},
            unit_id__in=list(unit_ids),
            due_date__year=year,
            is_cancelled=False,
        )
        .values("unit_id")
        .annotate(
            due=Count("pk"),
            on_time=Count("pk", filter=closed & Q(completed_on__lte=F("due_date"))),
            late=Count("pk", filter=closed & Q(completed_on__gt=F("due_date"))),
            overdue=Count("pk", filter=Q(completed_on__isnull=True, due_date__lt=today)),
        )
        .order_by()
    )
    return {
        r["unit_id"]: FollowUpCounts(
            due=r["due"],
            closed_on_time=r["on_time"],
            closed_late=r["late"],
            open_overdue=r["overdue"],
        )
        for r in rows
    }


def recommendation_counts(
    *, year: int, unit_ids: Iterable[int], today: date
) -> dict[int, FollowUpCounts]:
    """Inspection recommendations per inspected unit, due within `year`."""
    return _follow_up_counts("recommendation", year=year, unit_ids=unit_ids, today=today)


def commitment_counts(
    *, year: int, unit_ids: Iterable[int], today: date
) -> dict[int, FollowUpCounts]:
    """Dialogue commitments per unit that made them, due within `year`."""
    return _follow_up_counts("commitment", year=year, unit_ids=unit_ids, today=today)


def initiative_counts(*, year: int, unit_ids: Iterable[int]) -> dict[int, InitiativeCounts]:
    """Initiatives registered and recognised per unit in `year`."""
    rows = (
        Initiative.objects.filter(year=year, unit_id__in=list(unit_ids))
        .values("unit_id")
        .annotate(
            registered=Count("pk"),
            recognised=Count("pk", filter=Q(status=InitiativeStatus.RECOGNISED)),
        )
        .order_by()
    )
    return {
        r["unit_id"]: InitiativeCounts(registered=r["registered"], recognised=r["recognised"])
        for r in rows
    }
