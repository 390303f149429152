"""The whole reporting loop in a real browser: contribution → report with evidence → returned →
resubmitted → accepted; the status, the flag and the unit's completion rate follow."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chiso.tracking.models import Occurrence
from tests.builders import make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _logout(page):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/**")


def _open_task(page, name: str):
    page.goto("/nhiem-vu/")
    page.get_by_role("link", name=name).first.click()


def test_report_loop_from_contribution_to_acceptance(login, province, tmp_path):
    make_plan(
        deadlines={"Rà soát văn bản quy phạm pháp luật": "31/12/2027"},
        start=date(2026, 1, 1),
        end=date(2027, 12, 31),
    )
    occ = Occurrence.objects.get()
    evidence = tmp_path / "bien-ban-ra-soat.pdf"
    evidence.write_bytes(PDF)
    done_on = timezone.localdate() - timedelta(days=3)

    # the coordinating unit sends its contribution
    page = login("vpubnd")
    _open_task(page, "Rà soát văn bản quy phạm pháp luật")
    page.get_by_label("Nội dung phối hợp").fill("Đã gửi danh mục 35 văn bản cần rà soát.")
    page.get_by_role("button", name="Gửi ý kiến phối hợp").click()
    expect(page.get_by_text("Đã gửi ý kiến phối hợp cho đơn vị chủ trì.")).to_be_visible()
    _logout(page)

    # the lead unit sees it and submits a report with evidence
    login("tuphap")
    _open_task(page, "Rà soát văn bản quy phạm pháp luật")
    expect(page.get_by_text("Đã gửi danh mục 35 văn bản cần rà soát.")).to_be_visible()
    assert "Đang thực hiện trong hạn" in page.locator("#trang-thai").inner_text()
    page.get_by_label("Tình hình thực hiện").select_option(label="Hoàn thành")
    page.get_by_label("Ngày hoàn thành thực tế").fill(f"{done_on:%d/%m/%Y}")
    page.get_by_label("Kết quả thực hiện").fill("Đã rà soát 35 văn bản, đề nghị bãi bỏ 3.")
    page.get_by_label("Tài liệu minh chứng").set_input_files(str(evidence))
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo để thẩm định.")).to_be_visible()
    expect(page.get_by_role("link", name="bien-ban-ra-soat.pdf")).to_be_visible()
    _logout(page)

    # the reviewer returns it with a comment
    login("noivu")
    page.goto("/nhiem-vu/tham-dinh/")
    page.get_by_role("link", name="Rà soát văn bản quy phạm pháp luật").click()
    page.get_by_label("Ý kiến thẩm định").fill("Bổ sung danh mục văn bản đề nghị bãi bỏ.")
    page.get_by_role("button", name="Trả lại để bổ sung").click()
    expect(page.get_by_text("Đã trả lại báo cáo")).to_be_visible()
    _logout(page)

    # the lead is notified on the home page and resubmits
    login("tuphap")
    expect(page.get_by_text("bị trả lại để bổ sung").first).to_be_visible()
    _open_task(page, "Rà soát văn bản quy phạm pháp luật")
    expect(page.locator("#trang-thai-bao-cao")).to_have_text("Bị trả lại")
    page.get_by_label("Kết quả thực hiện").fill(
        "Đã rà soát 35 văn bản; danh mục 3 văn bản đề nghị bãi bỏ kèm theo."
    )
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo để thẩm định.")).to_be_visible()
    _logout(page)

    # the reviewer accepts; status, flag and rates update
    login("noivu")
    page.goto("/nhiem-vu/ti-le-hoan-thanh/")
    row = page.locator("#bang-ti-le tr", has_text="Sở Tư pháp")
    expect(row.locator("td").nth(3)).to_have_text("0")
    page.goto("/nhiem-vu/tham-dinh/")
    page.get_by_role("link", name="Rà soát văn bản quy phạm pháp luật").click()
    page.get_by_role("button", name="Chấp nhận").click()
    expect(page.get_by_text("Đã chấp nhận báo cáo.")).to_be_visible()
    status = page.locator("#trang-thai")
    assert "Hoàn thành đúng hạn" in status.inner_text()
    assert "flag-green" in status.locator(".badge").get_attribute("class")
    page.goto("/nhiem-vu/ti-le-hoan-thanh/")
    row = page.locator("#bang-ti-le tr", has_text="Sở Tư pháp")
    expect(row.locator("td").nth(3)).to_have_text("1")
    expect(row.locator("td").nth(8)).to_have_text("100,0%")
    occ.refresh_from_db()
    assert occ.completed_on == done_on and occ.percent == 100
