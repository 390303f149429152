import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_unit_officer_logs_in_and_sees_the_unit_home_page(login):
    page = login("tuphap")
    assert page.get_by_role("heading", level=1).inner_text() == "Trang của đơn vị: Sở Tư pháp"
    assert page.get_by_text("Cán bộ đầu mối đơn vị — Sở Tư pháp").is_visible()
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    assert nav.get_by_role("link", name="Người dùng").count() == 0


def test_wrong_password_shows_a_vietnamese_message(page, province):
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("tuphap")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_role("alert").inner_text().startswith("Tên đăng nhập hoặc mật khẩu")
