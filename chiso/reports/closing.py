"""Period close (chốt số liệu) seen from the report periods: the coordinator closes a plan's
period after its cut-off, or it closes by itself `REPORTS_CLOSE_GRACE_DAYS` days after the
cut-off (`close_due_periods`, a periodic job). Tracking freezes the per-unit counts; the rest of
what the period's reports print (task rows, late work, ...) is stored here with them."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import task

from chiso.core.errors import DomainError
from chiso.plans.models import Plan, PlanStatus
from chiso.reports.models import ClosedPeriodContent
from chiso.reports.periods import ReportPeriod, periods_closed_on, rules_from_settings
from chiso.reports.selectors import (
    as_of,
    completion_rates,
    frozen_rates,
    live_rows,
    plan_extras,
    plan_lead_units,
    summarise,
)
from chiso.reports.services import period_from_code
from chiso.tracking import services as tracking
from chiso.tracking.models import PeriodClose

log = logging.getLogger("chiso.reports")
LOOKBACK_DAYS = 31


def grace_days() -> int:
    return int(getattr(settings, "REPORTS_CLOSE_GRACE_DAYS", 5))


def closable_on(period: ReportPeriod, today: date) -> bool:
    """A period can be closed once its cut-off day has passed."""
    return today > period.data_end


def period_close(
    *, plan: Plan, period: ReportPeriod, by, today: date | None = None, automatic: bool = False
) -> PeriodClose:
    today = today or timezone.localdate()
    if not closable_on(period, today):
        raise DomainError(
            f"Chưa thể chốt số liệu {period.label}: số liệu tính đến hết ngày "
            f"{period.data_end:%d/%m/%Y}."
        )
    with transaction.atomic():
        close = tracking.period_close(
            plan=plan,
            period_code=period.code,
            period_label=period.label,
            data_start=period.data_start,
            data_end=period.data_end,
            as_of=as_of(period, today),
            by=by,
            automatic=automatic,
        )
        snapshot_take(close, period)
    return close


def snapshot_take(close: PeriodClose, period: ReportPeriod) -> ClosedPeriodContent:
    """Store what the period's reports print, as on the close's `as_of` day (the per-unit counts
    are the close's PeriodFigure rows): reports regenerated later read these, not live data."""
    rows = live_rows(close.plan, period, close.as_of)
    content, _ = ClosedPeriodContent.objects.update_or_create(
        close=close, defaults={**rows, "extras": plan_extras(close.plan, period)}
    )
    return content


def period_close_by_code(*, plan: Plan, period_code: str, by) -> PeriodClose:
    return period_close(plan=plan, period=period_from_code(period_code), by=by)


def visible_closes(user) -> QuerySet[PeriodClose]:
    """Closes of the plans the user may see, newest cut-off first."""
    plans = Plan.objects.visible_to(user).values("pk")
    return PeriodClose.objects.filter(plan__in=plans).select_related("plan", "closed_by")


def preview(*, plan: Plan, period: ReportPeriod, today: date | None = None) -> dict:
    """What the close page shows: the existing close (with its frozen rows) or the live rows
    that closing now would freeze, and whether the cut-off has passed."""
    today = today or timezone.localdate()
    close = PeriodClose.objects.filter(plan=plan, period_code=period.code).first()
    if close is not None and close.is_closed:
        rows = frozen_rates(close)
    else:
        rows = completion_rates(
            plan_lead_units(plan), as_of(period, today), plan=plan, period=period
        )
    rows = [r for r in rows if r["total"]]
    return {
        "plan": plan,
        "period": period,
        "close": close,
        "rows": rows,
        "summary": summarise(rows),
        "closable": closable_on(period, today),
        "history": close.history.select_related("history_user").order_by("-history_date")
        if close
        else [],
    }


def close_due_periods(today: date | None = None) -> str:
    """Close every running plan's periods whose cut-off + grace days has come (idempotent).

    A period that was closed and then reopened by a coordinator is left open: only she closes it
    again.
    """
    today = today or timezone.localdate()
    rules = rules_from_settings(getattr(settings, "REPORT_CUTOFF_RULES", {}))
    day = today - timedelta(days=grace_days() - 1)  # data_end + grace <= today
    closed = 0
    for period in periods_closed_on(day, LOOKBACK_DAYS, rules):
        plans = Plan.objects.filter(
            status=PlanStatus.ACTIVE,
            period_start__lte=period.data_end,
            period_end__gte=period.data_start,
        ).exclude(period_closes__period_code=period.code)
        for plan in plans:
            try:
                period_close(plan=plan, period=period, by=None, today=today, automatic=True)
            except DomainError as exc:  # closed meanwhile by a coordinator
                log.info("period %s of plan %s not closed: %s", period.code, plan.pk, exc.message)
                continue
            closed += 1
    return f"đã tự động chốt số liệu {closed} kỳ báo cáo"


@task()
def periods_close() -> str:
    """Periodic background task (hourly): close the periods whose grace days have passed."""
    return close_due_periods()
