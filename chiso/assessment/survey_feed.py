"""Survey scores of the PAR assessment from a satisfaction %, given as plain data.

Rule: for each chosen leaf scored by a sociological survey, score = maximum × % ÷ 100, rounded
half up to two decimals; a leaf whose method is fixed steps uses its own steps on the ratio
(% ÷ 100). A score the leaf's method does not allow stops the whole feed (nothing is written).
Every score written is kept in the leaf's history with the source named (e.g. the survey round).

This module knows nothing of surveys: the caller (chiso.feeds) passes unit ids and percentages.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from chiso.assessment import methods
from chiso.assessment.models import AssessmentRound, Criterion, LeafScore, ScoredBy
from chiso.assessment.services import totals_refresh
from chiso.core.errors import DomainError


@dataclass
class FeedRow:
    unit_id: int
    unit: str
    code: str
    pct: Decimal
    old: Decimal | None
    new: Decimal


def survey_leaves(round_: AssessmentRound) -> list[Criterion]:
    return list(
        round_.criteria_set.criteria.filter(is_leaf=True, scored_by=ScoredBy.SURVEY).order_by(
            "order"
        )
    )


def score_for(leaf: Criterion, pct) -> Decimal:
    ratio = Decimal(str(pct)) / 100
    if not Decimal(0) <= ratio <= Decimal(1):
        raise DomainError(f"Tỷ lệ hài lòng {pct}% không hợp lệ.")
    if leaf.method == methods.STEPS:
        value = methods.propose(leaf.method, leaf.method_params, leaf.max_points, ratio)
    else:
        value = (leaf.max_points * ratio).quantize(methods.TWO, rounding=ROUND_HALF_UP)
    try:
        return methods.validate(leaf.method, leaf.method_params, leaf.max_points, value)
    except methods.ScoreError as exc:
        raise DomainError(f"Tiêu chí {leaf.code}: {exc.message}") from exc


def preview(round_: AssessmentRound, codes: list[str], pcts: dict[int, object]) -> list[FeedRow]:
    """What the feed would write: one row per unit of the round × chosen survey leaf."""
    leaves = {leaf.code: leaf for leaf in survey_leaves(round_)}
    unknown = [c for c in codes if c not in leaves]
    if unknown or not codes:
        raise DomainError("Chọn tiêu chí do điều tra xã hội học chấm của đợt đánh giá.")
    scores = LeafScore.objects.filter(
        assessment__round=round_,
        assessment__unit_id__in=list(pcts),
        criterion__code__in=codes,
        criterion__criteria_set=round_.criteria_set_id,
    ).values_list(
        "assessment__unit_id", "assessment__unit__name", "criterion__code", "survey_score"
    )
    rows = [
        FeedRow(
            unit_id,
            name,
            code,
            Decimal(str(pcts[unit_id])),
            old,
            score_for(leaves[code], pcts[unit_id]),
        )
        for unit_id, name, code, old in scores
    ]
    if not rows:
        raise DomainError("Không đơn vị nào có kết quả khảo sát thuộc đợt đánh giá này.")
    return sorted(rows, key=lambda r: (r.unit, leaves[r.code].order))


@transaction.atomic
def feed_save(
    *, round_: AssessmentRound, codes: list[str], pcts: dict[int, object], source: str, by
) -> int:
    """Write the preview's scores (all or nothing), with `source` in each leaf's history."""
    rows = preview(round_, codes, pcts)
    wanted = {(r.unit_id, r.code): r for r in rows}
    scores = (
        LeafScore.objects.select_for_update(of=("self",))
        .select_related("assessment", "criterion")
        .filter(
            assessment__round=round_,
            assessment__unit_id__in=list(pcts),
            criterion__code__in=codes,
            criterion__criteria_set=round_.criteria_set_id,
        )
    )
    touched = set()
    for score in scores:
        row = wanted[(score.assessment.unit_id, score.criterion.code)]
        score.survey_score = row.new
        score._change_reason = f"{source}: {_vn(row.pct)}% → {_vn(row.new)} điểm"[:100]
        score._history_user = by
        score.save(update_fields=["survey_score"])
        touched.add(score.assessment_id)
    totals_refresh(touched)
    return len(rows)


def _vn(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")
