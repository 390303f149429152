from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from chiso.core import audit
from chiso.core.errors import DomainError
from chiso.core.links import id_prefix
from chiso.orgs import access, services
from chiso.orgs.forms import UnitForm
from chiso.orgs.models import OrgUnit, UnitSuccession, UnitType


@login_required
def unit_list(request):
    q = request.GET.get("q", "").strip()
    unit_type = request.GET.get("loai", "")
    units = access.visible_units(request.user).search(q).select_related("parent")
    if unit_type in UnitType.values:
        units = units.filter(unit_type=unit_type)
    page = Paginator(units, 100).get_page(request.GET.get("trang"))
    return render(
        request,
        "orgs/unit_list.html",
        {
            "page": page,
            "q": q,
            "unit_type": unit_type,
            "unit_types": UnitType.choices,
            "can_create": access.managed_units(request.user).exists(),
        },
    )


def _children(user, unit) -> list[dict]:
    """The units directly under `unit` that the user sees, with their page's address: a
    province lists a few hundred, and reversing a URL per row was most of its page."""
    prefix = id_prefix("orgs:unit_detail")
    rows = access.visible_units(user).filter(parent=unit).values("pk", "name", "active_to")
    return [{**row, "url": f"{prefix}{row['pk']}/"} for row in rows]


@login_required
def unit_detail(request, unit_id: int):
    unit = access.get_visible_unit(request.user, unit_id)
    context = {
        "unit": unit,
        "children": _children(request.user, unit),
        "successors": unit.successions.select_related("successor"),
        "predecessors": UnitSuccession.objects.filter(successor=unit).select_related("predecessor"),
        "members": unit.memberships.select_related("user"),
        "groups": unit.unit_groups.all(),
        "can_manage": access.can_manage_unit(request.user, unit),
        "history": audit.object_entries(unit, 20) if access.can_view_audit(request.user) else [],
    }
    return render(request, "orgs/unit_detail.html", context)


def _save_unit(request, form, unit: OrgUnit | None):
    data = dict(form.cleaned_data)
    if unit is None:
        return services.unit_create(by=request.user, **data)
    if data["parent"] is not None and not access.can_manage_unit(request.user, data["parent"]):
        raise DomainError("Bạn không quản lý đơn vị cấp trên đã chọn.", field="parent")
    return services.unit_update(unit, by=request.user, **data)


def _unit_form_view(request, unit: OrgUnit | None):
    parents = access.managed_units(request.user)
    allow_root = access.is_admin(request.user)
    initial = UnitForm.initial_for(unit) if unit else {"parent": request.GET.get("cap_tren")}
    form = UnitForm(request.POST or None, initial=initial, parents=parents, allow_root=allow_root)
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save_unit(request, form, unit)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"Đã lưu đơn vị “{saved.name}”.")
            return redirect("orgs:unit_detail", unit_id=saved.pk)
    return render(request, "orgs/unit_form.html", {"form": form, "unit": unit})


@login_required
def unit_create(request):
    access.require(access.managed_units(request.user).exists() or access.is_admin(request.user))
    return _unit_form_view(request, None)


@login_required
def unit_edit(request, unit_id: int):
    unit = access.get_managed_unit(request.user, unit_id)
    return _unit_form_view(request, unit)
