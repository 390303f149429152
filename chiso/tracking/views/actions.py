"""Small POST endpoints on an occurrence; each redirects back to the occurrence page.

The decorators fetch the object through the access helpers (404 for outsiders) and turn a
DomainError or an invalid form into an error message, so every view is a few lines.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from chiso.core.errors import DomainError
from chiso.core.lookup import get_visible_or_404
from chiso.orgs import access
from chiso.tracking import rules, services
from chiso.tracking.forms import (
    AnswerForm,
    ContributionForm,
    DeadlineForm,
    ExplanationForm,
    ReasonForm,
    ReassignForm,
    ReviewForm,
)
from chiso.tracking.models import (
    OCCURRENCE_PAGE,
    Evidence,
    ExplanationRequest,
    Occurrence,
    ProgressReport,
)


def _run(request, occ, action):
    try:
        message = action()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, message)
    return redirect("tracking:occurrence", occurrence_id=occ.pk)


def on_occurrence(view):
    @login_required
    @require_POST
    @wraps(view)
    def wrapper(request, occurrence_id: int):
        occ = get_visible_or_404(
            Occurrence.objects.visible_to(request.user).select_related(*OCCURRENCE_PAGE),
            occurrence_id,
            "Không tìm thấy nhiệm vụ",
        )
        return _run(request, occ, lambda: view(request, occ))

    return wrapper


def on_report(view):
    @login_required
    @require_POST
    @wraps(view)
    def wrapper(request, report_id: int):
        report = get_visible_or_404(
            ProgressReport.objects.visible_to(request.user).select_related(
                "occurrence__task__plan", "unit"
            ),
            report_id,
            "Không tìm thấy báo cáo",
        )
        return _run(request, report.occurrence, lambda: view(request, report))

    return wrapper


def _valid(form) -> dict:
    if not form.is_valid():
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        raise DomainError(errors or "Dữ liệu chưa hợp lệ.")
    return form.cleaned_data


@on_occurrence
def contribution_add(request, occ):
    units = rules.contributing_units(request.user, occ)
    access.require(bool(units), "Đơn vị bạn không được giao phối hợp nhiệm vụ này.")
    data = _valid(ContributionForm(request.POST))
    services.contribution_add(
        occurrence=occ, unit=units[0], narrative=data["narrative"], by=request.user
    )
    return "Đã gửi ý kiến phối hợp cho đơn vị chủ trì."


@on_report
def report_review(request, report):
    access.require(
        rules.can_review(request.user, report.occurrence),
        "Bạn không được giao thẩm định báo cáo này.",
    )
    data = _valid(ReviewForm(request.POST))
    args = dict(report=report, by=request.user, comment=data["comment"], version=data["version"])
    if request.POST.get("decision") == "accept":
        services.report_accept(**args)
        return "Đã chấp nhận báo cáo."
    services.report_return(**args)
    return "Đã trả lại báo cáo; đơn vị chủ trì được thông báo."


@on_report
def report_reopen(request, report):
    occ = report.occurrence
    access.require(
        rules.can_review(request.user, occ) or rules.can_manage_occurrence(request.user, occ)
    )
    data = _valid(ReasonForm(request.POST))
    services.report_reopen(report=report, by=request.user, reason=data["reason"])
    return "Đã mở lại kỳ báo cáo."


@on_occurrence
def explanation_request(request, occ):
    access.require(rules.can_request_explanation(request.user, occ))
    data = _valid(ExplanationForm(request.POST))
    services.explanation_request(occurrence=occ, question=data["question"], by=request.user)
    return "Đã gửi yêu cầu giải trình."


@login_required
@require_POST
def explanation_answer(request, explanation_id: int):
    visible = Occurrence.objects.visible_to(request.user)
    req = get_visible_or_404(
        ExplanationRequest.objects.filter(occurrence__in=visible),
        explanation_id,
        "Không tìm thấy yêu cầu giải trình",
    )
    occ = get_visible_or_404(
        Occurrence.objects.visible_to(request.user).select_related(*OCCURRENCE_PAGE),
        req.occurrence_id,
        "Không tìm thấy nhiệm vụ",
    )
    access.require(rules.can_report(request.user, occ), "Chỉ đơn vị chủ trì giải trình.")

    def answer():
        data = _valid(AnswerForm(request.POST))
        services.explanation_answer(request=req, answer=data["answer"], by=request.user)
        return "Đã gửi nội dung giải trình."

    return _run(request, occ, answer)


def _require_manager(request, occ) -> None:
    access.require(
        rules.can_manage_occurrence(request.user, occ), "Chỉ điều phối viên của kế hoạch."
    )


@on_occurrence
def change_deadline(request, occ):
    _require_manager(request, occ)
    data = _valid(DeadlineForm(request.POST))
    services.occurrence_change_deadline(
        occurrence=occ,
        due_date=data["due_date"],
        reason=data["reason"],
        by=request.user,
        current_due=data["current_due"],
    )
    return f"Đã đổi hạn thành {data['due_date']:%d/%m/%Y}."


@on_occurrence
def reassign(request, occ):
    _require_manager(request, occ)
    data = _valid(ReassignForm(request.POST, units=access.managed_units(request.user)))
    services.occurrence_reassign(
        occurrence=occ, unit=data["unit"], reason=data["reason"], by=request.user
    )
    return f"Đã giao lại cho {data['unit'].name}."


@on_occurrence
def cancel(request, occ):
    _require_manager(request, occ)
    data = _valid(ReasonForm(request.POST))
    services.occurrence_cancel(occurrence=occ, reason=data["reason"], by=request.user)
    return "Đã ghi nhận nhiệm vụ không thực hiện / dừng."


@login_required
@require_POST
def evidence_delete(request, evidence_id: int):
    evidence = get_visible_or_404(
        Evidence.objects.visible_to(request.user), evidence_id, "Không tìm thấy tài liệu"
    )
    occ = evidence.report.occurrence
    access.require(rules.can_report(request.user, occ), "Chỉ đơn vị chủ trì sửa báo cáo.")

    def delete():
        name = evidence.original_name
        services.evidence_delete(evidence=evidence, by=request.user)
        return f"Đã xóa tài liệu “{name}”."

    return _run(request, occ, delete)
