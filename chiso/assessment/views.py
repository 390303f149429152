"""Pages of the PAR assessment: rounds, a round's progress and ranking, a unit's scores."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from chiso.assessment import (
    criteria_docx,
    criteria_sheet,
    library,
    methods,
    publication,
    selectors,
    services,
    timeline,
)
from chiso.assessment.forms import CriteriaImportForm, RoundForm
from chiso.assessment.models import (
    AssessmentFile,
    AssessmentRound,
    CriteriaSet,
    LeafScore,
    ScoredBy,
    UnitAssessment,
    UnitStatus,
)
from chiso.assessment.templatetags.assessment_rows import Sheet
from chiso.core.downloads import attachment
from chiso.core.errors import DomainError
from chiso.core.links import id_prefix
from chiso.core.lookup import get_visible_or_404, parse_id
from chiso.orgs import access
from chiso.orgs.models import UnitGroup


@login_required
def round_list(request):
    rounds = AssessmentRound.objects.visible_to(request.user).select_related("criteria_set")
    rows = [{"round": r, "progress": selectors.progress(r)} for r in rounds]
    context = {"rows": rows, "can_create": access.is_coordinator(request.user)}
    return render(request, "assessment/round_list.html", context)


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
    base = id_prefix("assessment:unit", round_.pk)
    rows = [_ranking_row(r, base) for r in results]
    can_manage = AssessmentRound.objects.managed_by(request.user).filter(pk=round_.pk).exists()
    context = {
        "round": round_,
        "rows": rows,
        "progress": selectors.progress(round_),
        "can_manage": can_manage,
        "can_download": publication.can_download(request.user, round_, managed=can_manage),
        "previous_year": results[0].previous_year if results else None,
    }
    return render(request, "assessment/round_detail.html", context)


def _vn(value) -> str:
    """Two decimals with a decimal comma, as the decisions print scores ("—" when empty)."""
    return "—" if value is None else f"{value:.2f}".replace(".", ",")


def _ranking_row(result, base_url: str) -> dict:
    """One ranking row formatted once here: the page stays cheap with hundreds of units."""
    assessment = result.assessment
    index = _vn(result.index_pct)
    return {
        "rank": result.rank or "—",
        "unit": assessment.unit.name,
        "url": f"{base_url}{assessment.unit_id}/",
        "status": assessment.get_status_display(),
        "self": _vn(result.self_total),
        "appraised": _vn(result.appraised_total),
        "survey": _vn(result.survey_total),
        "index": f"{index} (tạm tính)" if result.provisional else index,
        "classification": result.classification,
        "previous": result.previous_text,
        "change": result.change_text,
    }


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


def _leaf_base(assessment: UnitAssessment) -> str:
    """The address of a leaf's page without its code (rows append the quoted code)."""
    url = reverse("assessment:leaf", args=[assessment.round_id, assessment.unit_id, "-"])
    return url.removesuffix("-/")


@login_required
def unit_detail(request, round_id: int, unit_id: int):
    assessment = _assessment(request, round_id, unit_id)
    user = request.user
    can_score = (
        assessment.status == UnitStatus.DRAFT
        and timeline.self_open(assessment)
        and UnitAssessment.objects.scorable_by(user).filter(pk=assessment.pk).exists()
    )
    can_appraise = (
        assessment.status in (UnitStatus.SUBMITTED, UnitStatus.APPRAISED)
        and UnitAssessment.objects.appraisable_by(user).filter(pk=assessment.pk).exists()
    )
    rows = _rows_with_choices(assessment)
    today = timezone.localdate()
    proposed = selectors.proposals(assessment, today, rows)
    draft = assessment.status == UnitStatus.DRAFT
    context = {
        "assessment": assessment,
        "round": assessment.round,
        "result": selectors.unit_result(assessment, rows),
        "rows": rows,
        "lost": selectors.points_lost(assessment, rows)[:10],
        "sheet": Sheet(
            leaf_base=_leaf_base(assessment),
            can_score=can_score,
            can_appraise=can_appraise,
            proposals=proposed,
        ),
        "risks": selectors.points_at_risk(assessment, today, rows, proposed) if draft else [],
        "can_score": can_score,
        "can_appraise": can_appraise,
        "can_finalize": assessment.status == UnitStatus.APPRAISED
        and UnitAssessment.objects.appraisable_by(user).filter(pk=assessment.pk).exists(),
        "self_deadline": timeline.self_deadline(assessment),
        "can_extend": draft
        and AssessmentRound.objects.managed_by(user).filter(pk=assessment.round_id).exists(),
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
    # An empty field is a leaf not appraised yet; the unit is appraised once every leaf has a score.
    items = [
        services.AppraisalInput(code, value, reason)
        for code, value, reason in posted
        if value.strip()
    ]
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


# --- one leaf: evidence, proposal, explanation ------------------------------------------------


def _leaf(assessment: UnitAssessment, code: str) -> LeafScore:
    score = (
        assessment.scores.select_related("criterion")
        .filter(criterion__code=code, criterion__is_leaf=True)
        .first()
    )
    if score is None:
        raise Http404("Không có tiêu chí này")
    return score


def _can(user, assessment, which: str) -> bool:
    qs = getattr(UnitAssessment.objects, which)(user)
    return qs.filter(pk=assessment.pk).exists()


@login_required
def leaf_detail(request, round_id: int, unit_id: int, code: str):
    assessment = _assessment(request, round_id, unit_id)
    score = _leaf(assessment, code)
    is_officer = _can(request.user, assessment, "scorable_by")
    is_appraiser = _can(request.user, assessment, "appraisable_by")
    draft = assessment.status == UnitStatus.DRAFT and timeline.self_open(assessment)
    appraised = assessment.status == UnitStatus.APPRAISED
    attached = set(score.evidence.values_list("pk", flat=True))
    context = {
        "assessment": assessment,
        "round": assessment.round,
        "score": score,
        "leaf": score.criterion,
        "proposal": selectors.proposals(assessment, timezone.localdate()).get(code),
        "evidence": score.evidence.select_related("report__occurrence__task"),
        "files": score.files.all(),
        "carried": score.carried_files.all(),
        "earlier": library.earlier_items(score),
        "reusable": [e for e in services.reusable_evidence(assessment) if e.pk not in attached]
        if is_officer and draft
        else [],
        "can_edit_evidence": is_officer and draft and score.criterion.scored_by != ScoredBy.SURVEY,
        "can_object": is_officer and timeline.explanation_open(assessment),
        "can_decide": is_appraiser and appraised and bool(score.objection),
    }
    return render(request, "assessment/leaf_detail.html", context)


def _leaf_action(request, round_id, unit_id, code, which):
    assessment = _assessment(request, round_id, unit_id)
    if not _can(request.user, assessment, which):
        raise Http404("Không tìm thấy đơn vị trong đợt đánh giá")
    return assessment, _leaf(assessment, code)


def _back(assessment, code):
    return redirect(
        "assessment:leaf", round_id=assessment.round_id, unit_id=assessment.unit_id, code=code
    )


@login_required
@require_POST
def leaf_evidence(request, round_id: int, unit_id: int, code: str):
    assessment, score = _leaf_action(request, round_id, unit_id, code, "scorable_by")
    try:
        if request.POST.get("bo"):
            services.score_evidence_remove(
                score=score,
                evidence_id=parse_id(request.POST.get("minh_chung") or ""),
                file_id=parse_id(request.POST.get("tep") or ""),
                by=request.user,
            )
            messages.success(request, "Đã bỏ tài liệu khỏi tiêu chí.")
        elif request.FILES.getlist("tep_moi"):
            for upload in request.FILES.getlist("tep_moi"):
                services.score_file_upload(
                    score=score, upload=upload, by=request.user, max_mb=settings.MAX_UPLOAD_MB
                )
            messages.success(request, "Đã tải lên tài liệu kiểm chứng.")
        else:
            ids = [i for i in (parse_id(v) for v in request.POST.getlist("dung_lai")) if i]
            count = services.score_evidence_attach(score=score, evidence_ids=ids, by=request.user)
            messages.success(request, f"Đã gắn {count} tài liệu từ báo cáo nhiệm vụ.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(assessment, code)


@login_required
@require_POST
def leaf_objection(request, round_id: int, unit_id: int, code: str):
    assessment, score = _leaf_action(request, round_id, unit_id, code, "scorable_by")
    try:
        services.objection_save(
            score=score, text=request.POST.get("giai_trinh", ""), by=request.user
        )
        messages.success(request, "Đã gửi giải trình tới hội đồng thẩm định.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(assessment, code)


@login_required
@require_POST
def leaf_decision(request, round_id: int, unit_id: int, code: str):
    assessment, score = _leaf_action(request, round_id, unit_id, code, "appraisable_by")
    try:
        services.objection_decide(
            score=score,
            final_score=request.POST.get("diem", ""),
            decision=request.POST.get("ket_luan", ""),
            by=request.user,
        )
        messages.success(request, "Đã ghi kết luận của hội đồng.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(assessment, code)


@login_required
def file_download(request, round_id: int, unit_id: int, file_id: int):
    assessment = _assessment(request, round_id, unit_id)
    stored = get_visible_or_404(
        AssessmentFile.objects.filter(score__assessment=assessment), file_id, "Không tìm thấy tệp"
    )
    return attachment(stored.file, name=stored.original_name)


@login_required
@require_POST
def finalize(request, round_id: int, unit_id: int):
    assessment = _assessment(request, round_id, unit_id)
    if not _can(request.user, assessment, "appraisable_by"):
        raise Http404("Không tìm thấy đơn vị trong đợt đánh giá")
    try:
        services.assessment_finalize(assessment=assessment, by=request.user)
        messages.success(request, "Đã chốt kết quả của đơn vị.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("assessment:unit", round_id=assessment.round_id, unit_id=assessment.unit_id)


@login_required
def round_create(request):
    access.require(access.is_coordinator(request.user), "Chỉ điều phối viên lập đợt đánh giá.")
    units = access.managed_units(request.user)
    form = RoundForm(
        request.POST or None,
        groups=UnitGroup.objects.filter(scope__in=units),
        units=units,
    )
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_create(**form.cleaned_data, by=request.user)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"Đã lập đợt đánh giá với {round_.units.count()} đơn vị.")
            return redirect("assessment:round", round_id=round_.pk)
    return render(request, "assessment/round_form.html", {"form": form})


# --- criteria sets ------------------------------------------------------------------------------

THRESHOLDS = [[90, "Tốt"], [80, "Khá"], [65, "Trung bình"], [0, "Yếu"]]
SIGNING_SALT = "chiso.assessment.criteria-import"


@login_required
def criteria_list(request):
    sets = CriteriaSet.objects.annotate(
        leaves=Count("criteria", filter=Q(criteria__is_leaf=True))
    ).order_by("-year", "level", "name")
    context = {"sets": sets, "can_import": access.is_coordinator(request.user)}
    return render(request, "assessment/criteria_list.html", context)


@login_required
def criteria_template(request):
    response = HttpResponse(
        criteria_sheet.template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-bo-tieu-chi-cchc.xlsx"'
    return response


@login_required
def criteria_import(request):
    access.require(access.is_coordinator(request.user), "Chỉ điều phối viên nhập bộ tiêu chí.")
    if request.method == "POST" and request.POST.get("ma_xac_nhan"):
        return _criteria_confirm(request)
    form = CriteriaImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            sheet = criteria_docx.read_criteria_file(upload.read(), upload.name)
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            context["sheet"] = sheet
            if not sheet.errors:
                spec = {
                    **{k: v for k, v in form.cleaned_data.items() if k != "file"},
                    "thresholds": THRESHOLDS,
                    "tree": sheet.tree,
                }
                context["token"] = signing.dumps(spec, salt=SIGNING_SALT, compress=True)
    return render(request, "assessment/criteria_import.html", context)


def _criteria_confirm(request):
    try:
        spec = signing.loads(request.POST["ma_xac_nhan"], salt=SIGNING_SALT, max_age=3600)
    except signing.BadSignature:
        messages.error(
            request, "Phiên xem trước đã hết hạn hoặc không hợp lệ. Hãy tải tệp lên lại."
        )
        return redirect("assessment:criteria_import")
    try:
        cset = services.criteria_set_create(spec=spec, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("assessment:criteria_import")
    messages.success(request, f"Đã tạo bộ tiêu chí “{cset.name}”.")
    return redirect("assessment:criteria_list")


@login_required
def survey_import(request, round_id: int):
    """Survey scores per unit and leaf from a spreadsheet (Đơn vị | Mã tiêu chí | Điểm)."""
    round_ = _round(request, round_id)
    if not AssessmentRound.objects.managed_by(request.user).filter(pk=round_.pk).exists():
        raise PermissionDenied("Chỉ cơ quan tổ chức đợt đánh giá nhập điểm điều tra.")
    if request.method == "POST" and request.FILES.get("tep"):
        upload = request.FILES["tep"]
        try:
            count = services.survey_scores_import(
                round_=round_, data=upload.read(), filename=upload.name, by=request.user
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Đã ghi {count} điểm điều tra xã hội học.")
    return redirect("assessment:round", round_id=round_.pk)
