"""Reads for the plans pages."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Prefetch, QuerySet

from chiso.core import figures, paging
from chiso.core.links import id_prefix
from chiso.core.paging import Page
from chiso.orgs.models import OrgUnit
from chiso.plans import hooks
from chiso.plans.models import Plan, Task, TaskAssignment
from chiso.plans.vocabulary import AssignmentRole

PLANS_PER_PAGE = 25


def plan_list(user, today: date, params=None, *, per_page: int = PLANS_PER_PAGE) -> Page:
    """One page of the plans the user may see, newest first, with their figures.

    Task counts and the progress figures are read for the page's plans only, so the page costs
    the same however many plans the province keeps.
    """
    plans_qs = Plan.objects.visible_to(user).select_related("owner_unit").order_by("-date", "-pk")
    page = paging.page_of(plans_qs, params or {}, per_page=per_page)
    ids = [p.pk for p in page.rows]
    counts = figures.cached("plan-task-counts", (ids,), lambda: _task_counts(ids))
    plan_url = id_prefix("plans:detail")
    for plan in page.rows:
        plan.task_count = counts.get(plan.pk, 0)
        plan.rates = None
        plan.url = f"{plan_url}{plan.pk}/"
    hooks.plan_list_figures(page.rows, today)
    return page


def _task_counts(plan_ids: list[int]) -> dict[int, int]:
    return dict(
        Task.objects.filter(plan__in=plan_ids)
        .order_by()
        .values("plan_id")
        .annotate(n=Count("pk"))
        .values_list("plan_id", "n")
    )


def plan_tasks(plan: Plan) -> QuerySet[Task]:
    assignments = TaskAssignment.objects.select_related("unit", "group").order_by("role", "pk")
    return plan.tasks.prefetch_related(Prefetch("assignments", queryset=assignments)).order_by(
        "order", "pk"
    )


# ?han=… on the plan page: which deadlines to show.
DEADLINE_FILTERS = {
    "qua_han": "Hạn đã qua",
    "30_ngay": "Đến hạn trong 30 ngày tới",
    "khong_co_han": "Thường xuyên, không có hạn cụ thể",
}


def filter_tasks(
    tasks: QuerySet[Task],
    *,
    today: date,
    unit_id: int | None = None,
    index_code: str = "",
    component: str = "",
    deadline: str = "",
) -> QuerySet[Task]:
    """The plan page's filters: lead unit, index, component (as written) and deadline."""
    if unit_id:
        tasks = tasks.filter(assignments__unit_id=unit_id, assignments__role=AssignmentRole.LEAD)
    if index_code:
        tasks = tasks.filter(index_code=index_code)
    if component:
        tasks = tasks.filter(component_text=component)
    if deadline == "qua_han":
        tasks = tasks.filter(due_date__lt=today)
    elif deadline == "30_ngay":
        tasks = tasks.filter(due_date__gte=today, due_date__lte=today + timedelta(days=30))
    elif deadline == "khong_co_han":
        tasks = tasks.filter(due_date__isnull=True)
    return tasks.distinct()


def filter_options(plan: Plan) -> dict:
    """Choices of the plan page's filters, from the plan's own tasks (kept until the data
    changes: three scans of the plan's tasks for a few drop-downs)."""
    return figures.cached("plan-filter-options", (plan.pk,), lambda: _filter_options(plan))


def _filter_options(plan: Plan) -> dict:
    tasks = plan.tasks.all()
    leads = TaskAssignment.objects.filter(
        task__plan=plan, role=AssignmentRole.LEAD, unit__isnull=False
    )
    return {
        "units": list(
            OrgUnit.objects.filter(pk__in=leads.values("unit_id"))
            .order_by("path")
            .values("pk", "name")
        ),
        "indices": sorted(set(tasks.exclude(index_code="").values_list("index_code", flat=True))),
        "components": sorted(
            set(tasks.exclude(component_text="").values_list("component_text", flat=True))
        ),
        "deadlines": DEADLINE_FILTERS,
    }
