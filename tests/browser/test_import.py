"""A coordinator imports a small Word plan: review, map an unknown agency, confirm, see the plan."""

import re

import pytest
from playwright.sync_api import expect

from chiso.plans.models import Plan
from tests.builders import PLAN_ROWS, plan_docx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_coordinator_imports_a_word_plan(page, login):
    login("noivu")
    page.goto("/nhap-ke-hoach/")
    page.get_by_label("Tệp kế hoạch").set_input_files(
        {"name": "ke-hoach-12.docx", "mimeType": DOCX_MIME, "buffer": plan_docx()}
    )
    page.get_by_role("button", name="Tải lên và đọc văn bản").click()

    expect(page.get_by_role("heading", name=re.compile("Kiểm tra bản nháp"))).to_be_visible()
    expect(page.locator("#task-2 td.low-confidence")).to_have_count(1)  # deadline not understood
    expect(page.locator("#deadline-2")).to_contain_text("Chưa hiểu")
    expect(page.get_by_text("Tên cơ quan chưa xác định (1)")).to_be_visible()

    page.get_by_label("Thời hạn, dòng 3").fill("31/12/2024")
    page.get_by_label("Thời hạn, dòng 3").press("Tab")
    expect(page.locator("#deadline-2")).to_contain_text("Ngày cụ thể")
    expect(page.locator("#deadline-2")).to_contain_text("31/12/2024")

    page.get_by_label("Hội Nông dân tỉnh").select_option(
        label="Sở Nông nghiệp và Phát triển nông thôn"
    )
    page.get_by_role("button", name="Tạo kế hoạch").click()

    page.wait_for_url(re.compile(r"/ke-hoach/\d+/$"))
    expect(page.get_by_text("Đã tạo kế hoạch với 3 nhiệm vụ")).to_be_visible()
    expect(page.get_by_text("Khảo sát sự hài lòng của người dân").first).to_be_visible()
    plan = Plan.objects.get()
    task = plan.tasks.get(number="2")
    assert task.assignments.get(role="lead").unit.name == "Sở Nông nghiệp và Phát triển nông thôn"
    assert plan.tasks.get(number="3").due_date.isoformat() == "2024-12-31"


def test_task_without_lead_blocks_confirmation_until_given(page, login):
    rows = [
        *PLAN_ROWS[:3],
        ["3", "Tổ chức đối thoại với doanh nghiệp", "", "", "Hội nghị", "Quý IV/2024"],
    ]
    login("noivu")
    page.goto("/nhap-ke-hoach/")
    page.get_by_label("Tệp kế hoạch").set_input_files(
        {"name": "ke-hoach-13.docx", "mimeType": DOCX_MIME, "buffer": plan_docx(rows=rows)}
    )
    page.get_by_role("button", name="Tải lên và đọc văn bản").click()

    notice = page.locator("#missing-lead")
    expect(notice).to_contain_text("1 nhiệm vụ chưa có đơn vị chủ trì")
    expect(notice).to_contain_text("số 3 (dòng 3)")
    page.get_by_role("button", name="Tạo kế hoạch").click()
    expect(page.get_by_role("alert").first).to_contain_text("chưa có đơn vị chủ trì")
    assert not Plan.objects.exists()

    page.get_by_label("Đơn vị chủ trì, dòng 3").fill("Sở Tư pháp")
    page.get_by_role("button", name="Tạo kế hoạch").click()
    page.wait_for_url(re.compile(r"/ke-hoach/\d+/$"))
    task = Plan.objects.get().tasks.get(number="3")
    assert task.assignments.get(role="lead").unit.name == "Sở Tư pháp"
