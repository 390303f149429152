"""How the apps above plans join in with plans without plans importing them.

Tracking keeps each task's occurrences in step with the task and adds progress figures to the
plan pages; it registers these functions from its AppConfig.ready(). Each hook is called
explicitly by the plans code at the one point where it applies (never through signals), inside
the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chiso.plans.models import Plan, Task

# (task) -> None: after a task's deadline, assignees or plan dates changed.
TASK_CHANGED: list[Callable[[Task], object]] = []
# (plans, today) -> None: sets `plan.rates` on each plan of the list page.
PLAN_LIST_FIGURES: list[Callable[[list[Plan], date], None]] = []
# (plan, tasks, today) -> dict merged into the plan page's context (may set `task.counts`).
PLAN_PAGE_FIGURES: list[Callable[[Plan, list[Task], date], dict]] = []


def register(hooks: list, fn: Callable) -> None:
    if fn not in hooks:
        hooks.append(fn)


def task_changed(task: Task) -> None:
    for fn in TASK_CHANGED:
        fn(task)


def plan_list_figures(plans: list[Plan], today: date) -> None:
    for fn in PLAN_LIST_FIGURES:
        fn(plans, today)


def plan_page_figures(plan: Plan, tasks: list[Task], today: date) -> dict:
    context: dict = {}
    for fn in PLAN_PAGE_FIGURES:
        context.update(fn(plan, tasks, today))
    return context
