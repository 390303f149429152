"""Minus points for requests for explanation (yêu cầu giải trình) about the unit's plan periods
due in the year (whenever the request was sent: a year's late work is often questioned after it)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from chiso.emulation.scoring import PENALTY
from chiso.emulation.sources.base import ROW_LIMIT, Context, Measure, Row, Source, register
from chiso.orgs.models import OrgUnit
from chiso.tracking.models import ExplanationRequest


def _requests(ctx: Context):
    return ExplanationRequest.objects.filter(occurrence__due_date__range=(ctx.start, ctx.end))


def values(ctx: Context) -> dict[int, Measure]:
    """Every unit has a value: no request is zero requests, not missing data."""
    counts = dict(
        _requests(ctx)
        .filter(occurrence__unit_id__in=ctx.unit_ids)
        .values_list("occurrence__unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        unit_id: Measure(Decimal(counts.get(unit_id, 0)), f"{counts.get(unit_id, 0)} yêu cầu")
        for unit_id in ctx.unit_ids
    }


def rows(ctx: Context, unit: OrgUnit) -> list[Row]:
    qs = _requests(ctx).filter(occurrence__unit=unit).select_related("occurrence__task")
    return [
        Row(
            f"{r.question[:120]} — {r.occurrence.task.content[:80]}",
            reverse("tracking:occurrence", args=[r.occurrence_id]),
            f"ngày {timezone.localtime(r.created_at):%d/%m/%Y}"
            + ("" if r.answered_at else ", chưa giải trình"),
        )
        for r in qs.order_by("created_at", "pk")[:ROW_LIMIT]
    ]


register(
    Source(
        code="explanations",
        label="Bị yêu cầu giải trình (điểm trừ)",
        kind=PENALTY,
        description="Mỗi yêu cầu giải trình về các kỳ nhiệm vụ có hạn trong năm bị trừ điểm.",
        values=values,
        rows=rows,
        reads=("tracking.ExplanationRequest", "tracking.Occurrence"),
        param_name="per_item",
        param_label="Điểm trừ mỗi yêu cầu",
        default_params={"per_item": 1},
        value_unit="yêu cầu",
    )
)
