"""Surveys in a real browser: a citizen answers on a phone from the QR link; an officer types
paper forms with the keyboard only."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chiso.orgs.models import OrgUnit
from chiso.surveys import services
from chiso.surveys.models import Response, RoundStatus
from chiso.surveys.shipped import SIPAS_CODE, load_shipped

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def sipas_round(province):
    today = timezone.localdate()
    survey = services.round_create(
        questionnaire=load_shipped()[SIPAS_CODE],
        unit=OrgUnit.objects.get(name="Ủy ban nhân dân phường Tân Phong"),
        name="Khảo sát sự hài lòng phường Tân Phong",
        starts_on=today - timedelta(days=5),
        ends_on=today + timedelta(days=30),
        code="tan-phong",
    )
    return services.round_set_status(survey=survey, status=RoundStatus.OPEN)


def test_a_citizen_answers_on_a_phone_from_the_qr_link(browser, live_server, login, sipas_round):
    staff = login("noivu")
    staff.goto(f"/khao-sat/dot/{sipas_round.pk}/ap-phich/")
    link = staff.locator(".link").inner_text().strip()
    assert link.endswith("/ks/tan-phong/")

    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN", java_script_enabled=False
    )
    phone = context.new_page()
    phone.goto(link)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(phone.get_by_text("không lưu họ tên")).to_be_visible()
    phone.locator("#cau-A1").get_by_label("Có").check()
    for group in phone.locator("fieldset").all():
        choice = group.get_by_label("Hài lòng", exact=True)
        if choice.count():
            choice.check()
    phone.get_by_role("button", name="Gửi phiếu trả lời").click()
    expect(
        phone.get_by_role("heading", name="Cảm ơn ông/bà đã trả lời phiếu khảo sát")
    ).to_be_visible()
    context.close()
    stored = Response.objects.get()
    assert stored.answers["A1"] == 1 and stored.answers["K3"] == 4 and stored.mode == "online"


def test_paper_forms_are_typed_with_the_keyboard_only(login, sipas_round):
    page = login("noivu")
    page.goto(f"/khao-sat/dot/{sipas_round.pk}/nhap-phieu/")
    for level in ("4", "5"):
        assert page.evaluate("document.activeElement.id") == "o-A1"
        page.keyboard.type("1" + "2" + "1" + level * 23 + level * 16)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "Nhập phiếu tiếp theo." in page.locator(".messages").inner_text()
    stored = list(Response.objects.order_by("pk"))
    assert [r.mode for r in stored] == ["paper", "paper"]
    assert [r.answers["K3"] for r in stored] == [4, 5]
    assert stored[0].answers["A2"] == 2 and stored[0].created_by.username == "noivu"
