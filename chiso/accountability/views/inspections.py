"""Inspection plans, their coverage, inspections and recommendations (/kiem-tra/)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from chiso.accountability import rules, selectors, services
from chiso.accountability.forms import (
    FollowUpForm,
    InspectionForm,
    InspectionPlanForm,
    InspectionRecordForm,
)
from chiso.accountability.models import Inspection, InspectionPlan
from chiso.accountability.views.common import form_error, saved, year_param
from chiso.core.downloads import attachment
from chiso.core.errors import DomainError
from chiso.core.links import id_prefix
from chiso.core.lookup import get_visible_or_404
from chiso.orgs import access
from chiso.orgs.models import OrgUnit

NO_PLAN = "Không tìm thấy kế hoạch kiểm tra"
NO_INSPECTION = "Không tìm thấy cuộc kiểm tra"
MANAGE_ONLY = "Chỉ cơ quan điều phối công tác kiểm tra mới thay đổi được kế hoạch này."


def _plan(request, plan_id) -> InspectionPlan:
    qs = InspectionPlan.objects.visible_to(request.user).select_related(
        "owner_unit", "inspecting_unit", "group", "follow_up_plan"
    )
    return get_visible_or_404(qs, plan_id, NO_PLAN)


def _inspection(request, inspection_id) -> Inspection:
    qs = Inspection.objects.visible_to(request.user).select_related(
        "unit", "inspection_plan__inspecting_unit", "inspection_plan__follow_up_plan"
    )
    return get_visible_or_404(qs, inspection_id, NO_INSPECTION)


@login_required
def plan_list(request):
    year = request.GET.get("nam") and year_param(request)
    plans = InspectionPlan.objects.visible_to(request.user).select_related("owner_unit")
    if year:
        plans = plans.filter(year=year)
    context = {
        "rows": selectors.inspection_plan_list(plans[:100], timezone.localdate()),
        "year": year,
        "can_create": rules.can_create(request.user),
    }
    return render(request, "accountability/inspection_plan_list.html", context)


@login_required
def plan_create(request):
    access.require(rules.can_create(request.user), MANAGE_ONLY)
    units = access.managed_units(request.user)
    form = InspectionPlanForm(
        request.POST or None,
        units=units,
        groups=access.visible_groups(request.user).filter(scope__in=units),
        initial={"year": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.inspection_plan_create(**form.cleaned_data, by=request.user)
            saved(request, "Đã tạo kế hoạch kiểm tra và kế hoạch theo dõi thực hiện kiến nghị.")
            return redirect("accountability:inspection_plan", plan.pk)
        except DomainError as exc:
            form_error(form, exc)
    return render(request, "accountability/inspection_plan_form.html", {"form": form})


def _plan_page(request, plan, form=None, status=200):
    can_manage = rules.can_manage_plan(request.user, plan)
    data = selectors.inspection_plan_page(plan, timezone.localdate())
    visible = set(
        Inspection.objects.visible_to(request.user)
        .filter(inspection_plan=plan)
        .values_list("pk", flat=True)
    )
    prefix = id_prefix("accountability:inspection")
    data["inspections"] = [
        {**i, "url": f"{prefix}{i['pk']}/"} for i in data["inspections"] if i["pk"] in visible
    ]
    if can_manage and form is None:
        not_planned = data["not_planned"]
        units = OrgUnit.objects.filter(pk__in=[u.pk for u in not_planned])
        form = InspectionForm(units=units.order_by("path"), listed=not_planned)
    context = {**data, "plan": plan, "can_manage": can_manage, "form": form}
    return render(request, "accountability/inspection_plan.html", context, status=status)


@login_required
def plan_detail(request, plan_id):
    return _plan_page(request, _plan(request, plan_id))


@login_required
@require_POST
def inspection_add(request, plan_id):
    plan = _plan(request, plan_id)
    access.require(rules.can_manage_plan(request.user, plan), MANAGE_ONLY)
    units = OrgUnit.objects.filter(pk__in=selectors.scope_ids(plan, timezone.localdate()))
    form = InspectionForm(request.POST, units=units)
    if form.is_valid():
        try:
            services.inspection_add(inspection_plan=plan, **form.cleaned_data, by=request.user)
            saved(request, "Đã thêm cuộc kiểm tra vào kế hoạch.")
            return redirect("accountability:inspection_plan", plan.pk)
        except DomainError as exc:
            form_error(form, exc)
    return _plan_page(request, plan, form, status=400)


def _inspection_page(request, inspection, record_form=None, rec_form=None, status=200):
    can_manage = rules.can_manage_inspection(request.user, inspection)
    if can_manage:
        record_form = record_form or InspectionRecordForm(
            initial={
                "inspected_on": inspection.inspected_on,
                "members": inspection.members,
                "findings": inspection.findings,
            }
        )
        rec_form = rec_form or FollowUpForm()
    rows = selectors.follow_up_rows(
        inspection.recommendations.select_related("task"), timezone.localdate()
    )
    context = {
        "inspection": inspection,
        "plan": inspection.inspection_plan,
        "rows": rows,
        "closed": sum(1 for r in rows if r.closed),
        "can_manage": can_manage,
        "record_form": record_form,
        "rec_form": rec_form,
    }
    return render(request, "accountability/inspection.html", context, status=status)


@login_required
def inspection_detail(request, inspection_id):
    return _inspection_page(request, _inspection(request, inspection_id))


@login_required
@require_POST
def inspection_record(request, inspection_id):
    inspection = _inspection(request, inspection_id)
    access.require(rules.can_manage_inspection(request.user, inspection), MANAGE_ONLY)
    form = InspectionRecordForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.inspection_record(
                inspection=inspection,
                **form.cleaned_data,
                today=timezone.localdate(),
                by=request.user,
            )
            saved(request, "Đã ghi nhận kết quả kiểm tra.")
            return redirect("accountability:inspection", inspection.pk)
        except DomainError as exc:
            form_error(form, exc)
    return _inspection_page(request, inspection, record_form=form, status=400)


@login_required
@require_POST
def recommendation_add(request, inspection_id):
    inspection = _inspection(request, inspection_id)
    access.require(rules.can_manage_inspection(request.user, inspection), MANAGE_ONLY)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.recommendation_add(inspection=inspection, **form.cleaned_data, by=request.user)
            saved(
                request,
                "Đã thêm kiến nghị; đơn vị được kiểm tra báo cáo thực hiện ở trang "
                "Nhiệm vụ của đơn vị.",
            )
            return redirect("accountability:inspection", inspection.pk)
        except DomainError as exc:
            form_error(form, exc)
    return _inspection_page(request, inspection, rec_form=form, status=400)


@login_required
def conclusion_download(request, inspection_id):
    inspection = _inspection(request, inspection_id)
    if not inspection.conclusion:
        return redirect("accountability:inspection", inspection.pk)
    return attachment(
        inspection.conclusion,
        name=inspection.conclusion_name,
        content_type=inspection.conclusion_type,
    )
