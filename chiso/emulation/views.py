"""Emulation pages: the year's ranking per group, a unit's breakdown, the what-if on a draft
model, freezing, and the proposal for the emulation council (.docx, .xlsx)."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from chiso.core import xlsx
from chiso.core.errors import DomainError
from chiso.core.links import id_prefix
from chiso.core.lookup import get_visible_or_404, parse_id
from chiso.emulation import exports, rules, selectors, services
from chiso.emulation.models import EmulationModel
from chiso.emulation.scoring import CLASSIFICATIONS
from chiso.emulation.sources import REGISTRY, ordered
from chiso.orgs import access

NOT_FOUND = "Không tìm thấy bảng tiêu chí thi đua."


def _model(request, model_id) -> EmulationModel:
    qs = EmulationModel.objects.visible_to(request.user).select_related("group")
    return get_visible_or_404(qs, model_id, NOT_FOUND)


def _editable(request, model_id) -> EmulationModel:
    model = _model(request, model_id)
    access.require(
        rules.can_manage(request.user, model), "Chỉ cơ quan thường trực thi đua được sửa."
    )
    return model


@login_required
def model_list(request):
    models = EmulationModel.objects.visible_to(request.user).select_related("group")
    year = parse_id(request.GET.get("nam", ""))
    if year:
        models = models.filter(year=year)
    groups = [
        g for g in access.visible_groups(request.user) if rules.can_create_for(request.user, g)
    ]
    return render(
        request,
        "emulation/model_list.html",
        {"models": models, "groups": groups, "year": year},
    )


@login_required
@require_POST
def model_create(request):
    group = access.get_visible_group(request.user, request.POST.get("nhom"))
    access.require(rules.can_create_for(request.user, group), "Bạn không quản lý nhóm đơn vị này.")
    try:
        model = services.model_create(
            year=parse_id(request.POST.get("nam", "")) or 0, group=group, by=request.user
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("emulation:list")
    messages.success(request, "Đã tạo bảng tiêu chí thi đua (dự thảo).")
    return redirect("emulation:detail", model_id=model.pk)


def _page(request, model, weights=None, error="") -> dict:
    components = list(model.components.all())
    return {
        "model": model,
        "components": [
            {
                "c": c,
                "source": REGISTRY.get(c.source),
                "weight": (weights or {}).get(c.code, c.weight),
            }
            for c in components
        ],
        "rows": selectors.ranking(model, request.user, weights=weights, components=components),
        "unit_url": id_prefix("emulation:unit", model.pk),
        "can_edit": rules.can_edit(request.user, model),
        "what_if": bool(weights),
        "error": error,
        "sources": ordered(),
        "classifications": CLASSIFICATIONS,
    }


@login_required
def model_detail(request, model_id: int):
    model = _model(request, model_id)
    return render(request, "emulation/model_detail.html", _page(request, model))


@login_required
@require_POST
def what_if(request, model_id: int):
    """The ranking with the weights of the form, computed and shown, never saved."""
    model = _editable(request, model_id)
    access.require(not model.is_frozen, services.FROZEN)
    try:
        weights = services.parse_weights(model, request.POST)
        context = _page(request, model, weights=weights)
    except DomainError as exc:
        context = _page(request, model, error=exc.message)
    return render(request, "emulation/_ranking.html", context)


def _version(request) -> int:
    """The model version the page was loaded with (0 when absent: never the current one)."""
    return parse_id(request.POST.get("version", "")) or 0


def _model_action(request, model: EmulationModel, write, done: str):
    """Run a write on the model with the version of the page, then back to the model's page
    with its outcome: `done` or the reason it was refused (a conflict included)."""
    try:
        write(version=_version(request), by=request.user)
        messages.success(request, done)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("emulation:detail", model_id=model.pk)


@login_required
@require_POST
def weights_save(request, model_id: int):
    model = _editable(request, model_id)

    def write(**kw):
        services.weights_save(
            model=model, weights=services.parse_weights(model, request.POST), **kw
        )

    return _model_action(request, model, write, "Đã lưu trọng số.")


@login_required
@require_POST
def thresholds_save(request, model_id: int):
    model = _editable(request, model_id)
    values = {"excellent": "xuat_sac", "good": "tot", "done": "hoan_thanh"}
    form = {key: request.POST.get(name, "") for key, name in values.items()}
    write = partial(services.thresholds_save, model=model, **form)
    return _model_action(request, model, write, "Đã lưu ngưỡng xếp loại.")


@login_required
@require_POST
def component_add(request, model_id: int):
    model = _editable(request, model_id)
    fields = {
        "code": "ma",
        "name": "ten",
        "source": "nguon",
        "weight": "trong_so",
        "param": "tham_so",
    }
    form = {key: request.POST.get(name, "") for key, name in fields.items()}
    write = partial(services.component_add, model=model, **form)
    return _model_action(request, model, write, "Đã thêm tiêu chí.")


@login_required
@require_POST
def component_delete(request, model_id: int, component_id: int):
    model = _editable(request, model_id)
    component = get_visible_or_404(model.components.all(), component_id, "Không tìm thấy tiêu chí.")
    write = partial(services.component_delete, component=component)
    return _model_action(request, model, write, f"Đã bỏ tiêu chí {component.code}.")


@login_required
@require_POST
def freeze(request, model_id: int):
    model = _editable(request, model_id)
    write = partial(services.model_freeze, model=model)
    done = "Đã chốt kết quả thi đua. Kết quả được giữ nguyên cho năm."
    return _model_action(request, model, write, done)


@login_required
def unit_detail(request, model_id: int, unit_id: int):
    model = _model(request, model_id)
    unit = get_visible_or_404(access.visible_units(request.user), unit_id, "Không tìm thấy đơn vị.")
    data = selectors.breakdown(model, unit)
    if data["row"] is None:
        raise Http404("Đơn vị không thuộc nhóm được chấm điểm.")
    return render(request, "emulation/unit_detail.html", {"model": model, "unit": unit, **data})


@login_required
def export_docx(request, model_id: int):
    model = _model(request, model_id)
    rows = selectors.ranking(model, request.user)
    body, content_type = exports.proposal_docx(model, rows, timezone.localdate())
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="de-nghi-thi-dua-{model.year}.docx"'
    return response


@login_required
def export_xlsx(request, model_id: int):
    model = _model(request, model_id)
    rows = selectors.ranking(model, request.user)
    headers, table = exports.proposal_table(model, rows)
    return xlsx.response(f"de-nghi-thi-dua-{model.year}", model.name, headers, table)
