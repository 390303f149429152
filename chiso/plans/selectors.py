"""Reads for the plans pages."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Prefetch, QuerySet

from chiso.orgs import access
from chiso.plans.models import Plan, Task, TaskAssignment
from chiso.tracking.models import Occurrence
from chiso.tracking.selectors import completion_counts, rates_row


def plan_list(user, today: date) -> list[Plan]:
    plans = list(
        access.visible_plans(user)
        .select_related("owner_unit")
        .annotate(task_count=Count("tasks", distinct=True))
        .order_by("-date", "-pk")
    )
    counts = completion_counts(
        Occurrence.objects.filter(task__plan__in=[p.pk for p in plans]), today, "task__plan_id"
    )
    for plan in plans:
        plan.rates = rates_row(counts[plan.pk]) if plan.pk in counts else None
    return plans


def plan_tasks(plan: Plan) -> QuerySet[Task]:
    assignments = TaskAssignment.objects.select_related("unit", "group").order_by("role", "pk")
    return plan.tasks.prefetch_related(Prefetch("assignments", queryset=assignments)).order_by(
        "order", "pk"
    )
