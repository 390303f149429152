"""Pages of the PAR assessment: rounds, a round's progress and ranking, a unit's scores."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from chiso.assessment import methods, selectors, services
from chiso.assessment.models import AssessmentRound, ScoredBy, UnitAssessment, UnitStatus
from chiso.core.errors import DomainError
from chiso.core.lookup import get_visible_or_404, parse_id


@login_required
def round_list(request):
    rounds = AssessmentRound.objects.visible_to(request.user).select_related("criteria_set")
    rows = [{"round": r, "progress": selectors.progress(r)} for r in rounds]
    return render(request, "assessment/round_list.html", {"rows": rows})


def _round(request, round_id) -> AssessmentRound:
    rounds = AssessmentRound.objects.visible_to(request.user).select_related(
        "criteria_set", "group", "coordinator_unit"
    )
    return get_visible_or_404(rounds, round_id, "Không tìm thấy đợt đánh giá")


@login_required
def round_detail(request, round_id: int):
    round_ = _round(request, round_id)
    visible = set(
        UnitAssessment.objects.visible_to(request.user)
        .filter(round=round_)
        .values_list("pk", flat=True)
    )
    results = [r for r in selectors.round_results(round_) if r.assessment.pk in visible]
    context = {"round": round_, "results": results, "progress": selectors.progress(round_)}
    return render(request, "assessment/round_detail.html", context)


def _assessment(request, round_id, unit_id) -> UnitAssessment:
    round_ = _round(request, round_id)
    found = (
        UnitAssessment.objects.visible_to(request.user)
        .filter(round=round_, unit_id=parse_id(unit_id))
        .select_related("unit", "round__criteria_set", "round__group")
        .first()
    )
    if found is None:
        raise Http404("Không tìm thấy đơn vị trong đợt đánh giá")
    return found


def _rows_with_choices(assessment: UnitAssessment) -> list:
    rows = selectors.leaf_rows(assessment)
    for row in rows:
        leaf = row.criterion
        row.choices = methods.allowed_values(leaf.method, leaf.method_params, leaf.max_points)
    return rows


@login_required
def unit_detail(request, round_id: int, unit_id: int):
    assessment = _assessment(request, round_id, unit_id)
    user = request.user
    can_score = (
        assessment.status == UnitStatus.DRAFT
        and UnitAssessment.objects.scorable_by(user).filter(pk=assessment.pk).exists()
    )
    can_appraise = (
        assessment.status in (UnitStatus.SUBMITTED, UnitStatus.APPRAISED)
        and UnitAssessment.objects.appraisable_by(user).filter(pk=assessment.pk).exists()
    )
    context = {
        "assessment": assessment,
        "round": assessment.round,
        "result": selectors.unit_result(assessment),
        "rows": _rows_with_choices(assessment),
        "lost": selectors.points_lost(assessment)[:10],
        "can_score": can_score,
        "can_appraise": can_appraise,
        "UNIT": ScoredBy.UNIT,
        "SURVEY": ScoredBy.SURVEY,
    }
    return render(request, "assessment/unit_detail.html", context)


def _posted_scores(request, assessment, scored_by: set[str], note_key: str):
    items = []
    for row in assessment.scores.select_related("criterion"):
        leaf = row.criterion
        if leaf.scored_by not in scored_by:
            continue
        key = f"diem-{leaf.code}"
        if key in request.POST:
            items.append(
                (leaf.code, request.POST[key], request.POST.get(f"{note_key}-{leaf.code}", ""))
            )
    return items


@login_required
@require_POST
def self_save(request, round_id: int, unit_id: int):
    assessment = _assessment(request, round_id, unit_id)
    if not UnitAssessment.objects.scorable_by(request.user).filter(pk=assessment.pk).exists():
        raise Http404("Không tìm thấy đơn vị trong đợt đánh giá")
    items = [
        services.ScoreInput(code, value.strip() or None, note)
        for code, value, note in _posted_scores(request, assessment, {ScoredBy.UNIT}, "ghi-chu")
    ]
    try:
        services.self_scores_save(
            assessment=assessment,
            scores=items,
            by=request.user,
            version=request.POST.get("version"),
        )
        if request.POST.get("nop"):
            services.assessment_submit(assessment=assessment, by=request.user)
            messages.success(
                request, "Đã nộp kết quả tự đánh giá. Kết quả đã được khóa để thẩm định."
            )
        else:
            messages.success(request, "Đã lưu điểm tự chấm (bản nháp).")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("assessment:unit", round_id=assessment.round_id, unit_id=assessment.unit_id)


@login_required
@require_POST
def appraisal_save(request, round_id: int, unit_id: int):
    assessment = _assessment(request, round_id, unit_id)
    if not UnitAssessment.objects.appraisable_by(request.user).filter(pk=assessment.pk).exists():
        raise Http404("Không tìm thấy đơn vị trong đợt đánh giá")
    posted = _posted_scores(request, assessment, {ScoredBy.UNIT, ScoredBy.COUNCIL}, "ly-do")
    items = [services.AppraisalInput(code, value, reason) for code, value, reason in posted]
    try:
        services.appraisal_save(
            assessment=assessment,
            scores=items,
            by=request.user,
            version=request.POST.get("version"),
        )
        messages.success(request, "Đã lưu kết quả thẩm định.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("assessment:unit", round_id=assessment.round_id, unit_id=assessment.unit_id)
