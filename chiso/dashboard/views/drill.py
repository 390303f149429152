"""Drill-down: the rows behind a dashboard number, each page exportable to xlsx."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from chiso.core import paging, xlsx
from chiso.core.lookup import get_visible_or_404
from chiso.core.params import parse_year
from chiso.dashboard import rows
from chiso.dashboard.params import filters_from, query_of
from chiso.dashboard.selectors import STATUS_KEYS
from chiso.frameworks.models import Component, Framework
from chiso.orgs import access
from chiso.tracking.status import Status

EXPORT_LIMIT = 20_000
ROWS_PER_PAGE = 100


def _component(request, framework=None):
    raw = request.GET.get("thanh_phan")
    if not raw:
        return None
    qs = Component.objects.filter(framework__in=Framework.objects.visible_to(request.user))
    if framework is not None:
        qs = qs.filter(framework=framework)
    return get_visible_or_404(
        qs.select_related("framework"), raw, "Không tìm thấy chỉ số thành phần"
    )


def _lead_unit(request, f):
    raw = request.GET.get("don_vi_chu_tri")
    if not raw:
        return None
    unit = access.get_visible_unit(request.user, raw)
    if not unit.path.startswith(f.unit.path):
        raise Http404("Đơn vị không thuộc phạm vi đang xem")
    return unit


@login_required
def occurrences(request):
    f = filters_from(request)
    status = request.GET.get("trang_thai", "")
    lead, component = _lead_unit(request, f), _component(request)
    qs = rows.occurrence_rows(
        f, status=status, lead_unit_id=lead.pk if lead else None, component=component
    )
    labels = dict(Status.choices)
    if request.GET.get("xuat") == "xlsx":
        data = (
            [
                o.task.plan.number,
                o.task.number,
                o.task.content,
                o.unit.name,
                o.period_label,
                o.due_date.strftime("%d/%m/%Y") if o.due_date else "",
                labels.get(o.st, o.st),
            ]
            for o in qs[:EXPORT_LIMIT]
        )
        headers = ["Kế hoạch", "STT", "Nhiệm vụ", "Đơn vị chủ trì", "Kỳ", "Hạn", "Trạng thái"]
        return xlsx.response("ky-thuc-hien", f"Nhiệm vụ — {f.unit.name}", headers, data)
    context = {
        "f": f,
        "page": paging.page_of(
            qs,
            request.GET,
            per_page=ROWS_PER_PAGE,
            by_ids=True,
            build=partial(rows.drill_rows, today=f.today),
        ),
        "status_label": labels.get(STATUS_KEYS.get(status), "Tất cả trạng thái"),
        "lead": lead,
        "component": component,
        "query": query_of(
            f,
            trang_thai=status,
            don_vi_chu_tri=lead.pk if lead else None,
            thanh_phan=component.pk if component else None,
        ),
    }
    return render(request, "dashboard/occurrences.html", context)


@login_required
def results(request):
    f = filters_from(request)
    framework = get_visible_or_404(
        Framework.objects.visible_to(request.user),
        request.GET.get("bo"),
        "Không tìm thấy bộ chỉ số",
    )
    component = _component(request, framework)
    found = rows.result_rows(f, framework, component=component)
    context = {"f": f, "framework": framework, "component": component, **found}
    return render(request, "dashboard/results.html", context)


@login_required
def benchmark(request):
    f = filters_from(request)
    framework = get_visible_or_404(
        Framework.objects.visible_to(request.user),
        request.GET.get("bo"),
        "Không tìm thấy bộ chỉ số",
    )
    component = _component(request, framework)
    year = parse_year(request.GET.get("nam_tham_chieu"))
    if year is None:
        raise Http404("Chưa chọn năm")
    qs = rows.benchmark_rows(framework, year, component)
    title = f"{framework.code} {year} — {component.name if component else 'Tổng điểm'}"
    if request.GET.get("xuat") == "xlsx":
        data = (
            [
                i,
                r.province.name,
                r.score,
                r.province.merged_into.name if r.province.merged_into else "",
            ]
            for i, r in enumerate(qs, start=1)
        )
        headers = ["Thứ tự", "Tỉnh (trước 01/7/2025)", "Điểm", "Thuộc tỉnh mới (từ 01/7/2025)"]
        return xlsx.response("tham-chieu", title, headers, data)
    context = {
        "f": f,
        "framework": framework,
        "component": component,
        "year": year,
        "rows": qs,
        "title": title,
        "query": request.GET.urlencode(),
    }
    return render(request, "dashboard/benchmark.html", context)
