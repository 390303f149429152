"""Scheduled work: after each period's cut-off, prepare the compiled draft of every running plan
and tell its coordinators. Idempotent: a plan and period get one draft, made once."""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from chiso.core.errors import DomainError
from chiso.orgs.models import Membership, Role
from chiso.plans.models import Plan, PlanStatus
from chiso.reports import services
from chiso.reports.models import Report, ReportKind
from chiso.reports.periods import periods_closed_on, rules_from_settings
from chiso.tracking.models import Notification
from chiso.tracking.notify import link, send_email

log = logging.getLogger("chiso.reports")
LOOKBACK_DAYS = 31


def prepare_due_drafts(today: date | None = None) -> str:
    today = today or timezone.localdate()
    rules = rules_from_settings(getattr(settings, "REPORT_CUTOFF_RULES", {}))
    made = 0
    for period in periods_closed_on(today, LOOKBACK_DAYS, rules):
        plans = Plan.objects.filter(
            status=PlanStatus.ACTIVE,
            period_start__lte=period.data_end,
            period_end__gte=period.data_start,
        ).select_related("coordinator_unit", "owner_unit")
        for plan in plans:
            exists = Report.objects.filter(
                kind=ReportKind.COMPILED,
                plan=plan,
                unit=services.compiler_unit(plan),
                period_code=period.code,
            ).exists()
            if exists:
                continue
            try:
                report = services.report_generate(
                    kind=ReportKind.COMPILED, plan=plan, period=period, today=today
                )
            except DomainError as exc:
                log.warning("draft for plan %s %s skipped: %s", plan.pk, period.code, exc.message)
                continue
            notify_coordinators(report)
            made += 1
    return f"đã chuẩn bị {made} dự thảo báo cáo"


@task()
def drafts_prepare() -> str:
    """Periodic background task (hourly): the compiled drafts due today."""
    return prepare_due_drafts()


def coordinators_of(plan: Plan):
    owner = plan.owner_unit
    ancestors = [owner.pk, *owner.ancestor_ids()]
    memberships = Membership.objects.filter(role=Role.COORDINATOR).filter(
        Q(scope_id__in=ancestors) | Q(scope__isnull=True, unit_id__in=ancestors)
    )
    return (
        get_user_model()
        .objects.filter(pk__in=memberships.values("user_id"), is_active=True)
        .order_by("pk")
    )


def notify_coordinators(report: Report) -> int:
    """E-mail each coordinator, and leave an in-app notification."""
    url = reverse("reports:detail", args=[report.pk])
    text = (
        f"Dự thảo báo cáo tổng hợp {report.period_label} của kế hoạch "
        f"{report.plan.number or report.plan.title[:60]} đã được chuẩn bị. "
        "Vui lòng xem, chỉnh sửa và hoàn thiện."
    )
    users = list(coordinators_of(report.plan))
    for user in users:
        Notification.objects.create(user=user, message=text, url=url)
        if user.email:
            send_email(
                f"[chiso] Dự thảo báo cáo {report.period_label}",
                f"{text}\n\n{link(url)}",
                [user.email],
            )
    return len(users)
