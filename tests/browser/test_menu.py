"""The main menu at 1280 px: the coordinator's and the administrator's entries fit on one line;
the newer modules sit under "Công tác CCHC", a drop-down that opens without any script."""

import pytest

from chiso.orgs.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1280, "height": 800}
GROUPED = ["Chấm điểm CCHC", "Khảo sát hài lòng", "Dịch vụ công", "Kiểm tra CCHC", "Sáng kiến",
           "Đối thoại", "Thi đua"]  # fmt: skip


@pytest.mark.parametrize("username", ["noivu", "admin"])
def test_the_menu_fits_on_one_line_at_1280_px(page, login, username, tmp_path):
    page.set_viewport_size(WIDE)
    login(username)
    menu = page.get_by_role("navigation", name="Điều hướng chính")
    tops = menu.locator(":scope > ul > li").evaluate_all(
        "items => items.map(li => Math.round(li.getBoundingClientRect().top))"
    )
    assert len(tops) >= 8 and len(set(tops)) == 1, tops
    page.screenshot(path=str(tmp_path / f"menu-{username}.png"))
    for label in GROUPED:
        assert not menu.get_by_role("link", name=label).is_visible()
    menu.get_by_text("Công tác CCHC").click()
    for label in GROUPED:
        assert menu.get_by_role("link", name=label).is_visible()
    menu.get_by_role("link", name="Thi đua").click()
    page.wait_for_url("**/thi-dua/")
    summary = page.get_by_role("navigation", name="Điều hướng chính").locator("summary")
    assert "active" in summary.get_attribute("class")


def test_the_drop_down_opens_without_script(browser, live_server, province):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_viewport_size(WIDE)
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("tuphap")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/dang-nhap/" not in url)
    menu = page.get_by_role("navigation", name="Điều hướng chính")
    menu.get_by_text("Công tác CCHC").click()
    menu.get_by_role("link", name="Sáng kiến").click()
    page.wait_for_url("**/sang-kien/")
    context.close()
