"""The whole PAR assessment cycle in chromium: self-assessment with reused evidence → submit →
appraisal with a reduction → explanation → council decision → final → ranking."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from chiso.assessment import services
from chiso.assessment.loader import example_set
from chiso.assessment.tests.test_cycle import _accepted_evidence
from chiso.orgs.models import OrgUnit, UnitGroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def round_(province, persona):
    round_ = services.round_create(
        name="Chỉ số CCHC năm 2025 các sở, ban, ngành",
        year=2025,
        criteria_set=example_set("department"),
        group=UnitGroup.objects.get(name="Các Sở, ban, ngành"),
        coordinator_unit=OrgUnit.objects.get(name="Sở Nội vụ"),
    )
    services.appraiser_assign(round_=round_, user=persona("thamdinh"))
    _accepted_evidence("Sở Tư pháp", date(2025, 3, 31), "ke-hoach-cchc-2025")
    return round_


def _open_unit(page, round_):
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Chấm điểm CCHC"
    ).click()
    page.get_by_role("link", name=round_.name).click()
    page.get_by_role("link", name="Sở Tư pháp").click()


def _switch(page, login, username):
    page.context.clear_cookies()
    login(username)


def test_self_assessment_appraisal_explanation_final_ranking(page, login, round_):
    login("tuphap")
    _open_unit(page, round_)
    page.get_by_role("link", name="1.1.1", exact=True).click()
    page.get_by_label("ke-hoach-cchc-2025.pdf").check()
    page.get_by_role("button", name="Gắn tài liệu đã chọn").click()
    expect(page.get_by_text("Đã gắn 1 tài liệu từ báo cáo nhiệm vụ.")).to_be_visible()
    page.get_by_role("link", name="Sở Tư pháp").click()
    page.wait_for_url(re.compile(r"/don-vi/\d+/$"))

    for select in page.locator("select[name^='diem-']").all():
        values = select.locator("option").evaluate_all("os => os.map(o => o.value)")
        select.select_option(values[-1])
    for field in page.locator("input[name^='diem-']").all():
        field.fill("1")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Nộp kết quả").click()
    expect(page.get_by_text("Đã nộp kết quả tự đánh giá")).to_be_visible()

    _switch(page, login, "thamdinh")
    _open_unit(page, round_)
    page.get_by_label("Điểm 1.2.1").select_option(label="1")
    page.get_by_label("Lý do 1.2.1").fill("Báo cáo quý III nộp sau hạn.")
    page.get_by_label("Điểm 1.5.1").fill("1")  # council-only leaves
    page.get_by_label("Điểm 4.2.1").select_option(label="4")
    page.get_by_role("button", name="Lưu kết quả thẩm định").click()
    expect(page.get_by_text("Đã lưu kết quả thẩm định.")).to_be_visible()
    expect(page.locator("dl.facts dd").first).to_have_text(re.compile(r"^\s*Đã thẩm định"))

    _switch(page, login, "tuphap")
    _open_unit(page, round_)
    page.get_by_role("link", name="1.2.1", exact=True).click()
    page.get_by_label("Nội dung giải trình").fill(
        "Báo cáo quý III gửi ngày 10/9/2025, số 45/BC-STP."
    )
    page.get_by_role("button", name="Gửi giải trình").click()
    expect(page.get_by_text("Đã gửi giải trình tới hội đồng thẩm định.")).to_be_visible()

    _switch(page, login, "thamdinh")
    _open_unit(page, round_)
    page.get_by_role("link", name="1.2.1", exact=True).click()
    page.get_by_label("Điểm sau khi xem xét").fill("2")
    page.get_by_label("Kết luận của hội đồng").fill("Chấp nhận giải trình: báo cáo đúng hạn.")
    page.get_by_role("button", name="Ghi kết luận").click()
    expect(page.get_by_text("Đã ghi kết luận của hội đồng.")).to_be_visible()
    page.get_by_role("link", name="Sở Tư pháp").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Chốt kết quả của đơn vị").click()
    expect(page.get_by_text("Đã chốt kết quả của đơn vị.")).to_be_visible()

    page.get_by_role("link", name=round_.name).click()
    row = page.locator("main table.data tbody tr", has_text="Sở Tư pháp")
    expect(row.locator("td").first).to_have_text("1")
    expect(row).to_contain_text("tạm tính")
