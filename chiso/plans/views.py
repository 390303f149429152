"""Plans and tasks entered or corrected by hand."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from chiso.core.downloads import attachment
from chiso.core.errors import DomainError
from chiso.core.lookup import get_visible_or_404
from chiso.core.redirects import safe_next
from chiso.core.uploads import check_upload
from chiso.frameworks import services as framework_services
from chiso.frameworks.forms import TaskComponentsForm
from chiso.frameworks.models import Component, Framework
from chiso.orgs import access
from chiso.orgs.models import OrgUnit
from chiso.plans import page, rules, selectors, services
from chiso.plans.deadline import parse_deadline
from chiso.plans.forms import PlanForm, TaskForm
from chiso.plans.models import AssignmentRole, Plan, Task, TaskAssignment
from chiso.plans.vocabulary import ASSIGNMENT_ROLES

# The task form offers groups ("UBND các xã") as lead or coordinating, not as monitoring.
GROUP_ROLES = (AssignmentRole.LEAD, AssignmentRole.COORDINATING)


@login_required
def plan_list(request):
    page = selectors.plan_list(request.user, timezone.localdate(), request.GET)
    can_create = access.managed_units(request.user).exists()
    return render(request, "plans/plan_list.html", {"page": page, "can_create": can_create})


@login_required
def plan_detail(request, plan_id: int):
    plan = get_visible_or_404(
        Plan.objects.visible_to(request.user), plan_id, "Không tìm thấy kế hoạch"
    )
    context = {
        "plan": plan,
        **page.tasks_page(plan, request.GET, timezone.localdate()),
        "options": selectors.filter_options(plan),
        "can_manage": rules.can_manage_plan(request.user, plan),
    }
    template = "plans/plan_detail.html#tasks" if request.htmx else "plans/plan_detail.html"
    return render(request, template, context)


def _checked_source(form):
    """A newly uploaded source file, checked; None when the form keeps the stored one.

    The stored file of an imported plan may be .txt or .html, which the upload whitelist refuses:
    it is never checked again on edit.
    """
    upload = form.cleaned_data.get("source_file")
    if not isinstance(upload, UploadedFile):
        return None
    kind = check_upload(upload, upload.name, upload.size, settings.MAX_UPLOAD_MB)
    upload.name = f"{uuid.uuid4().hex}{kind.extension}"
    return upload


def _plan_form(request, plan):
    units = access.managed_units(request.user)
    form = PlanForm(
        request.POST or None,
        request.FILES or None,
        instance=plan,
        owner_units=units,
        units=access.visible_units(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "source_file"}
        try:
            source = _checked_source(form)
            if plan is None:
                plan = services.plan_create(by=request.user, source_file=source or "", **data)
            else:
                plan = services.plan_update(plan=plan, by=request.user, source_file=source, **data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Đã lưu kế hoạch.")
            return redirect("plans:detail", plan_id=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


@login_required
def plan_create(request):
    access.require(access.managed_units(request.user).exists(), "Chỉ điều phối viên tạo kế hoạch.")
    return _plan_form(request, None)


@login_required
def plan_edit(request, plan_id: int):
    return _plan_form(request, rules.get_managed_plan(request.user, plan_id))


@login_required
def plan_source(request, plan_id: int):
    plan = get_visible_or_404(
        Plan.objects.visible_to(request.user), plan_id, "Không tìm thấy kế hoạch"
    )
    if not plan.source_file:
        raise Http404("Kế hoạch chưa đính kèm văn bản.")
    return attachment(plan.source_file, name=plan.number or "ke-hoach")


def _task_initial(task) -> dict:
    by_role = {r: [a for a in task.assignments.all() if a.role == r] for r in AssignmentRole}
    return {
        "number": task.number,
        "content": task.content,
        "expected_output": task.expected_output,
        "index_code": task.index_code,
        "component_text": task.component_text,
        "target_value": task.target_value,
        "target_unit": task.target_unit,
        "deadline_text": task.deadline_raw,
        "components": list(task.component_links.values_list("component_id", flat=True)),
        **{
            f"{role}_units": [a.unit_id for a in by_role[role] if a.unit_id]
            for role in ASSIGNMENT_ROLES
        },
        **{
            f"{role}_groups": [a.group_id for a in by_role[role] if not a.unit_id]
            for role in GROUP_ROLES
        },
    }


def _task_spec(plan, data, task=None) -> services.TaskSpec:
    old = task.deadline if task else {}
    if task and data["deadline_text"].strip() == task.deadline_raw:
        deadline = old
    else:
        period = (plan.period_start, plan.period_end)
        deadline = parse_deadline(data["deadline_text"], plan_date=plan.date, period=period)
        deadline = deadline.to_dict()
    assignees = [
        services.AssigneeSpec(role=role, unit=u, name_as_written=u.name)
        for role in ASSIGNMENT_ROLES
        for u in data[f"{role}_units"]
    ] + [
        services.AssigneeSpec(role=role, group=g, name_as_written=g.name)
        for role in GROUP_ROLES
        for g in data[f"{role}_groups"]
    ]
    fields = ("number", "content", "expected_output", "index_code", "component_text")
    return services.TaskSpec(
        **{k: data[k] for k in fields},
        deadline=deadline,
        assignees=assignees,
        target_value=data["target_value"],
        target_unit=data["target_unit"],
        components=list(data["components"]),
    )


def _task_form(request, plan, task):
    units = OrgUnit.objects.subtree_of(plan.owner_unit)
    groups = access.visible_groups(request.user)
    initial = _task_initial(task) if task else {}
    form = TaskForm(request.POST or None, initial=initial, units=units, groups=groups)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        spec = _task_spec(plan, data, task)
        try:
            if task is None:
                task = services.task_create(plan=plan, spec=spec, by=request.user)
            else:
                services.task_update(task=task, spec=spec, by=request.user, reason=data["reason"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Đã lưu nhiệm vụ và cập nhật các kỳ báo cáo.")
            return redirect(page.task_url(task))
    context = {"form": form, "plan": plan, "task": task}
    return render(request, "plans/task_form.html", context)


@login_required
def task_create(request, plan_id: int):
    return _task_form(request, rules.get_managed_plan(request.user, plan_id), None)


def _managed_task(request, task_id):
    task = get_visible_or_404(
        Task.objects.visible_to(request.user).select_related("plan"),
        task_id,
        "Không tìm thấy nhiệm vụ",
    )
    access.require(rules.can_manage_task(request.user, task), "Bạn không có quyền sửa kế hoạch.")
    return task


@login_required
def task_edit(request, task_id: int):
    task = _managed_task(request, task_id)
    return _task_form(request, task.plan, task)


@login_required
@require_POST
def task_move(request, task_id: int):
    task = _managed_task(request, task_id)
    services.task_move(task=task, direction=-1 if request.POST.get("direction") == "up" else 1)
    return redirect(page.task_url(task))


@login_required
@require_POST
def assignment_split(request, assignment_id: int):
    visible = TaskAssignment.objects.filter(task__in=Task.objects.visible_to(request.user))
    assignment = get_visible_or_404(
        visible.select_related("task__plan", "group"), assignment_id, "Không tìm thấy phân công"
    )
    access.require(rules.can_manage_task(request.user, assignment.task))
    try:
        created = services.assignment_split_group(assignment=assignment, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã tách thành {len(created)} đơn vị, mỗi đơn vị báo cáo riêng.")
    return redirect("plans:detail", plan_id=assignment.task.plan_id)


@login_required
def task_components(request, task_id: int):
    task = get_visible_or_404(
        Task.objects.visible_to(request.user).select_related("plan"),
        task_id,
        "Không tìm thấy nhiệm vụ",
    )
    access.require(rules.can_manage_task(request.user, task), "Bạn không có quyền sửa nhiệm vụ.")
    choices = (
        Component.objects.filter(framework__in=Framework.objects.visible_to(request.user).current())
        .select_related("framework")
        .order_by("framework__index_code", "order")
    )
    current = list(task.component_links.values_list("component_id", flat=True))
    form = TaskComponentsForm(
        request.POST or None, components=choices, initial={"components": current}
    )
    if request.method == "POST" and form.is_valid():
        framework_services.task_components_set(
            task=task, components=list(form.cleaned_data["components"]), by=request.user
        )
        messages.success(request, "Đã lưu chỉ số thành phần của nhiệm vụ.")
        default = reverse("plans:task_components", args=[task.pk])
        return redirect(safe_next(request, default))
    return render(request, "plans/task_components.html", {"task": task, "form": form})
