"""Reads for the plans pages."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Prefetch, QuerySet
from django.urls import reverse

from chiso.core import paging
from chiso.core.paging import Page
from chiso.plans import hooks
from chiso.plans.models import Plan, Task, TaskAssignment

PLANS_PER_PAGE = 25


def plan_list(user, today: date, params=None, *, per_page: int = PLANS_PER_PAGE) -> Page:
    """One page of the plans the user may see, newest first, with their figures.

    Task counts and the progress figures are read for the page's plans only, so the page costs
    the same however many plans the province keeps.
    """
    plans_qs = Plan.objects.visible_to(user).select_related("owner_unit").order_by("-date", "-pk")
    page = paging.page_of(plans_qs, params or {}, per_page=per_page)
    counts = dict(
        Task.objects.filter(plan__in=[p.pk for p in page.rows])
        .order_by()
        .values("plan_id")
        .annotate(n=Count("pk"))
        .values_list("plan_id", "n")
    )
    plan_url = reverse("plans:detail", args=[0]).removesuffix("0/")
    for plan in page.rows:
        plan.task_count = counts.get(plan.pk, 0)
        plan.rates = None
        plan.url = f"{plan_url}{plan.pk}/"
    hooks.plan_list_figures(page.rows, today)
    return page


def plan_tasks(plan: Plan) -> QuerySet[Task]:
    assignments = TaskAssignment.objects.select_related("unit", "group").order_by("role", "pk")
    return plan.tasks.prefetch_related(Prefetch("assignments", queryset=assignments)).order_by(
        "order", "pk"
    )
