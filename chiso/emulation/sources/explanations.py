"""Minus points for requests for explanation (yêu cầu giải trình) about the unit's plan periods
due in the year (whenever the request was sent: a year's late work is often questioned after it)."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from chiso.emulation.scoring import PENALTY
from chiso.emulation.sources.base import ROW_LIMIT, Context, Measure, Row, Source, register
from chiso.orgs.models import OrgUnit
from chiso.tracking.models import ExplanationRequest, Occurrence


def _requests(ctx: Context):
    return ExplanationRequest.objects.filter(occurrence__due_date__range=(ctx.start, ctx.end))


def values(ctx: Context) -> dict[int, Measure]:
    """Every unit has a value: no request is zero requests, not missing data."""
    counts = _counts(ctx)
    return {unit_id: _measure(counts.get(unit_id, 0)) for unit_id in ctx.unit_ids}


@lru_cache(maxsize=1024)  # most units have the same few counts (0, 1, 2...)
def _measure(count: int) -> Measure:
    return Measure(Decimal(count), f"{count} yêu cầu")


def _counts(ctx: Context) -> dict[int, int]:
    """Requests per unit, in SQL: for a group of 300 units the ORM took longer to compile the
    query than the database to run it."""
    if not ctx.unit_ids:
        return {}
    marks = ", ".join(["%s"] * len(ctx.unit_ids))
    sql = (
        f"SELECT o.unit_id, COUNT(*) FROM {ExplanationRequest._meta.db_table} e "
        f"JOIN {Occurrence._meta.db_table} o ON o.id = e.occurrence_id "
        f"WHERE o.due_date >= %s AND o.due_date <= %s AND o.unit_id IN ({marks}) "
        "GROUP BY o.unit_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [ctx.start, ctx.end, *ctx.unit_ids])
        return dict(cursor.fetchall())


def rows(ctx: Context, unit: OrgUnit) -> list[Row]:
    fields = ("occurrence_id", "question", "occurrence__task__content", "created_at", "answered_at")
    found = (
        _requests(ctx)
        .filter(occurrence__unit=unit)
        .order_by("created_at", "pk")
        .values_list(*fields)[:ROW_LIMIT]
    )
    return [
        Row(
            f"{question[:120]} — {content[:80]}",
            reverse("tracking:occurrence", args=[occurrence_id]),
            f"ngày {timezone.localtime(created_at):%d/%m/%Y}"
            + ("" if answered_at else ", chưa giải trình"),
        )
        for occurrence_id, question, content, created_at, answered_at in found
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
        has_rows=lambda value: bool(value),  # the value counts the rows' requests
        param_name="per_item",
        param_label="Điểm trừ mỗi yêu cầu",
        default_params={"per_item": 1},
        value_unit="yêu cầu",
    )
)
