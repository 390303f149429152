"""The unit's task list, one occurrence's page with its report form, evidence downloads."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from chiso.core import audit, paging
from chiso.core.errors import DomainError
from chiso.core.lookup import get_visible_or_404
from chiso.core.uploads import evidence_attachment
from chiso.orgs import access
from chiso.tracking import rules, selectors, services
from chiso.tracking.forms import (
    AnswerForm,
    ContributionForm,
    DeadlineForm,
    ExplanationForm,
    ReasonForm,
    ReassignForm,
    ReportForm,
    ReviewForm,
)
from chiso.tracking.listrows import task_rows
from chiso.tracking.models import (
    OCCURRENCE_PAGE,
    REPORTING_ROLES,
    Evidence,
    Occurrence,
    ProgressReport,
)
from chiso.tracking.reviewers import review_units
from chiso.tracking.status import flag_of

TASKS_PER_PAGE = 50


def _my_units(request):
    # The user's own units: an officer's, and a coordinator's own office (Sở Nội vụ), whose
    # tasks she reports as its officer would; never the units under her scope.
    units = [m.unit for m in access.memberships(request.user) if m.role in REPORTING_ROLES]
    if request.GET.get("don_vi"):
        units = [access.get_visible_unit(request.user, request.GET["don_vi"])]
        access.require(access.can_act_for_unit(request.user, units[0]))
    return units


@login_required
def my_tasks(request):
    today = timezone.localdate()
    units = _my_units(request)
    include_done = request.GET.get("tat_ca") == "1"
    lead, coord = selectors.unit_tasks(units, today, include_done=include_done, parts=True)
    build = partial(task_rows, today=today)
    key = ("unit-tasks", [u.pk for u in units], include_done, today)
    lead_page = paging.page_of(
        lead, request.GET, per_page=TASKS_PER_PAGE, by_ids=True, build=build, count_key=key
    )
    coord_page = paging.page_of(
        coord,
        request.GET,
        per_page=TASKS_PER_PAGE,
        param="trang_ph",
        by_ids=True,
        build=build,
        count_key=(*key, "coordinating"),
    )
    context = {
        "units": units,
        "lead_page": lead_page,
        "coord_page": coord_page,
        "groups": selectors.group_by_due(lead_page.rows, today),
        "coordinating": selectors.group_by_due(coord_page.rows, today),
        "include_done": include_done,
        "today": today,
    }
    return render(request, "tracking/my_tasks.html", context)


def _report_form(request, occurrence, report):
    show_result = occurrence.task.target_value is not None
    if request.method == "POST":
        return ReportForm(request.POST, request.FILES, show_result=show_result)
    initial = {"version": report.version if report else 0}
    if report:
        initial.update(
            work_status=report.work_status,
            percent=report.percent,
            narrative=report.narrative,
            completed_on=report.completed_on,
            result_value=report.result_value,
        )
    return ReportForm(initial=initial, show_result=show_result)


def _save_report(request, occurrence, form) -> bool:
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        services.report_save(
            occurrence=occurrence,
            by=request.user,
            work_status=data["work_status"],
            percent=data["percent"],
            narrative=data["narrative"],
            result_value=data.get("result_value"),
            completed_on=data.get("completed_on"),
            files=data["files"],
            submit="submit" in request.POST,
            version=data.get("version"),
        )
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return False
    sent = "submit" in request.POST
    messages.success(request, "Đã gửi báo cáo để thẩm định." if sent else "Đã lưu bản nháp.")
    return True


@login_required
def occurrence_detail(request, occurrence_id: int):
    occ = get_visible_or_404(
        Occurrence.objects.visible_to(request.user).select_related(*OCCURRENCE_PAGE),
        occurrence_id,
        "Không tìm thấy nhiệm vụ",
    )
    report = ProgressReport.objects.filter(occurrence=occ, unit=occ.unit).first()
    can_report = rules.can_report(request.user, occ)
    form = _report_form(request, occ, report) if can_report else None
    if request.method == "POST":
        access.require(can_report, "Chỉ đơn vị chủ trì được báo cáo nhiệm vụ này.")
        if _save_report(request, occ, form):
            return redirect("tracking:occurrence", occurrence_id=occ.pk)
        report = ProgressReport.objects.filter(occurrence=occ, unit=occ.unit).first()
    today = timezone.localdate()
    status = occ.status_on(today)
    manage = rules.can_manage_occurrence(request.user, occ)
    context = {
        "occ": occ,
        "task": occ.task,
        "status": status,
        "status_label": dict(selectors.Status.choices)[status],
        "flag": flag_of(status, occ.due_date, occ.percent, today),
        "report": report,
        "evidence": list(report.evidence.all()) if report else [],
        "contributions": occ.contributions.select_related("unit", "submitted_by"),
        "explanations": occ.explanations.select_related("requested_by", "answered_by"),
        "form": form if (report is None or report.is_editable) else None,
        "can_report": can_report,
        "contribution_units": rules.contributing_units(request.user, occ),
        "contribution_form": ContributionForm(),
        "can_review": rules.can_review(request.user, occ),
        "review_units": review_units(occ),
        "review_form": ReviewForm(initial={"version": report.version if report else 0}),
        "reason_form": ReasonForm(),
        "can_manage": manage,
        "deadline_form": DeadlineForm(initial={"due_date": occ.due_date}) if manage else None,
        "reassign_form": ReassignForm(units=access.managed_units(request.user)) if manage else None,
        "can_explain": rules.can_request_explanation(request.user, occ),
        "explanation_form": ExplanationForm(),
        "answer_form": AnswerForm(),
        "history": audit.object_entries(report, 30) if report else [],
        "occ_history": audit.object_entries(occ, 30),
    }
    return render(request, "tracking/occurrence.html", context)


@login_required
def evidence_download(request, evidence_id: int):
    evidence = get_visible_or_404(
        Evidence.objects.visible_to(request.user), evidence_id, "Không tìm thấy tài liệu"
    )
    return evidence_attachment(evidence)
