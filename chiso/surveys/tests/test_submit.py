"""Collecting answers: the public form, the public API contract, invitations, abuse limits,
immutability and corrections. Nothing is stored when a submission is refused."""

import pytest
from django.urls import reverse

from chiso.surveys import services, submissions
from chiso.surveys.errors import AnswersRejected, Duplicate, RateLimited
from chiso.surveys.models import Invitation, Response, RoundStatus
from chiso.surveys.tests.conftest import full_answers

API = "/api/v1/public/surveys/"


def post_json(client, url, body, **extra):
    return client.post(url, body, content_type="application/json", **extra)


def test_public_api_describes_the_form(client, sipas_round):
    data = client.get(f"{API}tan-phong").json()
    assert set(data) == {"title", "unit", "items"}
    assert data["unit"] == "Ủy ban nhân dân phường Tân Phong"
    first = data["items"][0]
    assert set(first) == {"code", "text", "kind", "scale_min", "scale_max", "required", "criterion"}
    b1 = next(i for i in data["items"] if i["code"] == "B1")
    assert (b1["kind"], b1["scale_min"], b1["scale_max"], b1["required"], b1["criterion"]) == (
        "sat5",
        1,
        5,
        True,
        "1.1",
    )


def test_public_api_stores_an_answer_and_returns_its_id(client, sipas_round):
    response = post_json(client, f"{API}tan-phong/responses", {"answers": full_answers()})
    assert response.status_code == 201
    stored = Response.objects.get(pk=response.json()["id"])
    assert stored.answers["B1"] == 4 and stored.mode == "api" and stored.round == sipas_round


@pytest.mark.parametrize(
    ("answers", "fragment"),
    [
        (full_answers() | {"B1": 7}, "nằm ngoài thang 1–5"),
        (full_answers() | {"ZZ": 3}, "Không có câu hỏi mã “ZZ”"),
        ({k: v for k, v in full_answers().items() if k != "C3"}, "Câu C3 bắt buộc"),
        ("không phải object", "Thiếu phần “answers”"),
    ],
)
def test_public_api_refuses_bad_answers_with_422_and_stores_nothing(
    client, sipas_round, answers, fragment
):
    response = post_json(client, f"{API}tan-phong/responses", {"answers": answers})
    assert response.status_code == 422
    assert fragment in response.json()["detail"]
    assert not Response.objects.exists()


def test_public_api_refuses_a_closed_round_with_410(client, make_round):
    make_round(code="da-dong", status=RoundStatus.CLOSED)
    response = post_json(client, f"{API}da-dong/responses", {"answers": full_answers()})
    assert response.status_code == 410
    assert "không nhận phiếu" in response.json()["detail"]
    assert client.get(f"{API}da-dong").status_code == 410
    assert client.get(f"{API}khong-co").status_code == 404


def test_an_invitation_gives_exactly_one_answer(client, make_round):
    survey = make_round(code="co-ma", invitation_only=True)
    code = services.invitations_create(survey=survey, count=1)[0]
    url = f"{API}co-ma/responses"
    assert post_json(client, url, {"answers": full_answers()}).status_code == 422
    assert (
        post_json(client, url, {"answers": full_answers(), "invitation": code}).status_code == 201
    )
    again = post_json(client, url, {"answers": full_answers(5), "invitation": code.lower()})
    assert again.status_code == 422
    assert "đã được dùng" in again.json()["detail"]
    assert Response.objects.count() == 1
    assert Invitation.objects.get().response is not None


def test_the_public_form_leads_to_the_thank_you_page(client, sipas_round):
    page = client.get("/ks/tan-phong/")
    html = page.content.decode()
    assert page.status_code == 200 and len(page.content) < 100_000 and "<script" not in html
    assert "không lưu họ tên" in html and 'lang="vi"' in html
    form = {f"q_{k}": str(v) for k, v in full_answers().items()} | {"nonce": "n-1"}
    response = client.post("/ks/tan-phong/", form)
    assert response.status_code == 302
    assert response.url == reverse("survey_public:thanks", args=["tan-phong"])
    assert "Cảm ơn ông/bà" in client.get(response.url).content.decode()
    assert Response.objects.get().mode == "online"


def test_the_public_form_shows_what_is_missing_and_keeps_the_answers(client, sipas_round):
    form = {f"q_{k}": str(v) for k, v in full_answers().items() if k != "D4"}
    page = client.post("/ks/tan-phong/", form | {"q_B1": "2"})
    html = page.content.decode()
    assert page.status_code == 422 and "Câu D4 bắt buộc trả lời" in html
    assert 'name="q_B1" value="2" required checked' in html
    assert not Response.objects.exists()


def test_a_double_click_stores_one_answer(client, sipas_round):
    form = {f"q_{k}": str(v) for k, v in full_answers().items()} | {"nonce": "same-nonce"}
    client.post("/ks/tan-phong/", form)
    second = client.post("/ks/tan-phong/", form)
    assert second.status_code == 302 and Response.objects.count() == 1


def test_the_honeypot_pretends_success_and_stores_nothing(client, sipas_round):
    form = {f"q_{k}": str(v) for k, v in full_answers().items()} | {"website": "http://spam"}
    assert client.post("/ks/tan-phong/", form).status_code == 302
    assert not Response.objects.exists()


def test_the_same_answers_from_the_same_address_within_minutes_are_a_duplicate(sipas_round):
    submissions.response_submit(survey=sipas_round, answers=full_answers(), ip="10.0.0.5")
    with pytest.raises(Duplicate):
        submissions.response_submit(survey=sipas_round, answers=full_answers(), ip="10.0.0.5")
    submissions.response_submit(survey=sipas_round, answers=full_answers(), ip="10.0.0.6")
    assert Response.objects.count() == 2


def test_rate_limit_per_address_per_hour(client, sipas_round, settings):
    settings.SURVEY_RATE_LIMIT = 3
    url = f"{API}tan-phong/responses"
    codes = [
        post_json(client, url, {"answers": full_answers(level)}).status_code
        for level in (1, 2, 3, 4)
    ]
    assert codes == [201, 201, 201, 429]
    other = post_json(client, url, {"answers": full_answers(5)}, REMOTE_ADDR="10.1.1.1")
    assert other.status_code == 201
    assert Response.objects.count() == 4


def test_rate_limit_zero_turns_it_off(sipas_round, settings):
    settings.SURVEY_RATE_LIMIT = 0
    for level in range(1, 6):
        for used in (True, False):
            submissions.response_submit(
                survey=sipas_round, answers=full_answers(level, used), ip="10.0.0.1"
            )
    assert Response.objects.count() == 10


def test_limits_raise_their_own_errors(sipas_round, settings):
    settings.SURVEY_RATE_LIMIT = 1
    submissions.response_submit(survey=sipas_round, answers=full_answers(), ip="10.9.9.9")
    with pytest.raises(RateLimited):
        submissions.response_submit(survey=sipas_round, answers=full_answers(2), ip="10.9.9.9")


def test_a_correction_is_a_new_version_and_the_original_is_kept(sipas_round, persona):
    original = submissions.response_submit(survey=sipas_round, answers=full_answers(2))
    with pytest.raises(AnswersRejected):
        submissions.response_correct(
            response=original, answers={"B1": 9}, reason="Nhập nhầm", by=persona("noivu")
        )
    new = submissions.response_correct(
        response=original, answers=full_answers(4), reason="Nhập nhầm câu B1", by=persona("noivu")
    )
    original.refresh_from_db()
    assert original.answers["B1"] == 2 and not original.is_current
    assert (new.version, new.supersedes, new.reason, new.answers["B1"]) == (
        2,
        original,
        "Nhập nhầm câu B1",
        4,
    )
    assert Response.objects.current().count() == 1
