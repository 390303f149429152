"""The leaders' dashboard: index cards with the work serving each component, units ranked by
completion, overdue work by unit, national standing. A fixed number of queries whatever the
number of units, tasks or reports: everything is aggregated in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from chiso.frameworks.benchmark import papi_standing
from chiso.frameworks.selectors import index_cards
from chiso.orgs.models import OrgUnit
from chiso.tracking.models import Occurrence
from chiso.tracking.selectors import unit_completion_rates
from chiso.tracking.status import Status, status_expression

STATUS_KEYS = {
    "done_on_time": Status.DONE_ON_TIME,
    "done_late": Status.DONE_LATE,
    "overdue": Status.OVERDUE,
    "in_progress": Status.IN_PROGRESS,
    "not_due": Status.NOT_DUE,
    "cancelled": Status.CANCELLED,
}


@dataclass
class Filters:
    unit: OrgUnit
    year: int  # results up to this year; tasks due in it when `tasks_year` is set
    today: date
    plan: object | None = None
    tasks_year: int | None = None


def occurrences(f: Filters) -> QuerySet:
    """Occurrences of lead units in the unit's subtree, narrowed by plan and year."""
    qs = Occurrence.objects.filter(unit__path__startswith=f.unit.path)
    if f.plan is not None:
        qs = qs.filter(task__plan=f.plan)
    if f.tasks_year is not None:
        qs = qs.filter(due_date__year=f.tasks_year)
    return qs


def _status_counts(qs: QuerySet, today: date, group_by: str | None) -> list[dict]:
    counts = {k: Count("pk", filter=Q(st=v)) for k, v in STATUS_KEYS.items()}
    qs = qs.annotate(st=status_expression(today)).order_by()
    if group_by:
        qs = qs.values(group_by)
        return list(qs.annotate(total=Count("pk"), tasks=Count("task_id", distinct=True), **counts))
    return [qs.aggregate(total=Count("pk"), tasks=Count("task_id", distinct=True), **counts)]


def with_rates(counts: dict) -> dict:
    known = counts["done_on_time"] + counts["done_late"] + counts["overdue"]
    rate = (lambda n: round(100 * n / known, 1)) if known else (lambda n: None)
    return {
        **counts,
        "on_time_rate": rate(counts["done_on_time"]),
        "late_rate": rate(counts["done_late"]),
        "overdue_rate": rate(counts["overdue"]),
    }


def status_mix(f: Filters) -> dict:
    return with_rates(_status_counts(occurrences(f), f.today, None)[0])


def component_mix(f: Filters, component_ids: list[int], top_of: dict[int, int]) -> dict:
    """Per top-level component: counts by status of the occurrences of tasks serving it."""
    qs = occurrences(f).filter(task__component_links__component_id__in=component_ids)
    out: dict[int, dict] = {}
    for row in _status_counts(qs, f.today, "task__component_links__component_id"):
        top = top_of[row.pop("task__component_links__component_id")]
        acc = out.setdefault(top, {k: 0 for k in ["total", "tasks", *STATUS_KEYS]})
        for key in acc:
            acc[key] += row[key]
    return {k: with_rates(v) for k, v in out.items()}


def unit_ranking(f: Filters) -> list[dict]:
    """Lead units of the subtree, best completion first (on-time rate, then fewest overdue).

    Rates come from tracking's `unit_completion_rates` (same rule as the tracking pages).
    """
    units = OrgUnit.objects.filter(pk__in=occurrences(f).values("unit_id"))
    period = (date(f.tasks_year, 1, 1), date(f.tasks_year, 12, 31)) if f.tasks_year else None
    ranked = unit_completion_rates(units, f.today, plan=f.plan, period=period)
    ranked = [r for r in ranked if r["total"]]
    ranked.sort(
        key=lambda r: (
            r["on_time_rate"] is None,
            -(r["on_time_rate"] or 0),
            r["overdue"],
            r["unit"].name,
        )
    )
    for position, row in enumerate(ranked, start=1):
        row["position"] = position
    return ranked


def overdue_by_unit(ranking: list[dict]) -> list[dict]:
    return sorted(
        (r for r in ranking if r["overdue"]), key=lambda r: (-r["overdue"], r["unit"].name)
    )


def _tops(cards: list[dict]) -> tuple[list[int], dict[int, int]]:
    top_of: dict[int, int] = {}
    for card in cards:
        rows = card["all_components"]
        parents = {r["component"].pk: r["component"].parent_id for r in rows}
        for cid in parents:
            top = cid
            while parents.get(top):
                top = parents[top]
            top_of[cid] = top
    return list(top_of), top_of


def summary(f: Filters) -> dict:
    """Everything the dashboard page shows, for one unit subtree."""
    cards = index_cards(f.unit, f.year)
    ids, top_of = _tops(cards)
    mix = component_mix(f, ids, top_of)
    for card in cards:
        for row in card["components"]:
            row["mix"] = mix.get(row["component"].pk)
    ranking = unit_ranking(f)
    return {
        "cards": cards,
        "status": status_mix(f),
        "ranking": ranking,
        "overdue": overdue_by_unit(ranking),
        "benchmark": papi_standing(f.unit, f.year),
    }
