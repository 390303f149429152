"""The plan page's tasks: the plan's own order, its filters, a page at a time.

A plan reads as a document (appendices, then one section per index), but a province's plans run
to hundreds of tasks, each with its assignees and status figures. The page chooses its tasks by
id in the plan's order (after the filters), builds rows for those only, and numbers appendices
and sections over the whole plan, so an appendix cut by a page break continues on the next page
under the same title.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.urls import reverse

from chiso.core import paging
from chiso.core.lookup import parse_id
from chiso.frameworks.vocabulary import IndexCode
from chiso.plans import hooks, selectors
from chiso.plans.grouping import appendix_title, group_tasks, titles_of
from chiso.plans.models import Plan, Task, TaskAssignment

TASKS_PER_PAGE = 50
ID_MARK = 987654321  # an id no plan reaches, replaced by each task's id in its addresses

# What a task's row shows (the rest of a task, such as its parsed deadline, is not read).
ROW_FIELDS = (
    "pk", "plan_id", "order", "number", "appendix", "content", "expected_output", "index_code",
    "component_text", "deadline_raw", "due_date",
)  # fmt: skip

# Query parameters of the plan page's task filters.
TASK_FILTERS = {
    "unit": "don_vi",
    "index": "chi_so",
    "component": "thanh_phan",
    "flag": "tinh_trang",
    "deadline": "han",
}


@dataclass(slots=True)
class _Figures:
    """What the status hook needs of a task (its id) and gives back (its counts)."""

    pk: int
    counts: dict | None = None


def tasks_page(plan: Plan, params, today: date) -> dict:
    """The context of the plan page's task list for the query parameters `params`."""
    filters = {key: params.get(name, "").strip() for key, name in TASK_FILTERS.items()}
    filtered = any(filters.values())
    ordered = plan.tasks.order_by("order", "pk")
    sequence = list(ordered.values_list("pk", "appendix", "index_code"))
    ids = [pk for pk, _, _ in sequence]
    if filtered:
        chosen = selectors.filter_tasks(
            ordered,
            today=today,
            unit_id=parse_id(filters["unit"]),
            index_code=filters["index"],
            component=filters["component"],
            deadline=filters["deadline"],
        )
        keep = set(chosen.values_list("pk", flat=True))
        ids = [pk for pk in ids if pk in keep]
    stubs = [_Figures(pk) for pk in ids]
    figures = hooks.plan_page_figures(plan, stubs, today)
    if filters["flag"]:
        stubs = [s for s in stubs if s.counts and s.counts.get("flag") == filters["flag"]]
    page = paging.page_of_list(stubs, params, per_page=TASKS_PER_PAGE)
    counts = {s.pk: s.counts for s in page.rows}
    tasks = list(plan.tasks.filter(pk__in=counts).only(*ROW_FIELDS).order_by("order", "pk"))
    for task in tasks:
        task.counts = counts[task.pk]
    _prepare_rows(tasks)
    page.rows = tasks
    titles = titles_of(sequence, dict(IndexCode.choices))
    return {
        "page": page,
        "tasks": tasks,
        "task_total": len(sequence),
        "appendix_count": len({appendix_title(a) for _, a, _ in sequence}),
        "groups": group_tasks(tasks, dict(IndexCode.choices), titles),
        "filters": filters,
        "filtered": filtered,
        **figures,
    }


def _prepare_rows(tasks: list) -> None:
    """What each row of the plan page shows, worked out once here rather than by the template
    for every task: the assignees by role and the addresses of the row's actions.

    The assignees are read in one query and handed out by task: `prefetch_related` would build
    a related manager's queryset per task, which cost more than the rows themselves."""
    edit = reverse("plans:task_edit", args=[ID_MARK])
    move = reverse("plans:task_move", args=[ID_MARK])
    assignments = (
        TaskAssignment.objects.filter(task__in=[t.pk for t in tasks])
        .select_related("unit", "group")
        .only("pk", "role", "task_id", "unit__name", "group__name")
        .order_by("role", "pk")
    )
    by_task = defaultdict(list)
    for assignment in assignments:
        by_task[assignment.task_id].append(assignment)
    for task in tasks:
        task.by_role = {role: [] for role in ("lead", "coordinating", "monitoring")}
        for assignment in by_task[task.pk]:
            task.by_role.setdefault(assignment.role, []).append(assignment)
        task.edit_url = edit.replace(str(ID_MARK), str(task.pk))
        task.move_url = move.replace(str(ID_MARK), str(task.pk))


def task_url(task: Task) -> str:
    """The plan page showing `task` (its page of the plan), at the task's row."""
    order = Task.objects.values_list("order", flat=True).get(pk=task.pk)  # after a move
    earlier = Q(order__lt=order) | Q(order=order, pk__lt=task.pk)
    before = Task.objects.filter(earlier, plan_id=task.plan_id).count()
    number = before // TASKS_PER_PAGE + 1
    query = f"?trang={number}" if number > 1 else ""
    return f"{reverse('plans:detail', args=[task.plan_id])}{query}#nv-{task.pk}"
