"""Survey rounds for officers: list, create, open/close, sample design, invitations, QR codes."""

import io
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from chiso.core.errors import DomainError
from chiso.core.lib.text import fold
from chiso.core.lookup import get_visible_or_404, parse_id
from chiso.orgs import access
from chiso.surveys import selectors, services
from chiso.surveys.forms import RoundForm, SampleForm
from chiso.surveys.models import Questionnaire, RoundStatus, SurveyRound

NOT_FOUND = "Không tìm thấy đợt khảo sát"


def visible_round(request, round_id) -> SurveyRound:
    qs = SurveyRound.objects.visible_to(request.user).select_related(
        "unit", "questionnaire__framework"
    )
    return get_visible_or_404(qs, round_id, NOT_FOUND)


def managed_round(request, round_id) -> SurveyRound:
    survey = visible_round(request, round_id)
    allowed = SurveyRound.objects.managed_by(request.user).filter(pk=survey.pk).exists()
    access.require(allowed, "Chỉ đơn vị điều phối mới thay đổi được đợt khảo sát này.")
    return survey


@login_required
def round_list(request):
    rounds = SurveyRound.objects.visible_to(request.user).select_related("unit", "questionnaire")
    questionnaires = Questionnaire.objects.visible_to(request.user).current()
    context = {
        "rounds": rounds,
        "questionnaires": questionnaires,
        "can_create": access.is_coordinator(request.user),
    }
    return render(request, "surveys/round_list.html", context)


@login_required
def round_create(request):
    access.require(
        access.is_coordinator(request.user), "Chỉ đơn vị điều phối mới tạo đợt khảo sát."
    )
    questionnaires = Questionnaire.objects.visible_to(request.user).current()
    form = RoundForm(
        request.POST or None,
        questionnaires=questionnaires,
        units=access.managed_units(request.user),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            survey = services.round_create(
                questionnaire=d["questionnaire"],
                unit=d["unit"],
                name=d["name"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                modes=d["modes"],
                margin=d["margin_pct"] / 100,
                invitation_only=d["invitation_only"],
                by=request.user,
            )
            messages.success(request, "Đã tạo đợt khảo sát. Hãy nhập khung mẫu rồi mở thu phiếu.")
            return redirect("surveys:round_detail", survey.pk)
        except DomainError as exc:
            form.add_error(None, exc.message)
    return render(request, "surveys/round_form.html", {"form": form})


def public_url(request, survey: SurveyRound, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    path = reverse("survey_public:form", args=[survey.code]) + (f"?{query}" if query else "")
    return request.build_absolute_uri(path)


@login_required
def round_detail(request, round_id):
    survey = visible_round(request, round_id)
    quotas = selectors.quotas(survey)
    context = {
        "survey": survey,
        "quotas": quotas,
        "needed": sum(q["cell"].needed for q in quotas),
        "population": sum(q["cell"].population for q in quotas),
        "responses": selectors.current_responses(survey).count(),
        "link": public_url(request, survey),
        "can_manage": SurveyRound.objects.managed_by(request.user).filter(pk=survey.pk).exists(),
        "can_enter": SurveyRound.objects.actable_by(request.user).filter(pk=survey.pk).exists(),
        "sample_form": SampleForm(),
        "invitations": survey.invitations.count(),
        "invitations_used": survey.invitations.filter(used_at__isnull=False).count(),
        "statuses": RoundStatus,
    }
    return render(request, "surveys/round_detail.html", context)


@login_required
@require_POST
def round_status(request, round_id):
    survey = managed_round(request, round_id)
    services.round_set_status(survey=survey, status=request.POST.get("status", ""), by=request.user)
    messages.success(request, f"Đợt khảo sát: {survey.get_status_display().lower()}.")
    return redirect("surveys:round_detail", survey.pk)


def _sample_rows(text: str, units) -> list:
    by_name = {}
    for unit in units:
        for name in selectors.unit_keys(unit):
            by_name.setdefault(name, unit)
    rows, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split(";")]
        name, village = cells[0], cells[1] if len(cells) == 3 else ""
        unit = by_name.get(fold(name))
        population = (
            parse_id(cells[-1].replace(".", "").replace(" ", "")) if len(cells) > 1 else None
        )
        if unit is None:
            errors.append(
                f"Dòng {number}: không tìm thấy đơn vị “{name}” trong phạm vi đợt khảo sát."
            )
        elif population is None:
            errors.append(f"Dòng {number}: dân số “{cells[-1]}” không hợp lệ.")
        else:
            rows.append((unit, village, population))
    if errors:
        raise DomainError("Chưa lưu khung mẫu: " + " ".join(errors[:6]))
    return rows


@login_required
@require_POST
def round_sample(request, round_id):
    survey = managed_round(request, round_id)
    form = SampleForm(request.POST)
    if form.is_valid():
        units = access.visible_units(request.user).filter(path__startswith=survey.unit.path)
        try:
            rows = _sample_rows(form.cleaned_data["rows"], units)
            total = services.sample_set(survey=survey, rows=rows, by=request.user)
            messages.success(request, f"Đã lưu khung mẫu: cần thu {total} phiếu.")
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect("surveys:round_detail", survey.pk)


@login_required
@require_POST
def round_invitations(request, round_id):
    survey = managed_round(request, round_id)
    count = parse_id(request.POST.get("count", "")) or 0
    try:
        codes = services.invitations_create(survey=survey, count=count, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("surveys:round_detail", survey.pk)
    link = public_url(request, survey)
    lines = ["Mã mời;Đường dẫn"] + [f"{c};{link}?ma={c}" for c in codes]
    response = HttpResponse("\ufeff" + "\n".join(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ma-moi-{survey.code}.csv"'
    return response


def _qr_target(request, survey):
    unit_id = parse_id(request.GET.get("dv", ""))
    unit = survey.cells.filter(unit_id=unit_id).select_related("unit").first() if unit_id else None
    counter = request.GET.get("quay", "")[:60]
    link = public_url(request, survey, dv=unit.unit_id if unit else "", quay=counter)
    return link, (unit.unit if unit else survey.unit), counter


@login_required
def round_qr(request, round_id, fmt):
    survey = visible_round(request, round_id)
    link, _, _ = _qr_target(request, survey)
    qr = segno.make(link, error="m")
    out = io.BytesIO()
    if fmt == "svg":
        qr.save(out, kind="svg", scale=8, border=2)
        response = HttpResponse(out.getvalue(), content_type="image/svg+xml")
    else:
        qr.save(out, kind="png", scale=10, border=2)
        response = HttpResponse(out.getvalue(), content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="qr-{survey.code}.{fmt}"'
    return response


@login_required
def round_poster(request, round_id):
    survey = visible_round(request, round_id)
    link, unit, counter = _qr_target(request, survey)
    svg = segno.make(link, error="m").svg_inline(scale=6, border=2)
    context = {
        "survey": survey,
        "unit": unit,
        "counter": counter,
        "link": link,
        "qr": mark_safe(svg),  # SVG markup generated by segno from our own URL
    }
    return render(request, "surveys/poster.html", context)
