"""PAR assessment API: rounds, a unit's scores, self-scoring, submission, appraisal, ranking."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Router, Schema, Status

from chiso.assessment import selectors, services
from chiso.assessment.models import AssessmentRound, UnitAssessment
from chiso.core.errors import ConflictError, DomainError
from chiso.core.lookup import get_visible_or_404, parse_id

router = Router(tags=["Chấm điểm CCHC"])


class RoundOut(Schema):
    id: int
    name: str
    year: int
    level: str
    status: str


class CriterionOut(Schema):
    code: str
    name: str
    max: float
    method: str
    scored_by: str
    self_score: float | None
    appraised_score: float | None
    survey_score: float | None
    evidence_count: int
    note: str


class UnitOut(Schema):
    unit_id: int
    unit: str
    status: str
    max_total: float
    self_total: float | None
    appraised_total: float | None
    survey_total: float | None
    index_pct: float | None
    previous_index_pct: float | None = None
    index_change: float | None = None
    criteria: list[CriterionOut]


class SelfScoreIn(Schema):
    code: str
    score: float | str | None
    note: str = ""


class SelfScoresIn(Schema):
    scores: list[SelfScoreIn]


class AppraisalScoreIn(Schema):
    code: str
    score: float | str
    reason: str = ""


class AppraisalIn(Schema):
    scores: list[AppraisalScoreIn]


class RankOut(Schema):
    unit_id: int
    unit: str
    index_pct: float | None
    rank: int | None
    group: str


class ErrorOut(Schema):
    detail: str


def _num(value) -> float | None:
    return None if value is None else float(value)


def _round(request, round_id) -> AssessmentRound:
    rounds = AssessmentRound.objects.visible_to(request.user).select_related("criteria_set")
    return get_visible_or_404(rounds, round_id, "Không tìm thấy đợt đánh giá")


def _assessment(request, round_id, unit_id, queryset=None) -> UnitAssessment:
    round_ = _round(request, round_id)
    visible = UnitAssessment.objects.visible_to(request.user).filter(round=round_)
    unit = parse_id(unit_id)
    found = visible.filter(unit_id=unit).select_related("unit", "round__criteria_set").first()
    if found is None:
        raise Http404("Không tìm thấy đơn vị trong đợt đánh giá")
    if queryset is not None and not queryset.filter(pk=found.pk).exists():
        raise PermissionDenied("Bạn không có quyền chấm điểm cho đơn vị này.")
    return found


def _unit_out(assessment: UnitAssessment) -> dict:
    rows = selectors.leaf_rows(assessment)
    result = selectors.unit_result(assessment, rows)
    return {
        "unit_id": assessment.unit_id,
        "unit": assessment.unit.name,
        "status": assessment.status,
        "max_total": float(result.max_total),
        "self_total": _num(result.self_total),
        "appraised_total": _num(result.appraised_total),
        "survey_total": _num(result.survey_total),
        "index_pct": _num(result.index_pct),
        "previous_index_pct": _num(result.previous_pct),
        "index_change": _num(result.change),
        "criteria": [
            {
                "code": row.criterion.code,
                "name": row.criterion.name,
                "max": float(row.criterion.max_points),
                "method": row.criterion.method,
                "scored_by": row.criterion.scored_by,
                "self_score": _num(row.self_score),
                "appraised_score": _num(row.appraised_score),
                "survey_score": _num(row.survey_score),
                "evidence_count": row.evidence_count,
                "note": row.self_note,
            }
            for row in rows
        ],
    }


@router.get("/assessment-rounds", response=list[RoundOut], summary="Các đợt đánh giá chỉ số CCHC")
def rounds(request):
    qs = AssessmentRound.objects.visible_to(request.user).select_related("criteria_set")
    return [
        {"id": r.pk, "name": r.name, "year": r.year, "level": r.level, "status": r.status}
        for r in qs.order_by("-year", "name")
    ]


@router.get(
    "/assessment-rounds/{round_id}/units/{unit_id}",
    response=UnitOut,
    summary="Kết quả chấm điểm của một đơn vị (các tiêu chí thành phần)",
)
def unit_detail(request, round_id: int, unit_id: int):
    return _unit_out(_assessment(request, round_id, unit_id))


@router.put(
    "/assessment-rounds/{round_id}/units/{unit_id}/self-scores",
    response={200: UnitOut, 409: ErrorOut, 422: ErrorOut},
    summary="Ghi điểm tự chấm (tất cả hoặc không)",
)
def self_scores(request, round_id: int, unit_id: int, payload: SelfScoresIn):
    scorable = UnitAssessment.objects.scorable_by(request.user)
    assessment = _assessment(request, round_id, unit_id, scorable)
    items = [services.ScoreInput(s.code, s.score, s.note) for s in payload.scores]
    try:
        assessment = services.self_scores_save(assessment=assessment, scores=items, by=request.user)
    except ConflictError as exc:
        return Status(409, {"detail": exc.message})
    except DomainError as exc:
        return Status(422, {"detail": exc.message})
    return Status(200, _unit_out(assessment))


@router.post(
    "/assessment-rounds/{round_id}/units/{unit_id}/submit",
    response={200: UnitOut, 409: ErrorOut, 422: ErrorOut},
    summary="Nộp kết quả tự đánh giá (khóa lại)",
)
def submit(request, round_id: int, unit_id: int):
    scorable = UnitAssessment.objects.scorable_by(request.user)
    assessment = _assessment(request, round_id, unit_id, scorable)
    try:
        assessment = services.assessment_submit(assessment=assessment, by=request.user)
    except ConflictError as exc:
        return Status(409, {"detail": exc.message})
    except DomainError as exc:
        return Status(422, {"detail": exc.message})
    return Status(200, _unit_out(assessment))


@router.put(
    "/assessment-rounds/{round_id}/units/{unit_id}/appraisal",
    response={200: UnitOut, 409: ErrorOut, 422: ErrorOut},
    summary="Thẩm định điểm (chỉ thành viên hội đồng được phân công)",
)
def appraisal(request, round_id: int, unit_id: int, payload: AppraisalIn):
    appraisable = UnitAssessment.objects.appraisable_by(request.user)
    assessment = _assessment(request, round_id, unit_id, appraisable)
    items = [services.AppraisalInput(s.code, s.score, s.reason) for s in payload.scores]
    try:
        assessment = services.appraisal_save(assessment=assessment, scores=items, by=request.user)
    except ConflictError as exc:
        return Status(409, {"detail": exc.message})
    except DomainError as exc:
        return Status(422, {"detail": exc.message})
    return Status(200, _unit_out(assessment))


@router.get(
    "/assessment-rounds/{round_id}/ranking",
    response=list[RankOut],
    summary="Xếp hạng các đơn vị trong đợt",
)
def ranking(request, round_id: int):
    round_ = _round(request, round_id)
    visible = set(
        UnitAssessment.objects.visible_to(request.user)
        .filter(round=round_)
        .values_list("pk", flat=True)
    )
    return [
        {
            "unit_id": r.assessment.unit_id,
            "unit": r.assessment.unit.name,
            "index_pct": _num(r.index_pct),
            "rank": r.rank,
            "group": round_.group.name,
        }
        for r in selectors.round_results(round_)
        if r.assessment.pk in visible
    ]
