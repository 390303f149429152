import re

import pytest
from docx import Document
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_prepares_edits_and_downloads_the_compiled_report(login, plan_data):  # noqa: F811
    page = login("noivu")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Báo cáo định kỳ"
    ).click()
    page.get_by_label("Loại báo cáo").select_option("compiled")
    page.get_by_label("Kế hoạch").select_option(str(plan_data.plan.pk))
    page.get_by_label("Kỳ báo cáo").select_option("2024-Q4")
    page.get_by_role("button", name="Lập báo cáo").click()
    # The worker thread fills the progress box, which HTMX polls until the report is ready;
    # the finished job then opens the report by itself.
    page.wait_for_url(re.compile(r"/bao-cao/\d+/$"), timeout=30_000)
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo tổng hợp quý IV năm 2024")
    page.get_by_label("Đánh giá chung").fill("Các cơ quan đã triển khai đúng tiến độ đề ra.")
    page.get_by_label("Số, ký hiệu").fill("15/BC-SNV")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu nội dung và tạo lại tệp báo cáo.")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải báo cáo (Word)").click()
    doc = Document(str(info.value.path()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Các cơ quan đã triển khai đúng tiến độ đề ra." in text
    assert doc.tables[0].cell(1, 0).text == "Số: 15/BC-SNV"
