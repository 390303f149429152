"""The rows behind every dashboard number (drill-down), as querysets the pages paginate."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from chiso.dashboard.selectors import STATUS_KEYS, Filters, occurrences
from chiso.frameworks.models import BenchmarkResult, Component, Framework, Result, Target
from chiso.tracking.models import status_column


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
    return qs.select_related("task", "task__plan", "unit").order_by("due_date", "unit__name", "pk")


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
