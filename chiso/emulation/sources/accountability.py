"""Inspection recommendations closed on time, initiatives recognised and dialogue commitments
kept: the per-unit counts of `chiso.accountability.selectors`."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from chiso.accountability import selectors as acc
from chiso.accountability.models import Initiative, InitiativeStatus
from chiso.emulation.scoring import COUNT, RATE
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
from chiso.tracking.models import Occurrence
from chiso.tracking.status import Status

STATUS_NOTES = {
    Status.DONE_ON_TIME: "đã thực hiện đúng hạn",
    Status.DONE_LATE: "đã thực hiện, trễ hạn",
    Status.OVERDUE: "quá hạn chưa thực hiện",
    Status.IN_PROGRESS: "đang thực hiện",
    Status.NOT_DUE: "chưa đến hạn",
}


def _follow_up(counts: dict[int, acc.FollowUpCounts], noun: str) -> dict[int, Measure]:
    """Closed on time ÷ due in the year; a unit with nothing due has no value."""
    out = {}
    for unit_id, c in counts.items():
        if not c.due:
            continue
        out[unit_id] = Measure(
            (Decimal(100 * c.closed_on_time) / Decimal(c.due)).quantize(Decimal("0.01")),
            f"{c.closed_on_time}/{c.due} {noun} thực hiện đúng hạn ({c.closed_late} trễ hạn, "
            f"{c.open_overdue} quá hạn chưa thực hiện)",
        )
    return out


def _counts(ctx: Context, relation: str) -> dict[int, acc.FollowUpCounts]:
    """The follow-up counts of the context's units, read once for both sources."""
    if "follow_ups" not in ctx.memo:
        ctx.memo["follow_ups"] = acc.follow_up_counts(
            year=ctx.year, unit_ids=ctx.unit_ids, today=ctx.today
        )
    return ctx.memo["follow_ups"][relation]


def recommendation_values(ctx: Context) -> dict[int, Measure]:
    return _follow_up(_counts(ctx, "recommendation"), "kiến nghị")


def commitment_values(ctx: Context) -> dict[int, Measure]:
    return _follow_up(_counts(ctx, "commitment"), "cam kết")


def _follow_up_rows(ctx: Context, unit: OrgUnit, relation: str) -> list[Row]:
    qs = (
        Occurrence.objects.filter(
            **{f"task__{relation}__isnull": False},
            unit=unit,
            due_date__year=ctx.year,
            is_cancelled=False,
        )
        .with_status(ctx.today)
        .select_related(f"task__{relation}")
        .order_by("due_date", "pk")
    )
    rows = []
    for occ in qs[:ROW_LIMIT]:
        item = getattr(occ.task, relation)
        rows.append(
            Row(
                f"{item.content[:120]} (hạn {occ.due_date:%d/%m/%Y})",
                reverse("tracking:occurrence", args=[occ.pk]),
                STATUS_NOTES.get(occ.status, ""),
            )
        )
    return rows


def recommendation_rows(ctx: Context, unit: OrgUnit) -> list[Row]:
    return _follow_up_rows(ctx, unit, "recommendation")


def commitment_rows(ctx: Context, unit: OrgUnit) -> list[Row]:
    return _follow_up_rows(ctx, unit, "commitment")


def initiative_values(ctx: Context) -> dict[int, Measure]:
    counts = acc.initiative_counts(year=ctx.year, unit_ids=ctx.unit_ids)
    return {
        unit_id: Measure(
            Decimal(c.recognised), f"{c.recognised}/{c.registered} sáng kiến được công nhận"
        )
        for unit_id, c in counts.items()
    }


def initiative_rows(ctx: Context, unit: OrgUnit) -> list[Row]:
    qs = Initiative.objects.filter(unit=unit, year=ctx.year).order_by("pk")
    return [
        Row(
            i.title[:160],
            reverse("accountability:initiative", args=[i.pk]),
            i.get_status_display()
            + (f", {i.decision_number}" if i.status == InitiativeStatus.RECOGNISED else ""),
        )
        for i in qs[:ROW_LIMIT]
    ]


register(
    Source(
        code="recommendations",
        label="Thực hiện kiến nghị sau kiểm tra đúng hạn",
        kind=RATE,
        description=(
            "Tỷ lệ kiến nghị sau kiểm tra cải cách hành chính có hạn trong năm được thực hiện "
            "xong đúng hạn (kết quả đã được chấp nhận)."
        ),
        values=recommendation_values,
        rows=recommendation_rows,
        reads=("tracking.Occurrence", "plans.Task", "accountability.Recommendation"),
        has_rows=has_value,  # no value: none with a deadline in the year, the rows' periods
    )
)
register(
    Source(
        code="initiatives",
        label="Sáng kiến được công nhận",
        kind=COUNT,
        description=(
            "Số sáng kiến, giải pháp mới trong cải cách hành chính của đơn vị được công nhận "
            "trong năm; đủ số yêu cầu thì được đủ điểm."
        ),
        values=initiative_values,
        rows=initiative_rows,
        reads=("accountability.Initiative",),
        param_name="target",
        param_label="Số sáng kiến yêu cầu",
        default_params={"target": 1},
        value_unit="sáng kiến",
    )
)
register(
    Source(
        code="commitments",
        label="Thực hiện cam kết sau đối thoại",
        kind=RATE,
        description=(
            "Tỷ lệ cam kết tại các buổi đối thoại có hạn trong năm được thực hiện xong đúng hạn."
        ),
        values=commitment_values,
        rows=commitment_rows,
        reads=("tracking.Occurrence", "plans.Task", "accountability.Commitment"),
        has_rows=has_value,
    )
)
