"""Small POST endpoints on an occurrence or report; each redirects back to the occurrence."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from chiso.core.errors import DomainError
from chiso.orgs import access
from chiso.tracking import services
from chiso.tracking.forms import (
    AnswerForm,
    ContributionForm,
    DeadlineForm,
    ExplanationForm,
    ReasonForm,
    ReassignForm,
    ReviewForm,
)
from chiso.tracking.models import ExplanationRequest


def _action(view):
    """POST only; a DomainError or an invalid form becomes an error message, then redirect."""

    @login_required
    @require_POST
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        occ, message = None, ""
        try:
            occ, message = view(request, *args, **kwargs)
        except DomainError as exc:
            messages.error(request, exc.message)
            occ = exc.occurrence if hasattr(exc, "occurrence") else None
        if message:
            messages.success(request, message)
        target = occ.pk if occ else kwargs.get("occurrence_id")
        if request.POST.get("next", "").startswith("/"):
            return redirect(request.POST["next"])
        return (
            redirect("tracking:occurrence", occurrence_id=target)
            if target
            else redirect("tracking:inbox")
        )

    return wrapper


def _valid(form):
    if not form.is_valid():
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        raise DomainError(errors or "Dữ liệu chưa hợp lệ.")
    return form.cleaned_data


@_action
def contribution_add(request, occurrence_id: int):
    occ = access.get_visible_occurrence(request.user, occurrence_id)
    units = access.contributing_units(request.user, occ)
    access.require(bool(units), "Đơn vị bạn không được giao phối hợp nhiệm vụ này.")
    data = _valid(ContributionForm(request.POST))
    services.contribution_add(
        occurrence=occ, unit=units[0], narrative=data["narrative"], by=request.user
    )
    return occ, "Đã gửi ý kiến phối hợp cho đơn vị chủ trì."


@_action
def report_review(request, report_id: int):
    report = access.get_visible_report(request.user, report_id)
    occ = report.occurrence
    access.require(
        access.can_review(request.user, occ), "Bạn không được giao thẩm định báo cáo này."
    )
    data = _valid(ReviewForm(request.POST))
    try:
        if request.POST.get("decision") == "accept":
            services.report_accept(
                report=report, by=request.user, comment=data["comment"], version=data["version"]
            )
            return occ, "Đã chấp nhận báo cáo."
        services.report_return(
            report=report, by=request.user, comment=data["comment"], version=data["version"]
        )
    except DomainError as exc:
        exc.occurrence = occ
        raise
    return occ, "Đã trả lại báo cáo; đơn vị chủ trì được thông báo."


@_action
def report_reopen(request, report_id: int):
    report = access.get_visible_report(request.user, report_id)
    occ = report.occurrence
    access.require(
        access.can_review(request.user, occ) or access.can_manage_occurrence(request.user, occ)
    )
    data = _valid(ReasonForm(request.POST))
    services.report_reopen(report=report, by=request.user, reason=data["reason"])
    return occ, "Đã mở lại kỳ báo cáo."


@_action
def explanation_request(request, occurrence_id: int):
    occ = access.get_visible_occurrence(request.user, occurrence_id)
    access.require(access.can_request_explanation(request.user, occ))
    data = _valid(ExplanationForm(request.POST))
    services.explanation_request(occurrence=occ, question=data["question"], by=request.user)
    return occ, "Đã gửi yêu cầu giải trình."


@_action
def explanation_answer(request, explanation_id: int):
    try:
        req = ExplanationRequest.objects.get(
            pk=explanation_id, occurrence__in=access.visible_occurrences(request.user)
        )
    except ExplanationRequest.DoesNotExist:
        from django.http import Http404

        raise Http404("Không tìm thấy yêu cầu giải trình") from None
    occ = access.get_visible_occurrence(request.user, req.occurrence_id)
    access.require(access.can_report(request.user, occ), "Chỉ đơn vị chủ trì giải trình.")
    data = _valid(AnswerForm(request.POST))
    services.explanation_answer(request=req, answer=data["answer"], by=request.user)
    return occ, "Đã gửi nội dung giải trình."


def _managed(request, occurrence_id):
    occ = access.get_visible_occurrence(request.user, occurrence_id)
    access.require(access.can_manage_occurrence(request.user, occ), "Chỉ điều phối viên kế hoạch.")
    return occ


@_action
def change_deadline(request, occurrence_id: int):
    occ = _managed(request, occurrence_id)
    data = _valid(DeadlineForm(request.POST))
    services.occurrence_change_deadline(
        occurrence=occ, due_date=data["due_date"], reason=data["reason"], by=request.user
    )
    return occ, f"Đã đổi hạn thành {data['due_date']:%d/%m/%Y}."


@_action
def reassign(request, occurrence_id: int):
    occ = _managed(request, occurrence_id)
    data = _valid(ReassignForm(request.POST, units=access.managed_units(request.user)))
    services.occurrence_reassign(
        occurrence=occ, unit=data["unit"], reason=data["reason"], by=request.user
    )
    return occ, f"Đã giao lại cho {data['unit'].name}."


@_action
def cancel(request, occurrence_id: int):
    occ = _managed(request, occurrence_id)
    data = _valid(ReasonForm(request.POST))
    services.occurrence_cancel(occurrence=occ, reason=data["reason"], by=request.user)
    return occ, "Đã ghi nhận nhiệm vụ không thực hiện / dừng."
