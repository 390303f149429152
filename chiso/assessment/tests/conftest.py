"""Fixtures of the assessment tests: a round carried through to every unit's final result."""

from datetime import date

import pytest

from chiso.assessment import services
from chiso.assessment.loader import example_set
from chiso.orgs.models import OrgUnit, UnitGroup


def _finish_unit(assessment, by, cut: int):
    """Self-score every unit leaf at its maximum, submit, appraise with `cut` leaves reduced to
    their lowest allowed score, give the survey leaves their maximum, finalise."""
    rows = list(assessment.scores.select_related("criterion").order_by("criterion__order"))
    unit_rows = [r for r in rows if r.criterion.scored_by == "unit"]
    services.self_scores_save(
        assessment=assessment,
        scores=[services.ScoreInput(r.criterion.code, r.criterion.max_points) for r in unit_rows],
        by=None,
    )
    services.assessment_submit(assessment=assessment, by=None)
    items = []
    for i, row in enumerate(r for r in rows if r.criterion.scored_by != "survey"):
        leaf = row.criterion
        if i < cut and row.criterion.scored_by == "unit":
            items.append(services.AppraisalInput(leaf.code, 0, "Thiếu tài liệu kiểm chứng"))
        else:
            items.append(services.AppraisalInput(leaf.code, leaf.max_points, ""))
    services.appraisal_save(assessment=assessment, scores=items, by=by)
    survey = [
        (assessment.unit_id, r.criterion.code, r.criterion.max_points)
        for r in rows
        if r.criterion.scored_by == "survey"
    ]
    if survey:
        services.survey_scores_save(round_=assessment.round, rows=survey, by=None)
    assessment.refresh_from_db()
    services.assessment_finalize(assessment=assessment, by=by)


@pytest.fixture
def finished_round(province, persona):
    round_ = services.round_create(
        name="Chỉ số CCHC 2025 các sở",
        year=2025,
        criteria_set=example_set("department"),
        group=UnitGroup.objects.get(name="Các Sở, ban, ngành"),
        coordinator_unit=OrgUnit.objects.get(name="Sở Nội vụ"),
        self_opens=date(2025, 11, 1),
    )
    appraiser = persona("thamdinh")
    services.appraiser_assign(round_=round_, user=appraiser)
    for i, assessment in enumerate(round_.units.select_related("unit").order_by("unit__name")):
        _finish_unit(assessment, appraiser, cut=i % 3)
    return round_
