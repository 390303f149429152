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
    context = {
        "q": q,
        "sections": form_sections(items),
        "versions": Questionnaire.objects.visible_to(request.user).filter(code=q.code),
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
            q = services.questionnaire_import(data=data, by=request.user)
            messages.success(request, f"Đã nhập “{q.title}”, phiên bản {q.version}.")
            return redirect("surveys:questionnaire", q.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect("surveys:list")
