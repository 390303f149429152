from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from chiso.core.errors import DomainError
from chiso.orgs import access, services
from chiso.orgs.forms import GroupForm
from chiso.orgs.models import UnitGroup


@login_required
def group_list(request):
    groups = access.visible_groups(request.user).select_related("scope")
    return render(
        request,
        "orgs/group_list.html",
        {"groups": groups, "can_create": access.managed_units(request.user).exists()},
    )


@login_required
def group_detail(request, group_id: int):
    group = access.get_visible_group(request.user, group_id)
    members = services.group_resolved_members(group)
    return render(
        request,
        "orgs/group_detail.html",
        {
            "group": group,
            "members": members,
            "can_manage": access.can_manage_group(request.user, group),
        },
    )


def _group_form_view(request, group: UnitGroup | None):
    units = access.managed_units(request.user)
    initial = {}
    if group:
        initial = {
            "name": group.name,
            "scope": group.scope_id,
            "aliases": "\n".join(group.aliases),
            "rule_unit_types": group.rule_unit_types,
            "members": list(group.members.values_list("pk", flat=True)),
        }
    form = GroupForm(request.POST or None, initial=initial, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.group_save(group=group, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"Đã lưu nhóm “{saved.name}”.")
            return redirect("orgs:group_detail", group_id=saved.pk)
    return render(request, "orgs/group_form.html", {"form": form, "group": group})


@login_required
def group_create(request):
    access.require(access.managed_units(request.user).exists())
    return _group_form_view(request, None)


@login_required
def group_edit(request, group_id: int):
    group = access.get_visible_group(request.user, group_id)
    access.require(access.can_manage_group(request.user, group))
    return _group_form_view(request, group)
