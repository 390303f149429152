"""Pages to close a round, publish its results and download the decision annex."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from chiso.assessment import publication, selectors
from chiso.assessment.models import AssessmentRound, RoundStatus
from chiso.core import security
from chiso.core.errors import DomainError
from chiso.core.lookup import get_visible_or_404
from chiso.core.models import SecurityEventKind


def _round(request, round_id) -> AssessmentRound:
    rounds = AssessmentRound.objects.visible_to(request.user).select_related(
        "criteria_set", "group", "coordinator_unit__parent"
    )
    return get_visible_or_404(rounds, round_id, "Không tìm thấy đợt đánh giá")


def _managed(request, round_id) -> AssessmentRound:
    round_ = _round(request, round_id)
    if not publication.can_manage(request.user, round_):
        raise PermissionDenied("Chỉ cơ quan tổ chức đợt đánh giá chốt và công bố kết quả.")
    return round_


@login_required
@require_POST
def round_close(request, round_id: int):
    round_ = _managed(request, round_id)
    try:
        publication.round_close(round_=round_, by=request.user)
        messages.success(request, "Đã chốt kết quả đợt đánh giá. Có thể công bố kết quả.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("assessment:round", round_id=round_.pk)


@login_required
def round_publish(request, round_id: int):
    """GET: what will be published, to confirm; POST (confirmed): publish."""
    round_ = _managed(request, round_id)
    if request.method == "POST":
        if not request.POST.get("xac_nhan"):
            messages.error(request, "Hãy đánh dấu xác nhận trước khi công bố kết quả.")
            return redirect("assessment:publish", round_id=round_.pk)
        try:
            publication.round_publish(round_=round_, by=request.user)
            messages.success(request, "Đã công bố kết quả đợt đánh giá.")
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("assessment:round", round_id=round_.pk)
    results = selectors.round_results(round_)
    context = {
        "round": round_,
        "title": publication.annex_title(round_),
        "units": len(results),
        "ranked": sum(1 for r in results if r.rank),
        "can_publish": round_.status == RoundStatus.FINAL,
    }
    return render(request, "assessment/publish.html", context)


@login_required
def annex_download(request, round_id: int, kind: str):
    if kind not in ("docx", "xlsx"):
        raise Http404("Không có định dạng này")
    round_ = _round(request, round_id)
    if not publication.can_download(request.user, round_):
        raise PermissionDenied("Kết quả của đợt đánh giá chưa được chốt hoặc chưa công bố.")
    data, content_type, name = publication.annex_file(round_, kind)
    security.record(SecurityEventKind.EXPORT, request=request, detail=name)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
