"""Rounds and complete self-assessment / appraisal cycles for the assessment tests."""

from __future__ import annotations

from chiso.assessment import services
from chiso.assessment.loader import example_set
from chiso.assessment.models import UnitAssessment
from chiso.orgs.models import OrgUnit, UnitGroup


def department_round(year: int, **dates):
    return services.round_create(
        name=f"Chỉ số CCHC {year} các sở",
        year=year,
        criteria_set=example_set("department"),
        group=UnitGroup.objects.get(name="Các Sở, ban, ngành"),
        coordinator_unit=OrgUnit.objects.get(name="Sở Nội vụ"),
        **dates,
    )


def unit_of(round_, name: str = "Sở Tư pháp") -> UnitAssessment:
    return UnitAssessment.objects.select_related("round").get(round=round_, unit__name=name)


def self_assess(assessment: UnitAssessment, *, submit: bool = True) -> None:
    rows = assessment.scores.select_related("criterion").filter(criterion__scored_by="unit")
    services.self_scores_save(
        assessment=assessment,
        scores=[services.ScoreInput(r.criterion.code, r.criterion.max_points) for r in rows],
        by=None,
    )
    if submit:
        services.assessment_submit(assessment=assessment, by=None)


def appraise(assessment: UnitAssessment, lower: dict[str, object] | None = None) -> None:
    """Appraise every non-survey leaf at its maximum except the codes in `lower`."""
    lower = lower or {}
    rows = assessment.scores.select_related("criterion").exclude(criterion__scored_by="survey")
    services.appraisal_save(
        assessment=assessment,
        scores=[
            services.AppraisalInput(
                r.criterion.code,
                lower.get(r.criterion.code, r.criterion.max_points),
                "Giảm theo kết quả kiểm tra" if r.criterion.code in lower else "",
            )
            for r in rows
        ],
        by=None,
    )
