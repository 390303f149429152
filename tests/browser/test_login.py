import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_unit_officer_logs_in_and_sees_the_unit_home_page(login):
    page = login("tuphap")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trang của đơn vị: Sở Tư pháp")
    expect(page.get_by_text("Cán bộ đầu mối đơn vị — Sở Tư pháp")).to_be_visible()
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    expect(nav.get_by_role("link", name="Người dùng")).to_have_count(0)


def test_wrong_password_shows_a_vietnamese_message(page, province):
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("tuphap")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_have_text(re.compile(r"^\s*Tên đăng nhập hoặc mật khẩu"))
