"""The review chain in a real browser: the officer of Sở Tư pháp, named as the monitoring unit of
its own task, never finds its report in "Duyệt báo cáo"; the coordinator of Sở Nội vụ reviews it
but has no way to write the unit's report, and reports her own office's task herself."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chiso.plans.services import AssigneeSpec, assignment_add
from chiso.tracking import services
from tests.builders import make_plan, unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OWN_TASK = "Rà soát văn bản quy phạm pháp luật"
NOIVU_TASK = "Tổng hợp báo cáo cải cách hành chính"


def _logout(page):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/**")


def _setup():
    plan = make_plan(
        deadlines={OWN_TASK: "31/12/2027", NOIVU_TASK: "31/12/2027"},
        start=date(2026, 1, 1),
        end=date(2027, 12, 31),
    )
    own = plan.tasks.get(content=OWN_TASK)
    assignment_add(task=own, spec=AssigneeSpec(role="monitoring", unit=unit("Sở Tư pháp")))
    noivu_task = plan.tasks.get(content=NOIVU_TASK)
    noivu_task.assignments.filter(role="lead").update(unit=unit("Sở Nội vụ"))
    services.occurrences_sync(noivu_task)


def test_officer_never_reviews_own_unit_and_coordinator_never_reports_for_it(login, province):
    _setup()

    # the officer reports; his own report never reaches his review inbox
    page = login("tuphap")
    page.goto("/nhiem-vu/")
    page.get_by_role("link", name=OWN_TASK).first.click()
    page.get_by_label("Tình hình thực hiện").select_option(label="Hoàn thành")
    page.get_by_label("Ngày hoàn thành thực tế").fill(f"{timezone.localdate():%d/%m/%Y}")
    page.get_by_label("Kết quả thực hiện").fill("Đã rà soát 35 văn bản.")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo để thẩm định.")).to_be_visible()
    expect(page.get_by_role("button", name="Chấp nhận")).to_have_count(0)
    page.goto("/nhiem-vu/tham-dinh/")
    expect(page.get_by_role("link", name=OWN_TASK)).to_have_count(0)
    _logout(page)

    # the coordinator reviews it, but sees no way to write for Sở Tư pháp
    login("noivu")
    page.goto("/nhiem-vu/tham-dinh/")
    page.get_by_role("link", name=OWN_TASK).click()
    expect(page.get_by_role("button", name="Chấp nhận")).to_be_visible()
    page.get_by_label("Ý kiến thẩm định").fill("Đề nghị bổ sung danh mục văn bản.")
    page.get_by_role("button", name="Trả lại để bổ sung").click()
    expect(page.get_by_text("Đã trả lại báo cáo")).to_be_visible()
    expect(page.get_by_text("Sửa và gửi lại báo cáo")).to_have_count(0)
    expect(page.get_by_role("button", name="Gửi báo cáo")).to_have_count(0)
    expect(page.get_by_role("button", name="Gửi ý kiến phối hợp")).to_have_count(0)

    # under "Nhiệm vụ của đơn vị" she finds her own office's task only, and reports it
    page.goto("/nhiem-vu/")
    expect(page.get_by_role("link", name=OWN_TASK)).to_have_count(0)
    page.get_by_role("link", name=NOIVU_TASK).first.click()
    page.get_by_label("Tình hình thực hiện").select_option(label="Đang thực hiện")
    page.get_by_label("Kết quả thực hiện").fill("Đã tổng hợp báo cáo của 12 sở.")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo để thẩm định.")).to_be_visible()
    expect(page.get_by_role("button", name="Chấp nhận")).to_have_count(0)
