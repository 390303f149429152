"""Pages of the evidence library and of the self-assessment extension."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from chiso.assessment import library, timeline
from chiso.assessment.models import AssessmentRound
from chiso.assessment.views import _assessment, _back, _leaf_action
from chiso.core.downloads import attachment
from chiso.core.errors import DomainError
from chiso.core.lookup import parse_id


@login_required
def library_page(request, unit_id: int):
    unit = library.visible_unit(request.user, parse_id(unit_id))
    context = {"unit": unit, "shelves": library.shelves(unit.pk)}
    return render(request, "assessment/library.html", context)


@login_required
def library_file(request, unit_id: int, file_id: int):
    unit = library.visible_unit(request.user, parse_id(unit_id))
    stored = library.file_of_unit(unit.pk, parse_id(file_id))
    return attachment(stored.file, name=stored.original_name)


def _ids(values) -> list[int]:
    return [i for i in (parse_id(v) for v in values) if i]


@login_required
@require_POST
def leaf_library(request, round_id: int, unit_id: int, code: str):
    """Use earlier years' items for this leaf, or stop using a carried file."""
    assessment, score = _leaf_action(request, round_id, unit_id, code, "scorable_by")
    try:
        if request.POST.get("bo"):
            library.library_detach(
                score=score, file_id=parse_id(request.POST.get("tep") or ""), by=request.user
            )
            messages.success(request, "Đã bỏ tài liệu năm trước khỏi tiêu chí.")
        else:
            count = library.library_attach(
                score=score,
                file_ids=_ids(request.POST.getlist("tep")),
                evidence_ids=_ids(request.POST.getlist("minh_chung")),
                by=request.user,
            )
            messages.success(request, f"Đã dùng lại {count} tài liệu của các năm trước.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(assessment, code)


@login_required
@require_POST
def self_extend(request, round_id: int, unit_id: int):
    assessment = _assessment(request, round_id, unit_id)
    managed = AssessmentRound.objects.managed_by(request.user).filter(pk=assessment.round_id)
    if not managed.exists():
        raise Http404("Không tìm thấy đơn vị trong đợt đánh giá")
    text = (request.POST.get("den_ngay") or "").strip()
    try:
        until = None
        if text:
            try:
                until = datetime.strptime(text, "%d/%m/%Y").date()
            except ValueError:
                until = datetime.strptime(text, "%Y-%m-%d").date()
        timeline.self_extend(assessment=assessment, until=until, by=request.user)
    except ValueError:
        messages.error(request, "Ngày gia hạn không hợp lệ (nhập theo dạng dd/mm/yyyy).")
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"Đã gia hạn tự đánh giá đến {until:%d/%m/%Y}." if until else "Đã bỏ gia hạn.",
        )
    return redirect("assessment:unit", round_id=assessment.round_id, unit_id=assessment.unit_id)
