"""The public form: no login, no JavaScript, one light page that works on a cheap phone."""

import re
import secrets

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from chiso.core.errors import DomainError
from chiso.core.lookup import parse_id
from chiso.surveys import rules, selectors, submissions
from chiso.surveys.errors import SurveyClosed, messages_of
from chiso.surveys.models import Mode, SurveyRound

FIELD = "q_"
HONEYPOT = "website"
PRIVACY = (
    "Phiếu không hỏi và không lưu họ tên, số điện thoại hay địa chỉ của ông/bà; chỉ các câu "
    "trả lời trên phiếu được lưu. Để chống gửi trùng, địa chỉ mạng chỉ được giữ dưới dạng mã "
    "hóa một chiều, không dùng để nhận diện người trả lời."
)


def raw_answers(post, items) -> dict:
    out = {}
    for item in items:
        key = FIELD + item.code
        if item.multiple:
            # checkboxes send one value each; the paper-entry screen types "1;3" in one box
            values = [v for raw in post.getlist(key) for v in re.split(r"[;,\s]+", raw) if v]
            if values:
                out[item.code] = values
        elif post.get(key, "").strip():
            out[item.code] = post[key]
    return out


def _hint(item, by_code: dict) -> str:
    rule = item.show_if or {}
    target = by_code.get(rule.get("item"))
    if not rule or target is None:
        return ""
    if "values" in rule:
        labels = dict(target.spec().labels())
        picked = " hoặc ".join(f"“{labels.get(v, v)}”" for v in rule["values"])
        return f"Chỉ trả lời nếu ở câu {target.code} ông/bà chọn {picked}."
    return rules.describe_rule(rule) + "."


def form_sections(items, given: dict | None = None) -> list[dict]:
    """Items grouped by part and criterion, with their options and skip hints, for templates."""
    by_code = {i.code: i for i in items}
    parts: list[dict] = []
    for item in items:
        criterion, part = item.criterion, item.criterion.part
        if not parts or parts[-1]["part"] != part:
            parts.append({"part": part, "criteria": []})
        groups = parts[-1]["criteria"]
        if not groups or groups[-1]["criterion"] != criterion:
            groups.append({"criterion": criterion, "items": []})
        low, high = item.spec().bounds()
        groups[-1]["items"].append(
            {
                "item": item,
                "name": FIELD + item.code,
                "labels": item.spec().labels(),
                "hint": _hint(item, by_code),
                "low": low,
                "high": high,
                "html_required": item.required and not item.show_if,
                "picked": _picked((given or {}).get(item.code)),
            }
        )
    return parts


def _picked(value) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _place(request, survey: SurveyRound):
    unit_id = parse_id(request.GET.get("dv", ""))
    if unit_id is None:
        return None
    cell = survey.cells.filter(unit_id=unit_id).select_related("unit").first()
    if cell is None:
        raise Http404("Không tìm thấy đơn vị trong đợt khảo sát này")
    return cell.unit


def _closed(request, survey):
    return render(request, "surveys/public/closed.html", {"survey": survey}, status=410)


@csrf_exempt  # anonymous form: no session to forge; the one-time nonce stops double submits
@require_http_methods(["GET", "POST"])
def survey_form(request, code: str):
    survey = selectors.public_round(code)
    if not survey.accepts_on(timezone.localdate()):
        return _closed(request, survey)
    place = _place(request, survey)
    items = list(survey.questionnaire.items.select_related("criterion__part").order_by("order"))
    errors: list[str] = []
    given: dict = {}
    if request.method == "POST":
        thanks = reverse("survey_public:thanks", args=[survey.code])
        if request.POST.get(HONEYPOT):
            return redirect(thanks)  # a bot filled the hidden field: pretend, store nothing
        given = raw_answers(request.POST, items)
        counter = request.GET.get("quay", "")
        try:
            submissions.response_submit(
                survey=survey,
                answers=given,
                mode=Mode.COUNTER if counter else Mode.ONLINE,
                unit=place,
                counter=counter,
                invitation=request.POST.get("ma_moi") or None,
                nonce=request.POST.get("nonce", "")[:40] or None,
                ip=request.META.get("REMOTE_ADDR"),
            )
            return redirect(thanks)
        except SurveyClosed:
            return _closed(request, survey)
        except DomainError as exc:
            errors = messages_of(exc)
    context = {
        "survey": survey,
        "place": place or survey.unit,
        "sections": form_sections(items, given),
        "errors": errors,
        "nonce": secrets.token_urlsafe(16),
        "invitation": request.GET.get("ma", "")[:16],
        "privacy": PRIVACY,
        "action": request.get_full_path(),
    }
    return render(request, "surveys/public/form.html", context, status=422 if errors else 200)


def thanks(request, code: str):
    survey = selectors.public_round(code)
    return render(request, "surveys/public/thanks.html", {"survey": survey, "privacy": PRIVACY})
