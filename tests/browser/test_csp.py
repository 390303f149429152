"""Our own Content-Security-Policy must never block our own pages: no inline script anywhere.

Every page in each persona's main menu is opened in chromium and the console is watched for CSP
violations; the two buttons that used inline handlers (finalise a report, print the dashboard)
are exercised.
"""

import pytest
from playwright.sync_api import expect

from chiso.reports.models import ReportKind
from chiso.reports.services import compiler_unit, period_from_code, report_generate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if "Content Security Policy" in m.text or "Refused to" in m.text
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


@pytest.mark.parametrize("username", ["noivu", "lanhdao", "tuphap", "admin"])
def test_no_page_in_the_menu_violates_the_content_security_policy(login, username, plan_data):  # noqa: F811
    page = login(username)
    problems = _watch(page)
    menu = page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link")
    hrefs = [menu.nth(i).get_attribute("href") for i in range(menu.count())]
    assert len(hrefs) >= 4
    for href in [*hrefs, "/tai-khoan/", "/api/v1/docs"]:
        page.goto(href)
        page.wait_for_load_state("networkidle")
    assert problems == []


def test_finalising_a_report_asks_first_and_cancel_keeps_it_editable(login, plan_data):  # noqa: F811
    report = report_generate(
        kind=ReportKind.COMPILED,
        plan=plan_data.plan,
        period=period_from_code("2024-Q4"),
        unit=compiler_unit(plan_data.plan),
    )
    page = login("noivu")
    problems = _watch(page)
    page.goto(f"/bao-cao/{report.pk}/")
    questions = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_role("button", name="Hoàn thiện báo cáo").click()
    assert questions == ["Sau khi hoàn thiện, báo cáo không sửa được nữa. Tiếp tục?"]
    report.refresh_from_db()
    assert not report.is_final

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Hoàn thiện báo cáo").click()
    expect(page.get_by_text("Đã hoàn thiện báo cáo.")).to_be_visible()
    report.refresh_from_db()
    assert report.is_final
    assert problems == []


def test_the_print_button_opens_printing(login, plan_data):  # noqa: F811
    page = login("lanhdao")
    page.add_init_script("window.print = () => { window.__printed = true; };")
    page.goto("/tong-quan/")
    page.get_by_role("button", name="In (khổ A4)").click()
    assert page.evaluate("window.__printed === true")
