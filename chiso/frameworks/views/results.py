"""Results and targets of one unit in one framework: list, entry form, spreadsheet import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from chiso.core import xlsx
from chiso.core.errors import DomainError
from chiso.core.lookup import get_visible_or_404
from chiso.frameworks import rules, services
from chiso.frameworks.forms import ImportForm, ResultForm
from chiso.frameworks.models import Framework
from chiso.orgs import access

TEMPLATE_HEADERS = [
    "Mã thành phần",
    "Tên",
    "Năm",
    "Loại",
    "Giá trị",
    "Điểm tối đa",
    "Xếp hạng",
    "Trên tổng số",
    "Mục tiêu xếp hạng",
    "Nguồn",
]


def _unit(request):
    raw = request.GET.get("don_vi") or request.POST.get("don_vi")
    if raw:
        return access.get_visible_unit(request.user, raw)
    roots = access.dashboard_root_units(request.user) or list(
        access.visible_units(request.user)[:1]
    )
    if not roots:
        raise Http404("Không có đơn vị nào để xem")
    return roots[0]


def _back(framework, unit) -> str:
    return reverse("frameworks:results", args=[framework.pk]) + f"?don_vi={unit.pk}"


def _save(form, framework, unit, user) -> None:
    d = form.cleaned_data
    if d["kind"] == "target":
        spec = services.TargetSpec(
            unit, framework, d["component"], d["year"], d["value"], d["rank_text"]
        )
        services.target_save(spec=spec, by=user)
    else:
        spec = services.ResultSpec(
            unit,
            framework,
            d["component"],
            d["year"],
            d["value"],
            d["max_score"],
            d["rank"],
            d["rank_of"],
            d["source"],
        )
        services.result_save(spec=spec, by=user)


@login_required
def results(request, framework_id: int):
    framework = get_visible_or_404(
        Framework.objects.visible_to(request.user), framework_id, "Không tìm thấy bộ chỉ số"
    )
    unit = _unit(request)
    can_edit = access.can_manage_unit(request.user, unit)
    form = ResultForm(request.POST or None, framework=framework)
    if request.method == "POST":
        access.require(can_edit, "Bạn không có quyền nhập kết quả cho đơn vị này.")
        if form.is_valid():
            try:
                _save(form, framework, unit, request.user)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Đã lưu số liệu.")
                return redirect(_back(framework, unit))
    rel = ("component", "source_plan")
    context = {
        "framework": framework,
        "unit": unit,
        "can_edit": can_edit,
        "form": form,
        "import_form": ImportForm(),
        "results": framework.results.filter(unit=unit)
        .select_related(*rel)
        .order_by("-year", "component__order"),
        "targets": framework.targets.filter(unit=unit)
        .select_related(*rel)
        .order_by("year", "component__order"),
        "units": access.visible_units(request.user).filter(depth__lte=2)[:300],
    }
    return render(request, "frameworks/results.html", context)


@login_required
@require_POST
def results_import(request, framework_id: int):
    framework = get_visible_or_404(
        Framework.objects.visible_to(request.user), framework_id, "Không tìm thấy bộ chỉ số"
    )
    unit = _unit(request)
    access.require(
        access.can_manage_unit(request.user, unit),
        "Bạn không có quyền nhập kết quả cho đơn vị này.",
    )
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Hãy chọn tệp .xlsx hoặc .csv.")
        return redirect(_back(framework, unit))
    upload = form.cleaned_data["file"]
    try:
        counts = services.results_import(
            data=upload.read(),
            filename=upload.name,
            unit=unit,
            framework=framework,
            by=request.user,
        )
    except DomainError as exc:
        for line in getattr(exc, "errors", None) or [exc.message]:
            messages.error(request, line)
        messages.error(request, "Chưa ghi dữ liệu nào. Sửa tệp rồi tải lên lại.")
    else:
        messages.success(
            request, f"Đã nhập {counts['results']} kết quả và {counts['targets']} mục tiêu."
        )
    return redirect(_back(framework, unit))


@login_required
def results_template(request, framework_id: int):
    framework = get_visible_or_404(
        Framework.objects.visible_to(request.user), framework_id, "Không tìm thấy bộ chỉ số"
    )
    rows = [
        [c.code, c.name, "", "Kết quả", "", c.max_points, "", "", "", ""]
        for c in framework.components.order_by("order")
    ]
    rows.insert(
        0, ["TỔNG", "Điểm tổng của chỉ số", "", "Kết quả", "", framework.total_max, "", "", "", ""]
    )
    title = f"Mẫu nhập kết quả, mục tiêu — {framework.name} ({framework.version_label})"
    return xlsx.response(f"mau-ket-qua-{framework.code.lower()}", title, TEMPLATE_HEADERS, rows)


@login_required
@require_POST
def row_delete(request, kind: str, row_id: int):
    if kind == "ket-qua":
        row = rules.get_managed_result(request.user, row_id)
        services.result_delete(result=row)
    elif kind == "muc-tieu":
        row = rules.get_managed_target(request.user, row_id)
        services.target_delete(target=row)
    else:
        raise Http404("Không có loại số liệu này")
    messages.success(request, "Đã xóa.")
    return redirect(_back(row.framework, row.unit))
