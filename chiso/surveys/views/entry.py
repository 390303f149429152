"""Entering answers collected on paper: a keyboard-only form, a spreadsheet import, corrections."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from chiso.core.errors import DomainError
from chiso.core.lookup import get_visible_or_404, parse_id
from chiso.orgs import access
from chiso.surveys import selectors, submissions, xlsx
from chiso.surveys.errors import messages_of
from chiso.surveys.forms import CorrectionForm, UploadForm
from chiso.surveys.models import Mode, Response, SurveyRound
from chiso.surveys.views.public import form_sections, raw_answers
from chiso.surveys.views.rounds import visible_round

NOT_FOUND = "Không tìm thấy đợt khảo sát"


def actable_round(request, round_id) -> SurveyRound:
    qs = SurveyRound.objects.actable_by(request.user).select_related("unit", "questionnaire")
    return get_visible_or_404(qs, round_id, NOT_FOUND)


def _items(survey):
    return list(survey.questionnaire.items.select_related("criterion__part").order_by("order"))


def _places(survey):
    return [survey.unit] + [
        c.unit for c in survey.cells.select_related("unit") if c.unit_id != survey.unit_id
    ]


@login_required
@require_http_methods(["GET", "POST"])
def paper_entry(request, round_id):
    survey = actable_round(request, round_id)
    items = _items(survey)
    places = {p.pk: p for p in _places(survey)}
    place_id = parse_id(request.POST.get("dv") or request.GET.get("dv") or "") or survey.unit_id
    village = (request.POST.get("thon") or request.GET.get("thon") or "")[:120]
    errors, given = [], {}
    if request.method == "POST":
        given = raw_answers(request.POST, items)
        try:
            response = submissions.response_submit(
                survey=survey,
                answers=given,
                mode=Mode.PAPER,
                unit=places.get(place_id),
                village=village,
                nonce=request.POST.get("nonce", "")[:40] or None,
                by=request.user,
            )
            messages.success(request, f"Đã lưu phiếu số {response.pk}. Nhập phiếu tiếp theo.")
            url = reverse("surveys:entry", args=[survey.pk]) + f"?dv={place_id}&thon={village}"
            return redirect(url)
        except DomainError as exc:
            errors = messages_of(exc)
    context = {
        "survey": survey,
        "sections": form_sections(items, given),
        "places": places.values(),
        "place_id": place_id,
        "village": village,
        "errors": errors,
        "nonce": secrets.token_urlsafe(16),
    }
    return render(request, "surveys/entry.html", context, status=422 if errors else 200)


@login_required
def answers_template(request, round_id):
    survey = actable_round(request, round_id)
    response = HttpResponse(xlsx.answers_template(_items(survey)), content_type=xlsx.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-phieu-{survey.code}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def answers_import(request, round_id):
    survey = actable_round(request, round_id)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        units = {name: p for p in _places(survey) for name in selectors.unit_keys(p)}
        try:
            if upload.size > xlsx.MAX_BYTES:
                raise DomainError("Tệp quá lớn (tối đa 5 MB).")
            rows = xlsx.answers_from_xlsx(upload.read(), _items(survey), units)
            stored = submissions.import_rows(survey=survey, rows=rows, by=request.user)
            messages.success(request, f"Đã nhập {len(stored)} phiếu từ tệp.")
            return redirect("surveys:round_detail", survey.pk)
        except DomainError as exc:
            form.add_error("file", exc.message)
    return render(request, "surveys/import.html", {"survey": survey, "form": form})


@login_required
def answers_export(request, round_id):
    survey = visible_round(request, round_id)
    responses = survey.responses.filter(is_current=True).select_related("unit").order_by("pk")
    data = xlsx.answers_export(_items(survey), responses.iterator(chunk_size=2000))
    response = HttpResponse(data, content_type=xlsx.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="phieu-{survey.code}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def response_correct(request, response_id):
    rounds = SurveyRound.objects.actable_by(request.user)
    qs = Response.objects.filter(round__in=rounds, is_current=True).select_related("round")
    original = get_visible_or_404(qs, response_id, "Không tìm thấy phiếu")
    survey = original.round
    items = _items(survey)
    form = CorrectionForm(request.POST or None)
    given = original.answers
    errors = []
    if request.method == "POST" and form.is_valid():
        given = raw_answers(request.POST, items)
        try:
            new = submissions.response_correct(
                response=original,
                answers=given,
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
            messages.success(request, f"Đã lưu bản sửa (lần {new.version}) của phiếu.")
            return redirect("surveys:round_detail", survey.pk)
        except DomainError as exc:
            errors = messages_of(exc)
    context = {
        "survey": survey,
        "original": original,
        "form": form,
        "sections": form_sections(items, given),
        "errors": errors,
        "can_manage": access.can_manage_unit(request.user, survey.unit),
    }
    return render(request, "surveys/correct.html", context)
