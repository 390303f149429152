"""The service pages: KPIs per unit and period, drill-down, imports, hand entry, targets."""

from __future__ import annotations

from functools import cache

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from chiso.core.errors import DomainError
from chiso.core.lookup import get_visible_or_404
from chiso.dossiers import forms, jobs, kpi, qd766, selectors, services
from chiso.dossiers.models import ImportRun, Kind, KpiTarget, Source
from chiso.orgs import access
from chiso.orgs.models import OrgUnit
from chiso.plans.models import Task

NO_UNIT = "Không tìm thấy đơn vị"


def _month(text: str | None) -> int | None:
    try:
        year, mon = (int(p) for p in (text or "").split("-"))
        return year * 100 + mon if 2000 <= year <= 2100 and 1 <= mon <= 12 else None
    except ValueError:
        return None


def _period(params) -> selectors.Period:
    """?tu=YYYY-MM&den=YYYY-MM; by default the twelve months up to this one."""
    today = timezone.localdate()
    last = _month(params.get("den")) or kpi.month_of(today)
    first = _month(params.get("tu")) or kpi.months_before(last, 11)
    return selectors.Period(min(first, last), last)


def _unit(request) -> OrgUnit:
    units = access.visible_units(request.user)
    if request.GET.get("don_vi"):
        return get_visible_or_404(units, request.GET["don_vi"], NO_UNIT)
    top = units.order_by("depth", "path").first()
    if top is None:
        raise Http404(NO_UNIT)
    return top


def _scope(request):
    return None if access.is_admin(request.user) else access.visible_units(request.user)


@cache
def _empty_target_form() -> str:
    """The fields of the form that binds a target, as an unbound form renders them: always
    the same, so written once (Django's widgets took a tenth of the page's time)."""
    return render_to_string("includes/form_fields.html", {"form": forms.TargetForm()})


@login_required
def service(request):
    unit, period = _unit(request), _period(request.GET)
    data = selectors.service_page(unit, period, _scope(request))
    context = {
        **data,
        "unit": unit,
        "period": period,
        "first": kpi.month_label(period.first),
        "last": kpi.month_label(period.last),
        # a province has 200 of them: their names alone, not 200 whole units
        "children": access.visible_units(request.user)
        .filter(parent=unit)
        .values("pk", "name")[:200],
        "ancestors": OrgUnit.objects.filter(pk__in=unit.ancestor_ids()).order_by("depth"),
        "scorecard": qd766.scorecard(data["total"]),
        "labels": kpi.KPI_LABELS,
        "lights": kpi.LIGHT_LABELS,
        "can_bind": access.can_manage_unit(request.user, unit),
        "can_import": services.can_import(request.user),
        "target_form": _empty_target_form(),
        "suggestions": selectors.target_suggestions(request.user)
        if access.can_manage_unit(request.user, unit)
        else [],
    }
    return render(request, "dossiers/service.html", context)


@login_required
def drill(request):
    unit, period = _unit(request), _period(request.GET)
    counter = request.GET.get("chi_so", "received")
    if counter not in selectors.DRILL:
        raise Http404("Không có chỉ số này")
    scope = _scope(request)
    paginator = Paginator(selectors.drill(unit, counter, period.months, scope), 50)
    # the figure the user clicked, from the month sums the service page keeps: no row is counted
    total = selectors.dossier_total(period, scope, unit)
    paginator.count = selectors.drill_count(total, counter)
    page = paginator.get_page(request.GET.get("trang"))
    context = {
        "unit": unit,
        "page": page,
        "title": selectors.DRILL_LABELS[counter],
        "first": kpi.month_label(period.first),
        "last": kpi.month_label(period.last),
    }
    return render(request, "dossiers/drill.html", context)


@login_required
def imports(request):
    access.require(services.can_import(request.user), "Bạn không có quyền nhập số liệu hồ sơ.")
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = jobs.import_request(
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                source_name=form.cleaned_data["source"],
                skip_invalid=form.cleaned_data["skip_invalid"],
                by=request.user,
            )
            return redirect("dossiers:run", run.pk)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    runs = ImportRun.objects.filter(created_by=request.user).select_related("source")[:20]
    return render(request, "dossiers/imports.html", {"form": form, "runs": runs})


def _visible_runs(user):
    runs = ImportRun.objects.select_related("source")
    return runs if access.is_admin(user) else runs.filter(created_by=user)


@login_required
def run_detail(request, run_id: int):
    run = jobs.run_sync(
        get_visible_or_404(_visible_runs(request.user), run_id, "Không tìm thấy lần nhập")
    )
    if request.htmx and not run.is_finished:
        return render(request, "dossiers/run.html#progress", {"run": run})
    if request.htmx:  # the polling fragment: the import ended, show the whole result page
        response = render(request, "dossiers/run.html#progress", {"run": run})
        response["HX-Refresh"] = "true"
        return response
    spec_columns = services.ingest.SPECS[run.kind].columns
    missing = [r for r in run.result.get("rejected", []) if r["row"] == 1]
    context = {
        "run": run,
        "result": run.result,
        "missing": missing,
        "columns": spec_columns,
        "file_headers": run.result.get("headers", []),
        "unknown_units": run.result.get("unknown_units", []),
        "units": access.actable_units(request.user).order_by("path")[:1000]
        if run.result.get("unknown_units")
        else [],
    }
    return render(request, "dossiers/run.html", context)


@login_required
def run_rejected(request, run_id: int):
    run = get_visible_or_404(_visible_runs(request.user), run_id, "Không tìm thấy lần nhập")
    if not run.rejected_file:
        raise Http404("Lần nhập này không có dòng bị từ chối")
    return FileResponse(
        run.rejected_file.open("rb"), as_attachment=True, filename=f"dong-loi-{run.pk}.csv"
    )


@login_required
@require_POST
def run_map(request, run_id: int):
    """Save header and unit-name mappings chosen on the result page, then import again."""
    run = get_visible_or_404(_visible_runs(request.user), run_id, "Không tìm thấy lần nhập")
    headers = {k.removeprefix("cot_"): v for k, v in request.POST.items() if k.startswith("cot_")}
    source = Source.objects.get(pk=run.source_id)
    if headers:
        mapping = {header: key for key, header in headers.items() if header}
        services.source_map_headers(source=source, mapping=mapping, by=request.user)
    for i, name in enumerate(run.result.get("unknown_units", [])):
        unit_id = request.POST.get(f"don_vi_{i}")
        if unit_id:
            unit = get_visible_or_404(access.actable_units(request.user), unit_id, NO_UNIT)
            services.unit_name_map(name=name, unit=unit, by=request.user)
    try:
        jobs.import_again(run, by=request.user)
        messages.success(request, "Đã lưu cách đối chiếu và nhập lại tệp.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("dossiers:run", run.pk)


@login_required
def entry(request, kind: str):
    if kind not in {Kind.DOSSIER, Kind.FEEDBACK}:
        raise Http404("Không có loại dữ liệu này")
    units = access.actable_units(request.user).order_by("path")
    access.require(units.exists(), "Bạn không có quyền nhập số liệu.")
    form = forms.entry_form(kind, units, request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "unit"}
        try:
            services.record_enter(
                kind=kind, unit=form.cleaned_data["unit"], values=values, by=request.user
            )
            messages.success(request, "Đã ghi nhận.")
            return redirect("dossiers:entry", kind)
        except DomainError as exc:
            form.add_error(None, exc.message)
    title = "Nhập hồ sơ" if kind == Kind.DOSSIER else "Nhập phản ánh, kiến nghị"
    return render(request, "dossiers/entry.html", {"form": form, "title": title, "kind": kind})


@login_required
@require_POST
def target_bind(request, unit_id: int):
    unit = get_visible_or_404(access.visible_units(request.user), unit_id, NO_UNIT)
    form = forms.TargetForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            "Chỉ tiêu chưa hợp lệ: " + "; ".join(e for errs in form.errors.values() for e in errs),
        )
        return redirect(_service_url(unit, request.GET))
    task = None
    if form.cleaned_data.get("task"):
        task = get_visible_or_404(
            Task.objects.visible_to(request.user),
            form.cleaned_data["task"],
            "Không tìm thấy nhiệm vụ",
        )
    data = form.cleaned_data
    services.target_bind(
        unit=unit,
        kpi_name=data["kpi"],
        op=data["op"],
        value=data["value"],
        label=data["label"],
        task=task,
        by=request.user,
    )
    messages.success(request, "Đã gắn chỉ tiêu với chỉ số; đèn tín hiệu được tính lại mỗi tháng.")
    return redirect(_service_url(unit, request.GET))


@login_required
@require_POST
def target_delete(request, target_id: int):
    qs = KpiTarget.objects.filter(unit__in=access.visible_units(request.user))
    target = get_visible_or_404(qs, target_id, "Không tìm thấy chỉ tiêu")
    unit = target.unit
    services.target_delete(target=target, by=request.user)
    messages.success(request, "Đã bỏ chỉ tiêu.")
    return redirect(_service_url(unit, request.GET))


def _service_url(unit: OrgUnit, params=None) -> str:
    """Back to the service page of the unit, on the period the user was looking at."""
    period = "".join(f"&{k}={v}" for k in ("tu", "den") if _month(v := (params or {}).get(k)))
    return f"{reverse('dossiers:service')}?don_vi={unit.pk}{period}"
