"""Tracking API: a unit's occurrences with their status, progress reports (with evidence
upload), review, completion rates. Same permission helpers as the pages."""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate

from chiso.core.errors import DomainError
from chiso.core.lookup import get_visible_or_404
from chiso.core.params import ApiId, ApiYear, Mapped
from chiso.core.uploads import evidence_attachment
from chiso.orgs import access
from chiso.plans.models import Plan
from chiso.tracking import rules, selectors, services
from chiso.tracking.models import OCCURRENCE_PAGE, Evidence, Occurrence, ProgressReport
from chiso.tracking.status import flag_of

router = Router(tags=["Theo dõi nhiệm vụ"])


class OccurrenceOut(Schema):
    id: int
    task_id: int
    plan_id: int
    task_content: str
    unit_id: int
    unit_name: str
    period_label: str
    period_start: date | None
    period_end: date | None
    due_date: date | None
    completed_on: date | None
    percent: int
    status: str
    flag: str
    report_state: str | None


class EvidenceOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int


class ReportOut(Schema):
    id: int
    occurrence_id: int
    unit_id: int
    state: str
    work_status: str
    percent: int
    narrative: str
    completed_on: date | None
    result_value: Decimal | None
    submitted_at: str | None
    reviewed_at: str | None
    review_comment: str
    version: int
    evidence: list[EvidenceOut]


class ReviewIn(Schema):
    comment: str = ""
    version: int | None = Field(None, description="Phiên bản của báo cáo đã đọc (bắt buộc).")


class RateOut(Schema):
    unit_id: int
    unit_name: str
    total: int
    done_on_time: int
    done_late: int
    overdue: int
    in_progress: int
    not_due: int
    on_time_rate: float | None
    reporting_timeliness: float | None
    flag: str


def _occ_out(o, today) -> dict:
    status = getattr(o, "status", None) or o.status_on(today)
    return {
        "id": o.pk,
        "task_id": o.task_id,
        "plan_id": o.task.plan_id,
        "task_content": o.task.content,
        "unit_id": o.unit_id,
        "unit_name": o.unit.name,
        "period_label": o.period_label,
        "period_start": o.period_start,
        "period_end": o.period_end,
        "due_date": o.due_date,
        "completed_on": o.completed_on,
        "percent": o.percent,
        "status": status,
        "flag": flag_of(status, o.due_date, o.percent, today),
        "report_state": getattr(o, "report_state", None),
    }


def _report_out(r: ProgressReport) -> dict:
    return {
        "id": r.pk,
        "occurrence_id": r.occurrence_id,
        "unit_id": r.unit_id,
        "state": r.state,
        "work_status": r.work_status,
        "percent": r.percent,
        "narrative": r.narrative,
        "completed_on": r.completed_on,
        "result_value": r.result_value,
        "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
        "reviewed_at": r.reviewed_at.isoformat() if r.reviewed_at else None,
        "review_comment": r.review_comment,
        "version": r.version,
        "evidence": list(r.evidence.all()),
    }


@router.get(
    "/occurrences", response=list[OccurrenceOut], summary="Các kỳ thực hiện nhiệm vụ và trạng thái"
)
@paginate
def occurrences(
    request,
    unit: ApiId | None = None,
    status: str = "",
    period: str = "",
    plan: ApiId | None = None,
):
    today = timezone.localdate()
    qs = selectors.occurrence_rows(Occurrence.objects.visible_to(request.user), today)
    if unit is not None:
        qs = qs.filter(unit_id=unit)
    if status:
        qs = qs.filter(status=status)
    if period:
        qs = qs.filter(period_label=period)
    if plan is not None:
        qs = qs.filter(task__plan_id=plan)
    return Mapped(qs, lambda o: _occ_out(o, today))  # the page is cut in the database


@router.get("/occurrences/{occurrence_id}", response=OccurrenceOut, summary="Một kỳ thực hiện")
def occurrence(request, occurrence_id: int):
    return _occ_out(
        get_visible_or_404(
            Occurrence.objects.visible_to(request.user).select_related(*OCCURRENCE_PAGE),
            occurrence_id,
            "Không tìm thấy nhiệm vụ",
        ),
        timezone.localdate(),
    )


@router.post(
    "/occurrences/{occurrence_id}/report",
    response=ReportOut,
    summary="Lưu nháp hoặc gửi báo cáo tiến độ (kèm tệp minh chứng)",
    description="Lần đầu báo cáo: bỏ trống `version`. Sửa báo cáo đã có: gửi `version` đã đọc; "
    "nếu báo cáo đã bị thay đổi (hoặc thiếu `version`), trả về 409 và không ghi gì.",
)
def report_submit(
    request,
    occurrence_id: int,
    work_status: Form[str],
    percent: Form[int],
    narrative: Form[str] = "",
    result_value: Form[Decimal | None] = None,
    completed_on: Form[date | None] = None,
    submit: Form[bool] = True,
    version: Form[int | None] = None,
    files: File[list[UploadedFile]] = None,
):
    occ = get_visible_or_404(
        Occurrence.objects.visible_to(request.user).select_related(*OCCURRENCE_PAGE),
        occurrence_id,
        "Không tìm thấy nhiệm vụ",
    )
    access.require(rules.can_report(request.user, occ), "Chỉ đơn vị chủ trì được báo cáo.")
    report = services.report_save(
        occurrence=occ,
        by=request.user,
        work_status=work_status,
        percent=percent,
        narrative=narrative,
        result_value=result_value,
        completed_on=completed_on,
        files=files or [],
        submit=submit,
        version=0 if version is None else version,  # no version: only a first report is accepted
    )
    return _report_out(report)


@router.get("/reports/{report_id}", response=ReportOut, summary="Một báo cáo tiến độ")
def report(request, report_id: int):
    return _report_out(
        get_visible_or_404(
            ProgressReport.objects.visible_to(request.user).select_related(
                "occurrence__task__plan", "unit"
            ),
            report_id,
            "Không tìm thấy báo cáo",
        )
    )


def _reviewable(request, report_id, version: int | None):
    """The report to review, after the visibility checks; a review must name the version read."""
    found = get_visible_or_404(
        ProgressReport.objects.visible_to(request.user).select_related(
            "occurrence__task__plan", "unit"
        ),
        report_id,
        "Không tìm thấy báo cáo",
    )
    access.require(
        rules.can_review(request.user, found.occurrence), "Bạn không thẩm định báo cáo này."
    )
    if version is None:
        raise DomainError("Gửi kèm version (phiên bản báo cáo đã đọc).", field="version")
    return found


@router.post("/reports/{report_id}/accept", response=ReportOut, summary="Chấp nhận báo cáo")
def report_accept(request, report_id: int, payload: ReviewIn):
    found = _reviewable(request, report_id, payload.version)
    services.report_accept(
        report=found, by=request.user, comment=payload.comment, version=payload.version
    )
    return _report_out(found)


@router.post("/reports/{report_id}/return", response=ReportOut, summary="Trả lại báo cáo")
def report_return(request, report_id: int, payload: ReviewIn):
    found = _reviewable(request, report_id, payload.version)
    services.report_return(
        report=found, by=request.user, comment=payload.comment, version=payload.version
    )
    return _report_out(found)


@router.get("/evidence/{evidence_id}", summary="Tải tệp minh chứng")
def evidence(request, evidence_id: int):
    return evidence_attachment(
        get_visible_or_404(
            Evidence.objects.visible_to(request.user), evidence_id, "Không tìm thấy tài liệu"
        )
    )


@router.get("/completion-rates", response=list[RateOut], summary="Tỉ lệ hoàn thành theo đơn vị")
def completion_rates(request, plan: ApiId | None = None, year: ApiYear | None = None):
    found_plan = (
        get_visible_or_404(Plan.objects.visible_to(request.user), plan, "Không tìm thấy kế hoạch")
        if plan is not None
        else None
    )
    period = (date(year, 1, 1), date(year, 12, 31)) if year else None
    rows = selectors.unit_completion_rates(
        selectors.rate_units(request.user), timezone.localdate(), plan=found_plan, period=period
    )
    return [{**r, "unit_id": r["unit"].pk, "unit_name": r["unit"].name} for r in rows]
