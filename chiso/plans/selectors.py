"""Reads for the plans pages."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Prefetch, QuerySet

from chiso.plans import hooks
from chiso.plans.models import Plan, Task, TaskAssignment


def plan_list(user, today: date) -> list[Plan]:
    plans = list(
        Plan.objects.visible_to(user)
        .select_related("owner_unit")
        .annotate(task_count=Count("tasks", distinct=True))
        .order_by("-date", "-pk")
    )
    for plan in plans:
        plan.rates = None
    hooks.plan_list_figures(plans, today)
    return plans


def plan_tasks(plan: Plan) -> QuerySet[Task]:
    assignments = TaskAssignment.objects.select_related("unit", "group").order_by("role", "pk")
    return plan.tasks.prefetch_related(Prefetch("assignments", queryset=assignments)).order_by(
        "order", "pk"
    )
