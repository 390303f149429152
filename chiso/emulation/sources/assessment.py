"""The PAR self-assessment result: the unit's index (%) in the year's assessment round, the final
or appraised result when there is one."""

from __future__ import annotations

from django.urls import reverse

from chiso.assessment.models import UnitAssessment, UnitStatus
from chiso.emulation.scoring import RATE
from chiso.emulation.sources.base import Context, Measure, Row, Source, register
from chiso.orgs.models import OrgUnit

# Best first: a final result beats an appraised one, which beats a provisional one.
PREFERENCE = {UnitStatus.FINAL: 0, UnitStatus.APPRAISED: 1, UnitStatus.SUBMITTED: 2}


def _best(ctx: Context, unit_ids) -> dict[int, UnitAssessment]:
    qs = UnitAssessment.objects.filter(
        round__year=ctx.year, unit_id__in=unit_ids, index_pct__isnull=False
    ).select_related("round")
    best: dict[int, UnitAssessment] = {}
    for ua in qs:
        key = (PREFERENCE.get(ua.status, 3), -ua.round_id)
        current = best.get(ua.unit_id)
        if current is None or key < (PREFERENCE.get(current.status, 3), -current.round_id):
            best[ua.unit_id] = ua
    return best


def _detail(ua: UnitAssessment) -> str:
    provisional = " (tạm tính, chưa có điểm điều tra)" if ua.index_provisional else ""
    return f"{ua.round.name}: {ua.get_status_display().lower()}{provisional}"


def values(ctx: Context) -> dict[int, Measure]:
    return {
        unit_id: Measure(ua.index_pct, _detail(ua))
        for unit_id, ua in _best(ctx, ctx.unit_ids).items()
    }


def rows(ctx: Context, unit: OrgUnit) -> list[Row]:
    ua = _best(ctx, [unit.pk]).get(unit.pk)
    if ua is None:
        return []
    url = reverse("assessment:unit", args=[ua.round_id, unit.pk])
    return [Row(f"Kết quả chấm điểm chỉ số CCHC — {ua.round.name}", url, _detail(ua))]


register(
    Source(
        code="par_index",
        label="Kết quả chỉ số cải cách hành chính",
        kind=RATE,
        description=(
            "Chỉ số CCHC (%) của đơn vị trong đợt đánh giá của năm: kết quả đã chốt, nếu chưa "
            "có thì kết quả thẩm định."
        ),
        values=values,
        rows=rows,
        reads=("assessment.AssessmentRound", "assessment.UnitAssessment"),
    )
)
