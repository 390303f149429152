"""The rows behind every dashboard number (drill-down), as querysets the pages paginate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from chiso.core.links import id_prefix
from chiso.core.templatetags.text_tags import clip
from chiso.dashboard.selectors import STATUS_KEYS, Filters, occurrences
from chiso.frameworks.models import BenchmarkResult, Component, Framework, Result, Target
from chiso.tracking.models import Occurrence, status_column
from chiso.tracking.status import Status

STATUS_LABELS = dict(Status.choices)
BADGES = {
    Status.OVERDUE: "flag-red",
    Status.DONE_LATE: "flag-amber",
    Status.DONE_ON_TIME: "flag-green",
    Status.NOT_DUE: "flag-grey",
}


def occurrence_rows(
    f: Filters, *, status: str = "", lead_unit_id: int | None = None, component=None
) -> QuerySet:
    qs = occurrences(f).annotate(st=status_column(f.today))
    if status in STATUS_KEYS:
        qs = qs.filter(st=STATUS_KEYS[status])
    if lead_unit_id is not None:
        qs = qs.filter(unit_id=lead_unit_id)
    if component is not None:
        ids = subtree_ids(component)
        qs = qs.filter(task__component_links__component_id__in=ids).distinct()
    # Within a due date, units in the order they were entered (their id), not
    # by name: the (status, due date, unit) index then gives the order and a page stops after
    # its rows, where sorting by name would sort every period of that date first.
    return qs.select_related("task", "task__plan", "unit").order_by("due_date", "unit_id", "pk")


@dataclass(slots=True)
class DrillRow:
    pk: int
    url: str
    number: str  # the task's number in its plan, "" without one
    content: str  # clipped to 160 characters
    plan: str  # the plan's number, else its title, clipped to 40
    unit: str
    period: str
    due: str  # dd/mm/yyyy, or "—"
    status_label: str
    badge: str  # the badge's colour class


def drill_rows(ids, today: date) -> list[DrillRow]:
    """The drill-down rows of the periods `ids` (a page chosen by `occurrence_rows`), read by id
    alone as plain values: the list's own filter would let the database find them the long way
    (through every period of a status), and model instances cost more than the page shows."""
    values = (
        Occurrence.objects.filter(pk__in=ids)
        .annotate(st=status_column(today))
        .values(
            "pk",
            "task__number",
            "task__content",
            "task__plan__number",
            "task__plan__title",
            "unit__name",
            "period_label",
            "due_date",
            "st",
        )
    )
    prefix = id_prefix("tracking:occurrence")
    rows = []
    for v in values:
        due, st = v["due_date"], v["st"]
        rows.append(
            DrillRow(
                pk=v["pk"],
                url=f"{prefix}{v['pk']}/",
                number=v["task__number"] or "",
                content=clip(v["task__content"], 160),
                plan=clip(v["task__plan__number"] or v["task__plan__title"], 40),
                unit=v["unit__name"],
                period=v["period_label"],
                due=due.strftime("%d/%m/%Y") if due else "—",
                status_label=STATUS_LABELS.get(st, st),
                badge=BADGES.get(st, ""),
            )
        )
    return rows


def subtree_ids(component: Component) -> list[int]:
    comps = Component.objects.filter(framework_id=component.framework_id).values_list(
        "pk", "parent_id"
    )
    children: dict = {}
    for pk, parent in comps:
        children.setdefault(parent, []).append(pk)
    found, todo = [], [component.pk]
    while todo:
        pk = todo.pop()
        found.append(pk)
        todo.extend(children.get(pk, []))
    return found


def result_rows(f: Filters, framework: Framework, *, component=None, year=None) -> dict:
    results = Result.objects.filter(unit=f.unit, framework=framework)
    targets = Target.objects.filter(unit=f.unit, framework=framework)
    if component is not None:
        ids = subtree_ids(component)
        results = results.filter(component_id__in=ids)
        targets = targets.filter(component_id__in=ids)
    if year is not None:
        results = results.filter(year=year)
    related = ("component", "created_by", "source_plan")
    return {
        "results": results.select_related(*related).order_by("-year", "component__order"),
        "targets": targets.select_related("component", "source_plan").order_by(
            "year", "component__order"
        ),
    }


def benchmark_rows(framework: Framework, year: int, component=None) -> QuerySet:
    q = Q(component=component) if component is not None else Q(component__isnull=True)
    return (
        BenchmarkResult.objects.filter(q, framework=framework, year=year)
        .select_related("province", "province__merged_into")
        .order_by("-score")
    )
