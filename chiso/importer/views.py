"""Upload a plan document, watch it being read, review the draft, confirm it into a plan."""

import json
from html import escape

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from chiso.core.errors import DomainError
from chiso.core.lib.options import options
from chiso.core.lookup import get_visible_or_404
from chiso.importer import draft_json, review, rules, selectors, services
from chiso.importer.forms import UploadForm
from chiso.importer.models import ImportJob, JobState
from chiso.orgs import access


def _plan_url(plan) -> str:
    try:
        return reverse("plans:detail", args=[plan.pk])
    except NoReverseMatch:
        return reverse("plans:list")


def _job(request, job_id):
    job = get_visible_or_404(
        ImportJob.objects.visible_to(request.user).select_related("owner_unit", "plan"),
        job_id,
        "Không tìm thấy lượt nhập kế hoạch",
    )
    access.require(access.can_manage_unit(request.user, job.owner_unit))
    return services.import_sync(job)


@login_required
def upload(request):
    access.require(rules.can_import_plans(request.user), "Chỉ cán bộ điều phối được nhập kế hoạch.")
    form = UploadForm(request.user, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.import_start(
                user=request.user,
                filename=upload.name,
                data=upload.read(),
                owner_unit=form.cleaned_data["owner_unit"],
            )
            return redirect("importer:job", job.pk)
        except DomainError as exc:
            form.add_error("file", exc.message)
    jobs = selectors.recent_jobs(ImportJob.objects.visible_to(request.user))
    return render(request, "importer/upload.html", {"form": form, "jobs": jobs})


def _agency_options(scope_unit, unresolved: list[dict]) -> bool:
    """Each unresolved name's drop-down options (units, then groups), rendered once for all:
    a plan with a dozen unknown names would otherwise render the province's few hundred units
    a dozen times. A name whose choice is known gets a copy with that option selected. Whether
    there are groups to offer."""
    unit_choices, group_choices = selectors.agency_choices(scope_unit)
    units, groups = options(unit_choices), options(group_choices)
    for item in unresolved:
        item["unit_options"], item["group_options"] = units, groups
        if item["value"]:
            mark = f'<option value="{escape(item["value"])}">'
            chosen = mark.replace('">', '" selected>')
            # the markup stays that of `options`, with one attribute added
            item["unit_options"] = mark_safe(units.replace(mark, chosen, 1))  # noqa: S308
            item["group_options"] = mark_safe(groups.replace(mark, chosen, 1))  # noqa: S308
    return bool(group_choices)


def _review_context(job, draft, error: str = "", chosen: dict | None = None) -> dict:
    unresolved = [
        {"i": str(i), "name": n, "value": (chosen or {}).get(n, "")}
        for i, n in enumerate(draft.get("unresolved") or [])
    ]
    has_groups = _agency_options(job.owner_unit, unresolved)
    return {
        "job": job,
        "draft": draft,
        "plan": draft.get("plan") or {},
        "header_low": review.header_low(draft),
        "dates": review.header_dates(draft),
        "sections": review.sections(draft),
        "targets": review.target_rows(draft),
        "unresolved": unresolved,
        "resolved": {k: v for k, v in (draft.get("agencies") or {}).items() if v},
        "has_groups": has_groups,
        "index_choices": review.index_choices(),
        "deadline_url": reverse("importer:deadline", args=[job.pk]),  # once, not per row
        "duplicate": selectors.job_duplicate_plan(job),
        "missing_lead": draft_json.tasks_without_lead(draft),
        "error": error,
    }


@login_required
def job_detail(request, job_id: int):
    job = _job(request, job_id)
    if job.state == JobState.CONFIRMED and job.plan_id:
        return redirect(_plan_url(job.plan))
    if job.state != JobState.READY:
        return render(request, "importer/progress.html", {"job": job})
    return render(request, "importer/review.html", _review_context(job, job.draft))


@login_required
def job_progress(request, job_id: int):
    job = _job(request, job_id)
    if job.state != JobState.PARSING and request.htmx:
        return HttpResponseClientRedirect(reverse("importer:job", args=[job.pk]))
    return render(request, "importer/_progress.html", {"job": job})


def _edits(request):
    """The review form's values: a JSON blob built by the page's script, or plain fields."""
    blob = request.POST.get("edits")
    if not blob:
        return request.POST
    try:
        data = json.loads(blob)
    except ValueError as exc:
        raise DomainError("Dữ liệu gửi lên không hợp lệ, vui lòng tải lại trang.") from exc
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise DomainError("Dữ liệu gửi lên không hợp lệ, vui lòng tải lại trang.")
    return data


@login_required
@require_POST
def job_confirm(request, job_id: int):
    job = _job(request, job_id)
    edited, mappings = job.draft, {}
    try:
        data = _edits(request)
        mappings = draft_json.mappings_from_form(data, job.draft.get("unresolved") or [])
        edited = draft_json.apply_form(job.draft, data)
        result = services.import_confirm(
            job=job, user=request.user, edited_draft=edited, mappings=mappings
        )
    except services.DuplicatePlan as exc:
        messages.warning(request, exc.message)
        return redirect(_plan_url(exc.plan))
    except DomainError as exc:
        context = _review_context(job, edited, error=exc.message, chosen=mappings)
        return render(request, "importer/review.html", context, status=400)
    messages.success(request, result.summary())
    return redirect(_plan_url(result.plan))


@login_required
@require_POST
def job_deadline(request, job_id: int):
    """HTMX: the deadline phrase of one task, parsed again as the user types it."""
    job = _job(request, job_id)
    # htmx posts the whole review form; the row being edited is named in the query string.
    key = f"tasks-{request.GET.get('row', '')}-deadline"
    plan = dict(job.draft.get("plan") or {})
    try:
        plan["date"] = draft_json.parse_iso(
            request.POST.get("plan-date"), "Ngày ban hành"
        ) or plan.get("date")
        deadline = review.deadline_view(draft_json.deadline_json(request.POST.get(key, ""), plan))
    except DomainError as exc:
        return render(request, "importer/_deadline.html", {"error": exc.message})
    return render(request, "importer/_deadline.html", {"d": deadline})


@login_required
@require_POST
def job_discard(request, job_id: int):
    job = _job(request, job_id)
    try:
        services.import_discard(job=job)
        messages.info(request, f"Đã hủy bản nháp “{job.filename}”.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("importer:upload")
