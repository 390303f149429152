"""Recommendations after an inspection in a real browser: the coordinator records the inspection
of Sở Tư pháp with two recommendations, the unit's officer reports on both through the ordinary
task pages, the coordinator accepts one, and the inspection page shows 1 of 2 closed."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chiso.accountability import services
from chiso.orgs.models import OrgUnit, UnitGroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST = "Niêm yết đầy đủ thủ tục hành chính tại bộ phận một cửa"
SECOND = "Cập nhật quy trình nội bộ giải quyết thủ tục"


def _logout(page):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/**")


def _planned_inspection(province):
    today = timezone.localdate()
    plan = services.inspection_plan_create(
        year=today.year,
        title=f"Kế hoạch kiểm tra công tác CCHC năm {today.year}",
        owner_unit=province,
        inspecting_unit=OrgUnit.objects.get(name="Sở Nội vụ"),
        group=UnitGroup.objects.get(name="Các Sở, ban, ngành", scope=province),
    )
    services.inspection_add(
        inspection_plan=plan, unit=OrgUnit.objects.get(name="Sở Tư pháp"), team="Đoàn số 1"
    )
    return plan


def _report(page, content):
    page.goto("/nhiem-vu/")
    page.get_by_role("link", name=content).first.click()
    page.get_by_label("Tình hình thực hiện").select_option(label="Hoàn thành")
    page.get_by_label("Ngày hoàn thành thực tế").fill(f"{timezone.localdate():%d/%m/%Y}")
    page.get_by_label("Kết quả thực hiện").fill("Đã thực hiện, kèm văn bản minh chứng.")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo để thẩm định.")).to_be_visible()


def test_inspection_recommendations_reported_and_one_accepted(login, province):
    plan = _planned_inspection(province)
    today = timezone.localdate()
    deadline = min(today + timedelta(days=60), plan.follow_up_plan.period_end)

    # the coordinator records the inspection and its two recommendations
    page = login("noivu")
    page.goto(f"/kiem-tra/{plan.pk}/")
    page.get_by_role("link", name="Sở Tư pháp").click()
    page.get_by_label("Ngày kiểm tra").fill(f"{today:%d/%m/%Y}")
    page.get_by_label("Kết quả kiểm tra, tồn tại, hạn chế").fill("Chưa niêm yết đủ thủ tục.")
    page.get_by_role("button", name="Lưu kết quả kiểm tra").click()
    expect(page.get_by_text("Đã ghi nhận kết quả kiểm tra.")).to_be_visible()
    for content in (FIRST, SECOND):
        form = page.locator("#them-kien-nghi")
        form.get_by_label("Nội dung").fill(content)
        form.get_by_label("Thời hạn thực hiện").fill(f"{deadline:%d/%m/%Y}")
        page.get_by_role("button", name="Thêm kiến nghị").click()
        expect(page.locator("#bang-kien-nghi tbody tr").filter(has_text=content)).to_be_visible()
    inspection_url = page.url
    expect(page.locator("#kien-nghi-da-dong")).to_contain_text("0/2")
    _logout(page)

    # the officer of Sở Tư pháp reports on both through "Nhiệm vụ của đơn vị"
    page = login("tuphap")
    _report(page, FIRST)
    _report(page, SECOND)
    _logout(page)

    # the coordinator accepts the first report only
    page = login("noivu")
    page.goto("/nhiem-vu/tham-dinh/")
    page.get_by_role("link", name=FIRST).first.click()
    page.get_by_role("button", name="Chấp nhận").click()
    expect(page.get_by_text("Đã chấp nhận báo cáo").first).to_be_visible()

    page.goto(inspection_url)
    expect(page.locator("#kien-nghi-da-dong")).to_contain_text("1/2")
    rows = page.locator("#bang-kien-nghi tbody tr")
    expect(rows.filter(has_text=FIRST)).to_contain_text("Hoàn thành đúng hạn")
    expect(rows.filter(has_text=SECOND)).not_to_contain_text("Hoàn thành")
