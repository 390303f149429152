"""On-time completion and reporting timeliness of the unit's plan periods due in the year: the
figures of `chiso.tracking.rates`, the same the dashboard and the reports show."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from django.db.models import F, Q
from django.urls import reverse

from chiso.emulation.scoring import RATE
from chiso.emulation.sources.base import (
    ROW_LIMIT,
    Context,
    Measure,
    Row,
    Source,
    has_value,
    register,
)
from chiso.orgs.models import OrgUnit
from chiso.tracking import rates
from chiso.tracking.models import Occurrence
from chiso.tracking.selectors import counts_by_unit
from chiso.tracking.status import Status


def _counts_of(ctx: Context) -> dict[int, tuple]:
    """The counts by status of the context's units with periods in the year, read once for
    both sources (as tuples in the order of `rates.COUNT_KEYS`)."""
    if "completion_counts" not in ctx.memo:
        found = counts_by_unit(ctx.unit_ids, ctx.today, period=(ctx.start, ctx.end))
        ctx.memo["completion_counts"] = {
            pk: tuple(c[key] or 0 for key in rates.COUNT_KEYS)
            for pk, c in found.items()
            if c["total"]
        }
    return ctx.memo["completion_counts"]


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


# A unit's measures depend on its counts alone: computed once for each set of counts, so that
# after one task report only the unit whose counts moved is measured again.
@lru_cache(maxsize=8192)
def _measures(counts: tuple) -> tuple[Measure, Measure]:
    """(on-time, reporting) of one unit's counts, with the rates of `rates.rates_of`."""
    r = rates.rates_of(dict(zip(rates.COUNT_KEYS, counts, strict=True)))
    known = r["done_on_time"] + r["done_late"] + r["overdue"]
    on_time = (
        f"{r['done_on_time']}/{known} kỳ hoàn thành đúng hạn "
        f"({r['done_late']} trễ hạn, {r['overdue']} quá hạn chưa hoàn thành)"
    )
    reporting = f"{r['due_reported']}/{r['due']} kỳ đến hạn có báo cáo gửi đúng hạn"
    return (
        Measure(_dec(r["on_time_rate"]), on_time if known else rates.NOTHING_DUE),
        Measure(_dec(r["reporting_timeliness"]), reporting if r["due"] else rates.NOTHING_DUE),
    )


def on_time_values(ctx: Context) -> dict[int, Measure]:
    return {pk: _measures(counts)[0] for pk, counts in _counts_of(ctx).items()}


def reporting_values(ctx: Context) -> dict[int, Measure]:
    return {pk: _measures(counts)[1] for pk, counts in _counts_of(ctx).items()}


def _occurrences(ctx: Context, unit: OrgUnit):
    return (
        Occurrence.objects.filter(unit=unit, due_date__range=(ctx.start, ctx.end))
        .with_status(ctx.today)
        .order_by("due_date", "pk")
    )


class _Period(NamedTuple):
    pk: int
    content: str
    period_label: str
    due_date: date
    first_reported_on: date | None
    status: str


def _periods(qs) -> list[_Period]:
    """The first rows of the list, read as values (a few fields of the task and the period)."""
    fields = ("pk", "task__content", "period_label", "due_date", "first_reported_on", "status")
    return [_Period(*row) for row in qs.values_list(*fields)[:ROW_LIMIT]]


def _row(period: _Period, note: str) -> Row:
    label = (
        f"{period.content[:120]} — {period.period_label or 'kỳ'} (hạn {period.due_date:%d/%m/%Y})"
    )
    return Row(label, reverse("tracking:occurrence", args=[period.pk]), note)


STATUS_NOTES = {Status.DONE_LATE: "hoàn thành trễ hạn", Status.OVERDUE: "quá hạn"}


def on_time_rows(ctx: Context, unit: OrgUnit) -> list[Row]:
    """The periods that cost points: done late or overdue."""
    qs = _occurrences(ctx, unit).filter(status__in=list(STATUS_NOTES))
    return [_row(o, STATUS_NOTES[o.status]) for o in _periods(qs)]


def reporting_rows(ctx: Context, unit: OrgUnit) -> list[Row]:
    """Due periods whose first report was late or never sent."""
    qs = (
        _occurrences(ctx, unit)
        .filter(rates.due_q(ctx.today))
        .filter(Q(first_reported_on__isnull=True) | Q(first_reported_on__gt=F("due_date")))
    )
    return [
        _row(
            o,
            f"báo cáo lần đầu {o.first_reported_on:%d/%m/%Y}"
            if o.first_reported_on
            else "chưa gửi báo cáo",
        )
        for o in _periods(qs)
    ]


register(
    Source(
        code="on_time",
        label="Hoàn thành nhiệm vụ đúng hạn",
        kind=RATE,
        description=(
            "Tỷ lệ kỳ hoàn thành đúng hạn trong số các kỳ đã có kết quả (hoàn thành hoặc đã quá "
            "hạn) của các nhiệm vụ đơn vị chủ trì, có hạn trong năm — cùng số liệu với trang "
            "Tổng quan chỉ số."
        ),
        values=on_time_values,
        rows=on_time_rows,
        reads=("tracking.Occurrence", "tracking.ProgressReport", "plans.Task", "plans.Plan"),
        has_rows=has_value,  # rows: periods of the year, done late or overdue / reported late
    )
)
register(
    Source(
        code="reporting",
        label="Báo cáo đúng hạn",
        kind=RATE,
        description=(
            "Tỷ lệ kỳ đã đến hạn trong năm có báo cáo lần đầu gửi trước hoặc đúng hạn — cùng số "
            "liệu với trang Tổng quan chỉ số."
        ),
        values=reporting_values,
        rows=reporting_rows,
        reads=("tracking.Occurrence", "tracking.ProgressReport", "plans.Task", "plans.Plan"),
        has_rows=has_value,  # rows: periods of the year, done late or overdue / reported late
    )
)
