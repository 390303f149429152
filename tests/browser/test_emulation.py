"""An inspection of Sở Tư pháp leaves two recommendations; the unit reports one done, the
inspecting department accepts it; the emulation page shows the unit's points change and the
breakdown says why. Then the coordinator tries another weight and sees the ranking recomputed
without saving it."""

from datetime import date

import pytest
from playwright.sync_api import expect

from chiso.accountability import services as acc
from chiso.emulation import services
from chiso.emulation.models import EmulationModel
from chiso.orgs.models import OrgUnit, UnitGroup
from chiso.tracking.models import Occurrence

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _unit(name: str) -> OrgUnit:
    return OrgUnit.objects.get(name=name)


def _setup(noivu) -> tuple[EmulationModel, Occurrence]:
    departments = UnitGroup.objects.get(name="Các Sở, ban, ngành")
    plan = acc.inspection_plan_create(
        year=2025,
        title="Kế hoạch kiểm tra công tác CCHC năm 2025",
        owner_unit=_unit("Ủy ban nhân dân tỉnh Đồng Nai"),
        inspecting_unit=_unit("Sở Nội vụ"),
        group=departments,
        by=noivu,
    )
    inspection = acc.inspection_add(
        inspection_plan=plan,
        unit=_unit("Sở Tư pháp"),
        planned_on=date(2025, 3, 10),
        team="Đoàn kiểm tra số 1",
        content="Kiểm tra cải cách thủ tục hành chính",
        by=noivu,
    )
    acc.inspection_record(
        inspection=inspection,
        inspected_on=date(2025, 3, 10),
        members="Nguyễn Thị Hoa (trưởng đoàn)",
        findings="Chưa niêm yết đủ thủ tục hành chính",
        today=date(2025, 3, 10),
        by=noivu,
    )
    first, _second = (
        acc.recommendation_add(
            inspection=inspection, content=text, deadline=date(2025, 5, 31), by=noivu
        )
        for text in ("Niêm yết đủ thủ tục hành chính", "Cập nhật sổ theo dõi hồ sơ")
    )
    model = services.model_create(year=2025, group=departments, by=noivu)
    return model, Occurrence.objects.get(task=first.task)


def _logout(page):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/**")


def _breakdown(page, model):
    page.goto("/thi-dua/")
    page.get_by_role("link", name=model.name).click()
    page.get_by_role("link", name="Sở Tư pháp", exact=True).click()
    return page.locator("#tieu-chi-TD5")


def test_accepted_recommendation_raises_the_units_emulation_points(login, persona):
    model, occurrence = _setup(persona("noivu"))

    page = login("noivu")
    line = _breakdown(page, model)
    expect(line).to_contain_text("0/2 kiến nghị thực hiện đúng hạn")
    expect(line).to_contain_text("0,00")
    _logout(page)

    login("tuphap")
    page.goto(f"/nhiem-vu/ky/{occurrence.pk}/")
    page.get_by_label("Tình hình thực hiện").select_option(label="Hoàn thành")
    page.get_by_label("Ngày hoàn thành thực tế").fill("20/05/2025")
    page.get_by_label("Kết quả thực hiện").fill("Đã niêm yết đủ 132 thủ tục hành chính.")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo để thẩm định.")).to_be_visible()
    _logout(page)

    login("noivu")
    page.goto(f"/nhiem-vu/ky/{occurrence.pk}/")
    page.get_by_role("button", name="Chấp nhận").click()
    expect(page.get_by_text("Đã chấp nhận báo cáo").first).to_be_visible()
    line = _breakdown(page, model)
    text = line.inner_text()
    assert "1/2 kiến nghị thực hiện đúng hạn" in text
    assert "2,50" in text  # 5 points × 50 %
    assert "Niêm yết đủ thủ tục hành chính" in text and "đã thực hiện đúng hạn" in text
    line.get_by_role("link", name="Niêm yết đủ thủ tục hành chính").click()
    expect(page.get_by_text("Đã niêm yết đủ 132 thủ tục hành chính.")).to_be_visible()

    # what-if: without the plan-work criteria, Sở Tư pháp's score is its recommendations only
    page.goto(f"/thi-dua/{model.pk}/")
    page.get_by_label("Trọng số TD1").fill("0")
    page.get_by_label("Trọng số TD2").fill("0")
    page.get_by_label("Trọng số TD2").dispatch_event("change")
    page.get_by_text("xem thử với trọng số mới — chưa lưu").wait_for()
    row = page.locator("#xep-hang").get_by_role("row").filter(has_text="Sở Tư pháp")
    expect(row).to_contain_text("50,00")  # 2,50 of the 5 points that still weigh
    page.reload()
    assert page.get_by_label("Trọng số TD1").input_value() in ("35.00", "35")
