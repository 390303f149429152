"""Change from last year: the same unit's index in the previous round of the same level.

The previous round is the latest round of the same level (departments or communes) with an
earlier year; a unit is matched by its id (a unit created by a merger has no previous index).
Change = this year's index − last year's, in percentage points, shown "+1,25" / "−0,80".
"""

from __future__ import annotations

from decimal import Decimal

from chiso.assessment.models import AssessmentRound, UnitAssessment


def previous_round(round_: AssessmentRound) -> AssessmentRound | None:
    return (
        AssessmentRound.objects.filter(
            criteria_set__level=round_.criteria_set.level, year__lt=round_.year
        )
        .order_by("-year", "-pk")
        .first()
    )


def previous_indices(round_: AssessmentRound, unit_ids=None) -> tuple[int | None, dict]:
    """(previous year, {unit id: index %}) in two queries."""
    before = previous_round(round_)
    if before is None:
        return None, {}
    rows = UnitAssessment.objects.filter(round=before, index_pct__isnull=False)
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=list(unit_ids))
    return before.year, dict(rows.values_list("unit_id", "index_pct"))


def pct_text(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}".replace(".", ",")


def change_text(change: Decimal | None) -> str:
    if change is None:
        return ""
    sign = "+" if change > 0 else ("−" if change < 0 else "")
    return f"{sign}{abs(change):.2f}".replace(".", ",")


def annotate(results, round_: AssessmentRound) -> None:
    """Set previous_year, previous_pct, change and their texts on each UnitResult."""
    year, indices = previous_indices(round_, [r.assessment.unit_id for r in results])
    for result in results:
        before = indices.get(result.assessment.unit_id)
        result.previous_year = year
        result.previous_pct = before
        result.previous_text = pct_text(before)
        change = None
        if before is not None and result.index_pct is not None:
            change = result.index_pct - before
        result.change = change
        result.change_text = change_text(change)
