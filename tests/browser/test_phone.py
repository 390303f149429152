"""Officers open chiso on a phone: at 390 px nothing scrolls sideways, the menu folds behind a
button and table rows become labelled cards; at 1366 px the same pages keep their tables."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def _pages(plan_data):  # noqa: F811
    report_form = f"/nhiem-vu/ky/{plan_data.occ['overdue'].pk}/"
    return [
        ("tuphap", "/nhiem-vu/cua-don-vi/", True),
        ("tuphap", report_form, False),
        ("noivu", "/nhiem-vu/tham-dinh/", True),
        ("noivu", f"/ke-hoach/{plan_data.plan.pk}/", True),
        ("lanhdao", "/tong-quan/", True),
    ]


def _open(page, login, username, path, viewport):
    page.set_viewport_size(viewport)
    page.context.clear_cookies()
    login(username)
    page.goto(path)
    page.wait_for_load_state("networkidle")


def test_phone_pages_never_scroll_sideways_and_rows_become_cards(page, login, plan_data):  # noqa: F811
    for username, path, has_table in _pages(plan_data):
        _open(page, login, username, path, PHONE)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width}px wide on a phone"
        if has_table:
            cell = page.locator("main table.data tbody td").first
            assert cell.evaluate("td => getComputedStyle(td).display") == "block", path
            assert cell.get_attribute("data-label"), path


def test_phone_menu_folds_behind_a_button(page, login, plan_data):  # noqa: F811
    _open(page, login, "tuphap", "/nhiem-vu/cua-don-vi/", PHONE)
    menu = page.get_by_role("navigation", name="Điều hướng chính")
    toggle = page.get_by_role("button", name="Danh mục")
    expect(menu).to_be_hidden()
    toggle.click()
    expect(menu).to_be_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    menu.get_by_role("link", name="Kế hoạch").click()
    page.wait_for_url("**/ke-hoach/")


def test_desktop_keeps_tables_and_an_open_menu(page, login, plan_data):  # noqa: F811
    _open(page, login, "noivu", "/nhiem-vu/tham-dinh/", DESKTOP)
    expect(page.get_by_role("navigation", name="Điều hướng chính")).to_be_visible()
    expect(page.get_by_role("button", name="Danh mục")).to_be_hidden()
    table = page.locator("main table.data").first
    assert table.evaluate("t => getComputedStyle(t).display") == "table"
