"""A coordinator uploads a one-stop export, maps an unknown agency name, binds a plan target and
reads the service page with its traffic lights and the late-without-apology list."""

import pytest
from playwright.sync_api import expect

from chiso.dossiers.tests.helpers import csv_bytes, dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_map_and_read_the_service_page(login, tmp_path):
    export = tmp_path / "ho-so-thang-3.csv"
    export.write_bytes(
        csv_bytes(
            [
                dossier("H1", "Sở Tư pháp", returned="12/03/2025"),  # late, no apology
                dossier("H2", "Sở Tư pháp", returned="09/03/2025"),
                dossier("H3", "Một cửa Sở Tài chính", returned="10/03/2025", channel="Trực tiếp"),
            ]
        )
    )
    page = login("noivu")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Dịch vụ công"
    ).click()
    page.get_by_role("link", name="Nhập tệp số liệu").click()
    page.get_by_label("Tệp xuất từ hệ thống").set_input_files(str(export))
    page.get_by_role("button", name="Nhập tệp").click()
    expect(page.get_by_text("Chưa nhập", exact=True)).to_be_visible()
    expect(
        page.get_by_role(
            "cell", name="Không xác định được đơn vị “Một cửa Sở Tài chính”; hãy đối chiếu tên này."
        )
    ).to_be_visible()
    page.get_by_label("Một cửa Sở Tài chính").select_option(label="Sở Tài chính")
    page.get_by_role("button", name="Lưu đối chiếu và nhập lại").click()
    expect(page.get_by_text("Đọc 3 dòng: thêm mới 3, cập nhật 0, không đổi 0.")).to_be_visible()

    page.goto("/dich-vu-cong/?tu=2025-03&den=2025-03")
    page.get_by_text("Gắn một chỉ tiêu của kế hoạch với chỉ số").click()
    page.get_by_label("Chỉ số").select_option("on_time_rate")
    page.get_by_label("So sánh").select_option(">")
    page.get_by_label("Giá trị (%)").fill("99")
    page.get_by_label("Chỉ tiêu như kế hoạch ghi").fill(">99% hồ sơ giải quyết đúng và sớm hạn")
    page.get_by_role("button", name="Gắn chỉ tiêu").click()
    row = page.get_by_role("row").filter(has_text=">99% hồ sơ giải quyết đúng và sớm hạn")
    expect(row).to_contain_text("66,67%")
    expect(row).to_contain_text("Chưa đạt")
    expect(
        page.get_by_role("heading", name="Hồ sơ trễ hạn chưa có phiếu xin lỗi (1)")
    ).to_be_visible()
    page.get_by_role("link", name="1 hồ sơ trễ hạn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ giải quyết trễ hạn")
    expect(page.get_by_role("cell", name="H1", exact=True)).to_be_visible()
