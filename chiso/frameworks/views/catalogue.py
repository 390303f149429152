"""Frameworks and their component trees: list, detail, local frameworks, versions, edits."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from chiso.core.errors import DomainError
from chiso.core.lookup import get_visible_or_404
from chiso.frameworks import component_trees as fs
from chiso.frameworks import rules
from chiso.frameworks.forms import ComponentAddForm, ComponentForm, FrameworkForm, VersionForm
from chiso.frameworks.models import Component, Framework
from chiso.frameworks.services import ImportRejected
from chiso.orgs import access


@login_required
def framework_list(request):
    frameworks = Framework.objects.visible_to(request.user).select_related("owner_unit")
    context = {
        "frameworks": frameworks.order_by("index_code", "level", "code", "-valid_from"),
        "can_create": rules.can_create_framework(request.user),
    }
    return render(request, "frameworks/list.html", context)


@login_required
def framework_detail(request, framework_id: int):
    framework = get_visible_or_404(
        Framework.objects.visible_to(request.user), framework_id, "Không tìm thấy bộ chỉ số"
    )
    context = {
        "framework": framework,
        "components": framework.components.order_by("order"),
        "can_manage": rules.can_manage_framework(request.user, framework),
        "version_form": VersionForm(),
    }
    return render(request, "frameworks/detail.html", context)


def _fail(form, exc: DomainError) -> None:
    for line in getattr(exc, "errors", None) or [exc.message]:
        form.add_error(exc.field if exc.field in form.fields else None, line)


@login_required
def framework_create(request):
    access.require(rules.can_create_framework(request.user))
    units = access.managed_units(request.user)
    form = FrameworkForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("components_file")
        try:
            specs = fs.components_from_file(upload.read(), upload.name) if upload else []
            framework = fs.framework_create(
                by=request.user, is_local=True, components=specs, **data
            )
        except (DomainError, ImportRejected) as exc:
            _fail(form, exc)
        else:
            messages.success(request, f"Đã tạo bộ chỉ số “{framework.name}”.")
            return redirect("frameworks:detail", framework_id=framework.pk)
    return render(request, "frameworks/form.html", {"form": form})


@login_required
def framework_new_version(request, framework_id: int):
    source = rules.get_managed_framework(request.user, framework_id)
    form = VersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            framework = fs.framework_new_version(
                source=source, by=request.user, **form.cleaned_data
            )
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, f"Đã tạo phiên bản “{framework.version_label}”.")
            return redirect("frameworks:detail", framework_id=framework.pk)
    return render(request, "frameworks/form.html", {"form": form, "source": source})


def _managed_component(user, component_id) -> Component:
    visible = Component.objects.filter(framework__in=Framework.objects.visible_to(user))
    component = get_visible_or_404(
        visible.select_related("framework"), component_id, "Không tìm thấy chỉ số thành phần"
    )
    rules.get_managed_framework(user, component.framework_id)
    return component


@login_required
def component_edit(request, component_id: int):
    component = _managed_component(request.user, component_id)
    fields = ["name", "max_points", "weight", "order", "confirmed", "evidence"]
    initial = {f: getattr(component, f) for f in fields}
    form = ComponentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            fs.component_update(component=component, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, f"Đã lưu “{component.code} {component.name}”.")
            return redirect("frameworks:detail", framework_id=component.framework_id)
    return render(request, "frameworks/form.html", {"form": form, "component": component})


@login_required
def component_add(request, framework_id: int):
    framework = rules.get_managed_framework(request.user, framework_id)
    form = ComponentAddForm(request.POST or None, framework=framework)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        spec = fs.ComponentSpec(data["code"], data["name"], "", data["max_points"], data["weight"])
        try:
            fs.component_add(framework=framework, spec=spec, parent=data["parent"], by=request.user)
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, f"Đã thêm “{spec.code} {spec.name}”.")
            return redirect("frameworks:detail", framework_id=framework.pk)
    return render(request, "frameworks/form.html", {"form": form, "framework": framework})
