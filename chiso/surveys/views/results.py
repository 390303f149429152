"""A round's results: items, criteria, parts, overall; breakdowns; export; recording the result
as an internal index result of the framework the questionnaire serves."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from chiso.core.errors import DomainError
from chiso.orgs import access
from chiso.surveys import selectors, services, xlsx
from chiso.surveys.forms import RecordForm
from chiso.surveys.views.rounds import managed_round, visible_round


@login_required
def round_results(request, round_id):
    survey = visible_round(request, round_id)
    by = request.GET.get("theo", "unit")
    by = by if by in selectors.BREAKDOWNS else "unit"
    items = selectors.rated_items(survey)
    result, groups = selectors.results_with_breakdown(survey, by, items)
    official = selectors.official_results(survey)
    for c in result["criteria"] + result["parts"]:
        c["official"] = official.get(c["component"].pk) if c["component"] else None
    context = {
        "survey": survey,
        "result": result,
        "weakest": selectors.weakest_items(result, request.user),
        "breakdown": groups,
        "by": by,
        "breakdowns": selectors.BREAKDOWN_LABELS,
        "official_total": official.get(None),
        "record_form": RecordForm(
            initial={
                "unit": survey.unit_id,
                "year": min(survey.ends_on.year, timezone.localdate().year),
            },
            units=access.managed_units(request.user),
        ),
        "can_manage": access.can_manage_unit(request.user, survey.unit),
    }
    return render(request, "surveys/results.html", context)


@login_required
def results_export(request, round_id):
    survey = visible_round(request, round_id)
    result = selectors.round_results(survey)
    data = xlsx.results_export(survey.name, result)
    response = HttpResponse(data, content_type=xlsx.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="ket-qua-{survey.code}.xlsx"'
    return response


@login_required
@require_POST
def results_record(request, round_id):
    survey = managed_round(request, round_id)
    form = RecordForm(request.POST, units=access.managed_units(request.user))
    if not form.is_valid():
        messages.error(request, "Chọn đơn vị và năm hợp lệ.")
        return redirect("surveys:results", survey.pk)
    result = selectors.round_results(survey)
    try:
        written = services.result_record(
            survey=survey,
            unit=form.cleaned_data["unit"],
            year=form.cleaned_data["year"],
            figures=result,
            by=request.user,
        )
        messages.success(
            request,
            f"Đã ghi {written} kết quả “Khảo sát nội bộ” năm {form.cleaned_data['year']} "
            f"cho {form.cleaned_data['unit'].name} (lúc {timezone.localtime():%H:%M %d/%m/%Y}).",
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("surveys:results", survey.pk)
