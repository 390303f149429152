from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from chiso.core import security
from chiso.core.downloads import attachment
from chiso.core.errors import DomainError
from chiso.core.lookup import get_visible_or_404
from chiso.core.models import SecurityEventKind
from chiso.orgs import access
from chiso.plans.models import Plan
from chiso.reports import jobs, rules, services
from chiso.reports.builders import BUILDERS
from chiso.reports.compose import SECTIONS
from chiso.reports.forms import ReportEditForm, ReportRequestForm
from chiso.reports.models import Report, ReportJob


@login_required
def report_list(request):
    form = ReportRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        allowed = rules.can_write_period_report(
            request.user, kind=data["kind"], plan=data["plan"], unit=data["unit"]
        )
        access.require(allowed, "Bạn không có quyền lập báo cáo này.")
        try:
            job = jobs.job_request(
                kind=data["kind"],
                plan=data["plan"],
                period_code=data["period"],
                unit=data["unit"],
                by=request.user,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("reports:job", job_id=job.pk)
    reports = Report.objects.visible_to(request.user).select_related("plan", "unit")
    page = Paginator(reports.order_by("-data_end", "-pk"), 30).get_page(request.GET.get("trang"))
    can_create = access.actable_units(request.user).exists() or (
        Plan.objects.managed_by(request.user).exists()
    )
    context = {"form": form, "page": page, "can_create": can_create}
    return render(request, "reports/list.html", context)


@login_required
def job_detail(request, job_id: int):
    job = jobs.job_sync(
        get_visible_or_404(
            ReportJob.objects.visible_to(request.user).select_related("plan", "unit", "report"),
            job_id,
            "Không tìm thấy yêu cầu lập báo cáo",
        )
    )
    template = "reports/job.html#progress" if request.htmx else "reports/job.html"
    return render(request, template, {"job": job})


@login_required
def report_detail(request, report_id: int):
    report = get_visible_or_404(
        Report.objects.visible_to(request.user).select_related("plan", "unit"),
        report_id,
        "Không tìm thấy báo cáo",
    )
    can_edit = rules.can_edit_period_report(request.user, report) and not report.is_final
    initial = {"number": report.number, "version": report.version}
    initial |= {f"s_{k}": v for k, v in report.sections.items()}
    form = ReportEditForm(request.POST or None, initial=initial, kind=report.kind)
    if request.method == "POST":
        access.require(can_edit, "Bạn không có quyền sửa báo cáo này.")
        if form.is_valid():
            try:
                services.report_update(
                    report=report,
                    sections=form.sections(),
                    number=form.cleaned_data["number"],
                    version=form.cleaned_data["version"],
                    by=request.user,
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Đã lưu nội dung và tạo lại tệp báo cáo.")
                return redirect("reports:detail", report_id=report.pk)
    context = {"report": report, "form": form, "can_edit": can_edit, "sections": SECTIONS}
    return render(request, "reports/detail.html", context)


@login_required
@require_POST
def report_finalize(request, report_id: int):
    report = get_visible_or_404(
        Report.objects.visible_to(request.user).select_related("plan", "unit"),
        report_id,
        "Không tìm thấy báo cáo",
    )
    access.require(rules.can_edit_period_report(request.user, report))
    try:
        services.report_finalize(
            report=report, version=_int(request.POST.get("version")), by=request.user
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã hoàn thiện báo cáo. Bản chính thức được lưu kèm hồ sơ.")
    return redirect("reports:detail", report_id=report.pk)


@login_required
@require_POST
def report_regenerate(request, report_id: int):
    report = get_visible_or_404(
        Report.objects.visible_to(request.user).select_related("plan", "unit"),
        report_id,
        "Không tìm thấy báo cáo",
    )
    access.require(rules.can_edit_period_report(request.user, report))
    try:
        job = jobs.job_request(
            kind=report.kind,
            plan=report.plan,
            period_code=report.period_code,
            unit=report.unit,
            by=request.user,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("reports:detail", report_id=report.pk)
    return redirect("reports:job", job_id=job.pk)


@login_required
def report_download(request, report_id: int, fmt: str):
    report = get_visible_or_404(
        Report.objects.visible_to(request.user).select_related("plan", "unit"),
        report_id,
        "Không tìm thấy báo cáo",
    )
    field = getattr(report, fmt, None) if fmt in BUILDERS else None
    if not field:
        raise Http404("Báo cáo chưa có tệp này.")
    name = f"Bao-cao-{report.period_code}-{report.unit.short_name or report.unit_id}"
    security.record(SecurityEventKind.EXPORT, request=request, detail=f"Tải báo cáo {name}.{fmt}")
    return attachment(
        field, name=name.replace(" ", "-"), content_type=BUILDERS[fmt].content_type, extension=fmt
    )


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1
