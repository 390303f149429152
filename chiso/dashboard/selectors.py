"""The leaders' dashboard: index cards with the work serving each component, units ranked by
completion, overdue work by unit, national standing. A fixed number of queries whatever the
number of units, tasks or reports: everything is aggregated in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet

from chiso.core import figures
from chiso.frameworks.benchmark import papi_standing
from chiso.frameworks.selectors import index_cards
from chiso.orgs.models import OrgUnit
from chiso.tracking import rates
from chiso.tracking.models import Occurrence, StatusRollup
from chiso.tracking.rates import STATUS_KEYS
from chiso.tracking.selectors import rollups_for, unit_completion_rates


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


def rollups(f: Filters) -> QuerySet | None:
    """The roll-ups of the same occurrences as `occurrences(f)` (task × unit × year rows), when
    they hold the statuses of `f.today`; None otherwise."""
    if rollups_for(f.today) is None:
        return None
    qs = StatusRollup.objects.filter(unit__path__startswith=f.unit.path)
    if f.plan is not None:
        qs = qs.filter(plan=f.plan)
    if f.tasks_year is not None:
        qs = qs.filter(year=f.tasks_year)
    return qs


def _tasks() -> dict:
    return {"tasks": Count("task_id", distinct=True)}


def status_mix(f: Filters) -> dict:
    stored = rollups(f)
    if stored is not None:
        return rates.rates_of(rates.sum_by(stored, **_tasks()))
    return rates.rates_of(rates.count_by(occurrences(f), f.today, **_tasks()))


def component_mix(f: Filters, component_ids: list[int], top_of: dict[int, int]) -> dict:
    """Per top-level component: counts by status of the occurrences of tasks serving it."""
    by_component = "task__component_links__component_id"
    stored = rollups(f)
    if stored is not None:
        qs = stored.filter(task__component_links__component_id__in=component_ids)
        grouped = rates.sum_by(qs, by_component, **_tasks())
    else:
        qs = occurrences(f).filter(task__component_links__component_id__in=component_ids)
        grouped = rates.count_by(qs, f.today, by_component, **_tasks())
    out: dict[int, dict] = {}
    for component_id, row in grouped.items():
        acc = out.setdefault(top_of[component_id], {"tasks": 0, **rates.empty_counts()})
        for key in acc:
            acc[key] += row[key]
    return {k: rates.rates_of(v) for k, v in out.items()}


def _ended(row: dict) -> date | None:
    return row["unit"].active_to


def unit_ranking(f: Filters) -> list[dict]:
    """Lead units of the subtree ordered by the documented rule (`rates.rank`).

    Counts and rates come from tracking's `unit_completion_rates` (same rule as the tracking
    pages, the reports and the API). Units with nothing due, or dissolved before the day the
    dashboard is judged on, are listed without a position.
    """
    stored = rollups(f)
    source = occurrences(f) if stored is None else stored
    units = OrgUnit.objects.filter(pk__in=source.values("unit_id"))
    period = (date(f.tasks_year, 1, 1), date(f.tasks_year, 12, 31)) if f.tasks_year else None
    rows = unit_completion_rates(units, f.today, plan=f.plan, period=period)
    return rates.rank([r for r in rows if r["total"]], day=f.today, ended=_ended)


__all__ = ["STATUS_KEYS", "Filters", "occurrences", "summary"]


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
        "ranking_rule": rates.RANKING_RULE,
        "overdue": overdue_by_unit(ranking),
        "benchmark": papi_standing(f.unit, f.year),
    }


def cached_summary(f: Filters) -> dict:
    """`summary(f)`, read from the cache of figures while no write changed the data (see
    `chiso.core.figures`). The figures depend only on the filters (the unit subtree, years,
    plan and day), which the view has checked the user may see."""
    return figures.cached("dashboard-summary", summary_key(f), lambda: summary(f))


def summary_key(f: Filters) -> tuple:
    return (f.unit.pk, f.unit.path, f.year, f.tasks_year, getattr(f.plan, "pk", None), f.today)
