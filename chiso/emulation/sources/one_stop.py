"""One-stop KPIs: the share of dossiers resolved on time (early or on time) in the year, from
the monthly roll-up the one-stop pages read (the rule of `chiso.dossiers.kpi`)."""

from __future__ import annotations

from django.db.models import Sum
from django.urls import reverse

from chiso.dossiers import kpi
from chiso.dossiers.models import DossierUnitMonthly
from chiso.emulation.scoring import RATE
from chiso.emulation.sources.base import Context, Measure, Row, Source, register
from chiso.orgs.models import OrgUnit


def _counts(ctx: Context, unit_ids) -> dict[int, dict]:
    qs = (
        DossierUnitMonthly.objects.filter(
            unit_id__in=unit_ids, month__range=(ctx.year * 100 + 1, ctx.year * 100 + 12)
        )
        .values("unit_id")
        .annotate(early=Sum("early"), on_time=Sum("on_time"), resolved=Sum("resolved"))
        .order_by()
    )
    return {r["unit_id"]: r for r in qs}


def values(ctx: Context) -> dict[int, Measure]:
    out = {}
    for unit_id, r in _counts(ctx, ctx.unit_ids).items():
        if not r["resolved"]:
            continue
        in_time = r["early"] + r["on_time"]
        out[unit_id] = Measure(
            kpi.percent(in_time, r["resolved"]),
            f"{in_time}/{r['resolved']} hồ sơ giải quyết trước và đúng hạn",
        )
    return out


def rows(ctx: Context, unit: OrgUnit) -> list[Row]:
    r = _counts(ctx, [unit.pk]).get(unit.pk)
    if not r or not r["resolved"]:
        return []
    url = f"{reverse('dossiers:service')}?don_vi={unit.pk}&tu={ctx.year}-01&den={ctx.year}-12"
    late = r["resolved"] - r["early"] - r["on_time"]
    return [Row(f"Hồ sơ một cửa năm {ctx.year}", url, f"{late} hồ sơ giải quyết quá hạn")]


register(
    Source(
        code="one_stop",
        label="Giải quyết hồ sơ một cửa đúng hạn",
        kind=RATE,
        description=(
            "Tỷ lệ hồ sơ giải quyết trước và đúng hạn trong số hồ sơ đã giải quyết trong năm."
        ),
        values=values,
        rows=rows,
        reads=("dossiers.DossierUnitMonthly",),
    )
)
