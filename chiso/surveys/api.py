"""Survey API: the public form for other systems (no token) and results (token).

Contracts relied on by other systems; keep the shapes exactly:
GET  /public/surveys/{code}            → {title, unit, items: [{code, text, kind, scale_min,
                                          scale_max, required, criterion}]}
POST /public/surveys/{code}/responses  {"answers": {...}, "invitation": "..."} → 201 {id};
                                          422 bad answers / used invitation, 410 closed round
GET  /surveys, GET /surveys/{id}/results → {responses, overall_pct, criteria: [...]}
"""

import json
from datetime import date

from ninja import Router, Schema, Status

from chiso.core.lookup import get_visible_or_404
from chiso.surveys import selectors, submissions
from chiso.surveys.errors import AnswersRejected, Duplicate, RateLimited, SurveyClosed
from chiso.surveys.models import Mode, RoundStatus, SurveyRound

router = Router(tags=["Khảo sát sự hài lòng"])


class Message(Schema):
    detail: str


class PublicItem(Schema):
    code: str
    text: str
    kind: str
    scale_min: int | None
    scale_max: int | None
    required: bool
    criterion: str


class PublicSurvey(Schema):
    title: str
    unit: str
    items: list[PublicItem]


class Created(Schema):
    id: int


class RoundOut(Schema):
    id: int
    name: str
    code: str
    unit: str
    status: str
    starts_on: date
    ends_on: date
    questionnaire: str


class CriterionResult(Schema):
    code: str
    name: str
    n: int
    pct: float | None
    ci_low: float | None
    ci_high: float | None


class ResultsOut(Schema):
    responses: int
    overall_pct: float | None
    criteria: list[CriterionResult]


def _public_round(code: str) -> SurveyRound:
    return selectors.public_round(code)


def _public_item(item) -> dict:
    low, high = item.spec().bounds()
    return {
        "code": item.code,
        "text": item.text,
        "kind": item.kind,
        "scale_min": low,
        "scale_max": high,
        "required": item.required,
        "criterion": item.criterion.code,
    }


@router.get(
    "/public/surveys/{code}",
    auth=None,
    response={200: PublicSurvey, 404: Message, 410: Message},
    summary="Phiếu khảo sát công khai (không cần đăng nhập)",
)
def public_survey(request, code: str):
    survey = _public_round(code)
    if survey.status == RoundStatus.CLOSED:
        return Status(410, {"detail": SurveyClosed().message})
    items = survey.questionnaire.items.select_related("criterion").order_by("order")
    return {
        "title": survey.questionnaire.title,
        "unit": survey.unit.name,
        "items": [_public_item(i) for i in items],
    }


ANSWER_BODY = {
    "requestBody": {
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["answers"],
                    "properties": {
                        "answers": {"type": "object", "additionalProperties": True},
                        "invitation": {"type": "string"},
                    },
                }
            }
        },
        "required": True,
    }
}


def _body(request) -> tuple[dict, str | None]:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError) as exc:
        raise AnswersRejected(["Nội dung gửi lên không phải JSON hợp lệ."]) from exc
    if not isinstance(body, dict) or not isinstance(body.get("answers"), dict):
        raise AnswersRejected(["Thiếu phần “answers” (câu trả lời theo mã câu hỏi)."])
    invitation = body.get("invitation")
    if invitation is not None and not isinstance(invitation, str):
        raise AnswersRejected(["Mã mời phải là chuỗi ký tự."])
    return body["answers"], invitation


@router.post(
    "/public/surveys/{code}/responses",
    auth=None,
    response={201: Created, 404: Message, 410: Message, 422: Message, 429: Message},
    openapi_extra=ANSWER_BODY,
    summary="Gửi một phiếu trả lời (không cần đăng nhập)",
)
def public_submit(request, code: str):
    survey = _public_round(code)
    try:
        answers, invitation = _body(request)
        response = submissions.response_submit(
            survey=survey,
            answers=answers,
            mode=Mode.API,
            invitation=invitation,
            ip=request.META.get("REMOTE_ADDR"),
        )
    except SurveyClosed as exc:
        return Status(410, {"detail": exc.message})
    except RateLimited as exc:
        return Status(429, {"detail": exc.message})
    except (AnswersRejected, Duplicate) as exc:
        return Status(422, {"detail": exc.message})
    return Status(201, {"id": response.pk})


@router.get("/surveys", response=list[RoundOut], summary="Các đợt khảo sát được xem")
def survey_list(request):
    rounds = SurveyRound.objects.visible_to(request.user).select_related("unit", "questionnaire")
    return [
        {
            "id": r.pk,
            "name": r.name,
            "code": r.code,
            "unit": r.unit.name,
            "status": r.status,
            "starts_on": r.starts_on,
            "ends_on": r.ends_on,
            "questionnaire": str(r.questionnaire),
        }
        for r in rounds[:500]
    ]


@router.get("/surveys/{round_id}/results", response=ResultsOut, summary="Kết quả một đợt")
def survey_results(request, round_id: str):
    survey = get_visible_or_404(
        SurveyRound.objects.visible_to(request.user).select_related("questionnaire"),
        round_id,
        "Không tìm thấy đợt khảo sát",
    )
    result = selectors.round_results(survey)
    return {
        "responses": result["responses"],
        "overall_pct": result["overall"]["pct"],
        "criteria": [
            {k: c[k] for k in ("code", "name", "n", "pct", "ci_low", "ci_high")}
            for c in result["criteria"]
        ],
    }
