"""Periodic reports over the API: request a generation, poll it, edit, finalise, download."""

from datetime import date, datetime
from typing import Literal

from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from chiso.core import security
from chiso.core.builders import BUILDERS
from chiso.core.downloads import attachment
from chiso.core.lookup import get_visible_or_404
from chiso.core.models import SecurityEventKind
from chiso.core.params import ApiId
from chiso.orgs import access
from chiso.plans.models import Plan
from chiso.reports import jobs, rules, services
from chiso.reports.models import Report, ReportJob

router = Router(tags=["Báo cáo định kỳ"])


class JobIn(Schema):
    kind: Literal["unit", "compiled"]
    plan_id: int
    period: str  # "2024-Q4", "2024-H1", "2024-9M", "2024-Y"
    unit_id: int | None = None


class JobOut(Schema):
    id: int
    kind: str
    plan_id: int
    unit_id: int | None
    period_code: str
    state: str
    progress: int
    message: str
    report_id: int | None


class ReportBrief(Schema):
    id: int
    kind: str
    plan_id: int
    unit_id: int
    unit_name: str = Field(..., alias="unit.name")
    period_code: str
    period_label: str
    data_start: date
    data_end: date
    state: str
    number: str
    version: int
    generated_at: datetime | None
    issued_at: datetime | None
    files: dict[str, str]

    @staticmethod
    def resolve_files(obj) -> dict[str, str]:
        base = f"/api/v1/period-reports/{obj.pk}/files"
        return {fmt: f"{base}/{fmt}" for fmt in BUILDERS if getattr(obj, fmt)}


class ReportOut(ReportBrief):
    sections: dict[str, str]
    summary: dict

    @staticmethod
    def resolve_summary(obj) -> dict:
        return obj.content.get("summary", {})


class ReportEditIn(Schema):
    version: int
    sections: dict[str, str] = {}
    number: str = ""


class FinalizeIn(Schema):
    version: int


@router.post("/period-reports/jobs", response={202: JobOut}, summary="Yêu cầu lập báo cáo")
def job_create(request, payload: JobIn):
    plan = get_visible_or_404(
        Plan.objects.visible_to(request.user), payload.plan_id, "Không tìm thấy kế hoạch"
    )
    unit = access.get_visible_unit(request.user, payload.unit_id) if payload.unit_id else None
    allowed = rules.can_write_period_report(request.user, kind=payload.kind, plan=plan, unit=unit)
    access.require(allowed, "Bạn không có quyền lập báo cáo này.")
    job = jobs.job_request(
        kind=payload.kind, plan=plan, period_code=payload.period, unit=unit, by=request.user
    )
    return Status(202, job)


@router.get("/period-reports/jobs/{job_id}", response=JobOut, summary="Tiến độ lập báo cáo")
def job_get(request, job_id: int):
    return jobs.job_sync(
        get_visible_or_404(
            ReportJob.objects.visible_to(request.user).select_related("plan", "unit", "report"),
            job_id,
            "Không tìm thấy yêu cầu lập báo cáo",
        )
    )


@router.get("/period-reports", response=list[ReportBrief], summary="Báo cáo định kỳ được xem")
@paginate
def report_list(request, plan_id: ApiId | None = None, period: str | None = None):
    reports = Report.objects.visible_to(request.user).select_related("unit").defer("content")
    if plan_id:
        reports = reports.filter(plan_id=plan_id)
    if period:
        reports = reports.filter(period_code=services.period_from_code(period).code)
    return reports.order_by("-data_end", "-pk")


@router.get("/period-reports/{report_id}", response=ReportOut, summary="Một báo cáo")
def report_get(request, report_id: int):
    return get_visible_or_404(
        Report.objects.visible_to(request.user).select_related("plan", "unit"),
        report_id,
        "Không tìm thấy báo cáo",
    )


@router.patch("/period-reports/{report_id}", response=ReportOut, summary="Sửa lời văn dự thảo")
def report_edit(request, report_id: int, payload: ReportEditIn):
    report = get_visible_or_404(
        Report.objects.visible_to(request.user).select_related("plan", "unit"),
        report_id,
        "Không tìm thấy báo cáo",
    )
    access.require(rules.can_edit_period_report(request.user, report))
    report = services.report_update(
        report=report,
        sections=payload.sections,
        number=payload.number or report.number,
        version=payload.version,
        by=request.user,
    )
    return report


@router.post(
    "/period-reports/{report_id}/finalize", response=ReportOut, summary="Hoàn thiện báo cáo"
)
def report_finalize(request, report_id: int, payload: FinalizeIn):
    report = get_visible_or_404(
        Report.objects.visible_to(request.user).select_related("plan", "unit"),
        report_id,
        "Không tìm thấy báo cáo",
    )
    access.require(rules.can_edit_period_report(request.user, report))
    report = services.report_finalize(report=report, version=payload.version, by=request.user)
    return report


@router.get("/period-reports/{report_id}/files/{fmt}", summary="Tải tệp báo cáo (docx, xlsx)")
def report_file(request, report_id: int, fmt: str):
    report = get_visible_or_404(
        Report.objects.visible_to(request.user).select_related("plan", "unit"),
        report_id,
        "Không tìm thấy báo cáo",
    )
    field = getattr(report, fmt, None) if fmt in BUILDERS else None
    if not field:
        raise Http404("Báo cáo chưa có tệp này.")
    name = f"bao-cao-{report.kind}-{report.period_code}-{report.unit_id}"
    security.record(SecurityEventKind.EXPORT, request=request, detail=f"Tải báo cáo {name}.{fmt}")
    return attachment(field, name=name, content_type=BUILDERS[fmt].content_type, extension=fmt)
