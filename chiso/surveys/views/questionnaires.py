"""Questionnaires: the versions, their structure, and xlsx export / import as a new version."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from chiso.core.errors import DomainError
from chiso.core.lookup import get_visible_or_404
from chiso.orgs import access
from chiso.surveys import services, xlsx
from chiso.surveys.forms import UploadForm
from chiso.surveys.models import Questionnaire
from chiso.surveys.views.public import form_sections

NOT_FOUND = "Không tìm thấy bộ câu hỏi"


def _visible(request, pk) -> Questionnaire:
    return get_visible_or_404(Questionnaire.objects.visible_to(request.user), pk, NOT_FOUND)


@login_required
def questionnaire_detail(request, questionnaire_id):
    q = _visible(request, questionnaire_id)
    items = list(
        q.items.select_related("criterion__part", "criterion__component").order_by("order")
    )
    versions = list(Questionnaire.objects.visible_to(request.user).filter(code=q.code))
    context = {
        "q": q,
        "sections": form_sections(items),
        "versions": versions,
        # The upload of an edited file carries the newest version this page showed: a version
        # saved by someone else meanwhile makes it a conflict instead of a silent overwrite.
        "latest_version": max(v.version for v in versions),
        "form": UploadForm(),
        "can_import": access.is_coordinator(request.user),
    }
    return render(request, "surveys/questionnaire.html", context)


@login_required
def questionnaire_export(request, questionnaire_id):
    q = _visible(request, questionnaire_id)
    data = xlsx.questionnaire_to_xlsx(services.questionnaire_as_data(q))
    response = HttpResponse(data, content_type=xlsx.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{q.code}-v{q.version}.xlsx"'
    return response


def _based_on(request) -> int | None:
    """The version the editor's page started from; None from the list page (a new code)."""
    raw = request.POST.get("based_on", "").strip()
    return int(raw) if raw.isdigit() else None


@login_required
def questionnaire_import(request):
    access.require(access.is_coordinator(request.user), "Chỉ đơn vị điều phối mới nhập bộ câu hỏi.")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > xlsx.MAX_BYTES:
                raise DomainError("Tệp quá lớn (tối đa 5 MB).")
            data = xlsx.questionnaire_from_xlsx(upload.read())
            code = request.POST.get("code", "").strip()
            if code and str(data.get("code", "")).strip() != code:
                raise DomainError(
                    f"Tệp tải lên là bộ câu hỏi mã “{data.get('code', '')}”, không phải "
                    f"“{code}”: hãy chọn đúng tệp của bộ câu hỏi này."
                )
            q = services.questionnaire_import(
                data=data, by=request.user, based_on=_based_on(request)
            )
            messages.success(request, f"Đã nhập “{q.title}”, phiên bản {q.version}.")
            return redirect("surveys:questionnaire", q.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect("surveys:list")
