"""Dialogues with citizens and businesses, their commitments, counts against targets
(/doi-thoai/)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from chiso.accountability import rules, selectors, services
from chiso.accountability.forms import DialogueForm, DialogueTargetForm, FollowUpForm
from chiso.accountability.models import Dialogue
from chiso.accountability.views.common import form_error, group_param, saved, year_param
from chiso.core.errors import DomainError
from chiso.core.lookup import get_visible_or_404
from chiso.orgs import access

NOT_FOUND = "Không tìm thấy cuộc đối thoại"
MANAGE_ONLY = "Chỉ cơ quan điều phối mới ghi nhận, thay đổi cuộc đối thoại."


def _managed_groups(user):
    return access.visible_groups(user).filter(scope__in=access.managed_units(user))


def _list_page(request, target_form=None, status=200):
    year = year_param(request)
    group, groups = group_param(request)
    visible = None if access.is_admin(request.user) else access.visible_units(request.user)
    can_create = rules.can_create(request.user)
    if can_create and target_form is None:
        target_form = DialogueTargetForm(
            groups=_managed_groups(request.user),
            initial={"year": year, "group": group.pk if group else None},
        )
    context = {
        "year": year,
        "group": group,
        "groups": groups,
        "progress": group
        and selectors.dialogue_progress(group, year, timezone.localdate(), visible),
        "dialogues": selectors.dialogue_rows(
            Dialogue.objects.visible_to(request.user).filter(held_on__year=year), request.GET
        ),
        "can_create": can_create,
        "target_form": target_form,
    }
    return render(request, "accountability/dialogue_list.html", context, status=status)


@login_required
def dialogue_list(request):
    return _list_page(request)


@login_required
@require_POST
def target_save(request):
    access.require(rules.can_create(request.user), MANAGE_ONLY)
    form = DialogueTargetForm(request.POST, groups=_managed_groups(request.user))
    if form.is_valid():
        try:
            target = services.dialogue_target_save(**form.cleaned_data, by=request.user)
            saved(request, "Đã lưu chỉ tiêu đối thoại.")
            query = f"?nam={target.year}&nhom={target.group_id}"
            return redirect(reverse("accountability:dialogues") + query)
        except DomainError as exc:
            form_error(form, exc)
    return _list_page(request, target_form=form, status=400)


@login_required
def dialogue_create(request):
    access.require(rules.can_create(request.user), MANAGE_ONLY)
    form = DialogueForm(request.POST or None, units=access.managed_units(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            dialogue = services.dialogue_create(
                **form.cleaned_data, today=timezone.localdate(), by=request.user
            )
            saved(request, "Đã ghi nhận cuộc đối thoại. Thêm các cam kết đã đưa ra bên dưới.")
            return redirect("accountability:dialogue", dialogue.pk)
        except DomainError as exc:
            form_error(form, exc)
    status = 400 if request.method == "POST" else 200
    return render(request, "accountability/dialogue_form.html", {"form": form}, status=status)


def _dialogue(request, dialogue_id) -> Dialogue:
    qs = Dialogue.objects.visible_to(request.user).select_related(
        "unit", "audience_unit", "monitoring_unit"
    )
    return get_visible_or_404(qs, dialogue_id, NOT_FOUND)


def _dialogue_page(request, dialogue, form=None, status=200):
    can_manage = rules.can_manage_dialogue(request.user, dialogue)
    rows = selectors.follow_up_rows(
        dialogue.commitments.select_related("task"), timezone.localdate()
    )
    context = {
        "dialogue": dialogue,
        "rows": rows,
        "closed": sum(1 for r in rows if r.closed),
        "can_manage": can_manage,
        "form": form or (FollowUpForm() if can_manage else None),
    }
    return render(request, "accountability/dialogue.html", context, status=status)


@login_required
def dialogue_detail(request, dialogue_id):
    return _dialogue_page(request, _dialogue(request, dialogue_id))


@login_required
@require_POST
def commitment_add(request, dialogue_id):
    dialogue = _dialogue(request, dialogue_id)
    access.require(rules.can_manage_dialogue(request.user, dialogue), MANAGE_ONLY)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.commitment_add(dialogue=dialogue, **form.cleaned_data, by=request.user)
            saved(request, "Đã thêm cam kết; đơn vị báo cáo thực hiện ở trang Nhiệm vụ của đơn vị.")
            return redirect("accountability:dialogue", dialogue.pk)
        except DomainError as exc:
            form_error(form, exc)
    return _dialogue_page(request, dialogue, form, status=400)
