"""Screenshots of the main screens for the README tour.

Run against a server with the demo data (`make run` in another terminal, or `make screenshots`
which starts one): python docs/tools/screenshots.py [BASE_URL]. Writes docs/img/tour-*.png.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parents[1] / "img"
SEED = Path(__file__).resolve().parents[2] / "data" / "seeds" / "tuy-phuoc-2023-par-sipas.txt"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def login(page, username):
    page.goto(f"{BASE}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("chiso-demo")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/dang-nhap/" not in url)


def shot(page, name, path=None):
    if path:
        page.goto(f"{BASE}{path}")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=OUT / f"tour-{name}.png", full_page=False)
    print("wrote", OUT / f"tour-{name}.png")


PHONE_PAGES = [
    ("tuphap", "/nhiem-vu/cua-don-vi/", "phone-1-unit-tasks"),
    ("tuphap", None, "phone-2-report-form"),  # the first task of the list above
    ("noivu", "/nhiem-vu/tham-dinh/", "phone-3-review-inbox"),
    ("noivu", None, "phone-4-plan"),  # plan 336/KH-UBND from the plan list
]


def phones(browser):
    """The four pages an officer opens from a chat message, at 390 px (docs/img/phone-*.png)."""
    for username, path, name in PHONE_PAGES:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        login(page, username)
        if name == "phone-2-report-form":
            page.goto(f"{BASE}/nhiem-vu/cua-don-vi/")
            page.locator("main table a[href*='/nhiem-vu/ky/']").first.click()
        elif name == "phone-4-plan":
            page.goto(f"{BASE}/ke-hoach/")
            page.locator("main table tr", has_text="336/KH-UBND").locator("a").first.click()
        else:
            page.goto(f"{BASE}{path}")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=OUT / f"{name}.png", full_page=False)
        print("wrote", OUT / f"{name}.png")
        context.close()


def main():
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        phones(browser)
        page = browser.new_context(viewport={"width": 1280, "height": 860}).new_page()
        login(page, "lanhdao")
        shot(page, "1-dashboard", "/tong-quan/")
        page.context.clear_cookies()
        login(page, "tuphap")
        shot(page, "2-officer-home", "/")
        shot(page, "3-unit-tasks", "/nhiem-vu/cua-don-vi/")
        page.locator("main table a[href*='/nhiem-vu/ky/']").first.click()
        shot(page, "4-report-form")
        page.context.clear_cookies()
        login(page, "noivu")
        shot(page, "5-review-inbox", "/nhiem-vu/tham-dinh/")
        page.goto(f"{BASE}/ke-hoach/")
        page.locator("main table tr", has_text="336/KH-UBND").locator("a").first.click()
        shot(page, "6-plan")
        page.goto(f"{BASE}/nhap-ke-hoach/")
        page.set_input_files("input[type=file]", str(SEED))
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url("**/nhap-ke-hoach/*/", timeout=30_000)
        page.wait_for_selector("text=Hủy bản nháp", timeout=30_000)
        shot(page, "7-import-review")
        shot(page, "8-reports", "/bao-cao/")
        shot(page, "9-units", "/don-vi/")
        first_link(page, "/kiem-tra/", "/kiem-tra/")
        shot(page, "10-inspections")
        first_link(page, "/thi-dua/", "/thi-dua/")
        shot(page, "11-emulation")
        shot(page, "12-one-stop", "/dich-vu-cong/")
        browser.close()


def first_link(page, path, prefix):
    """Open `path`, then the first link in the page's main table that goes under `prefix`."""
    page.goto(f"{BASE}{path}")
    page.locator(f"main table a[href^='{prefix}']").first.click()
    page.wait_for_load_state("networkidle")


if __name__ == "__main__":
    main()
