"""Feed a survey round's satisfaction % into the survey leaves of a PAR assessment round.

chiso.assessment and chiso.surveys are independent siblings: this module sits in the layer above
both, reads the survey's per-unit results (surveys.selectors) and hands plain numbers to
assessment.survey_feed, which validates and writes them (preview, then confirmation).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from chiso.assessment import survey_feed
from chiso.assessment.models import AssessmentRound
from chiso.core.errors import DomainError
from chiso.core.lookup import get_visible_or_404, parse_id
from chiso.surveys import selectors as survey_selectors
from chiso.surveys.models import SurveyRound


def unit_pcts(survey: SurveyRound) -> dict[int, float]:
    """The survey's overall satisfaction % per surveyed unit (one grouped query)."""
    return {
        group["key"][0]: group["overall"]["pct"]
        for group in survey_selectors.breakdown(survey, "unit")
        if group["key"][0] is not None and group["overall"]["pct"] is not None
    }


@login_required
def feed(request, survey_id: int):
    surveys = SurveyRound.objects.managed_by(request.user).visible_to(request.user)
    survey = get_visible_or_404(surveys.select_related("unit"), survey_id, "Không tìm thấy")
    rounds = AssessmentRound.objects.managed_by(request.user).visible_to(request.user)
    data = request.POST if request.method == "POST" else request.GET
    round_ = None
    if data.get("dot"):
        round_ = rounds.filter(pk=parse_id(data["dot"]) or 0).first()
        if round_ is None:
            raise Http404("Không tìm thấy đợt đánh giá")
    pcts = unit_pcts(survey)
    chosen_unit = parse_id(data.get("don_vi") or "")
    if chosen_unit:
        pcts = {k: v for k, v in pcts.items() if k == chosen_unit}
    leaves = survey_feed.survey_leaves(round_) if round_ else []
    codes = data.getlist("tieu_chi") if request.method == "POST" else []
    context = {
        "survey": survey,
        "rounds": rounds.order_by("-year", "name"),
        "round": round_,
        "leaves": leaves,
        "codes": codes,
        "units": survey_selectors.breakdown(survey, "unit"),
        "chosen_unit": chosen_unit,
    }
    if request.method == "POST" and round_ is not None:
        try:
            if data.get("ghi"):
                source = f"Khảo sát “{survey.name}” (đợt số {survey.pk})"
                count = survey_feed.feed_save(
                    round_=round_, codes=codes, pcts=pcts, source=source, by=request.user
                )
                messages.success(
                    request, f"Đã ghi {count} điểm điều tra xã hội học vào “{round_.name}”."
                )
                return redirect("assessment:round", round_id=round_.pk)
            context["preview"] = survey_feed.preview(round_, codes, pcts)
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(request, "feeds/survey_assessment.html", context)
