"""A coordinator records a merger in a real browser: the preview lists what moves, the people are
moved only once confirmed, then the open periods belong to the successor."""

from datetime import date

import pytest
from playwright.sync_api import expect

from chiso.orgs import services as org_services
from chiso.orgs.models import Membership, OrgUnit
from chiso.plans.deadline import parse_deadline
from chiso.plans.services import AssigneeSpec, TaskSpec, plan_create
from chiso.tracking.models import Occurrence
from chiso.tracking.services import occurrences_sync_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_records_a_merger_and_the_work_follows(login, province):
    khdt = OrgUnit.objects.get(name="Sở Kế hoạch và Đầu tư")
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    plan = plan_create(
        number="40/KH-UBND", issuer="UBND tỉnh Đồng Nai", owner_unit=province,
        coordinator_unit=OrgUnit.objects.get(name="Sở Nội vụ"), date=start,
        title="Kế hoạch nâng cao Chỉ số PCI năm 2026", period_start=start, period_end=end,
        tasks=[TaskSpec(
            content="Đối thoại doanh nghiệp hằng quý", index_code="PCI",
            deadline=parse_deadline("Thường xuyên", plan_date=start, period=(start, end)).to_dict(),
            assignees=[AssigneeSpec(role="lead", unit=khdt)],
        )],
    )  # fmt: skip
    occurrences_sync_plan(plan)
    officer = org_services.user_create(
        username="khdt", password="x-Secret-2026", full_name="Võ Minh Khang"
    )
    org_services.membership_grant(user=officer, unit=khdt, role="officer")

    page = login("noivu")
    page.goto(f"/don-vi/{khdt.pk}/")
    page.get_by_role("link", name="Ghi nhận sắp xếp, kế nhiệm").click()
    page.get_by_label("Hình thức").select_option(label="Hợp nhất, sáp nhập vào")
    page.get_by_label("Đơn vị kế nhiệm").select_option(label="— Sở Tài chính")
    page.get_by_label("Ngày hiệu lực").fill("01/03/2026")
    page.get_by_label("Căn cứ pháp lý").fill("Nghị định 45/2025/NĐ-CP")
    page.get_by_role("button", name="Xem trước những gì sẽ chuyển").click()

    expect(
        page.get_by_role("heading", name="Xác nhận sắp xếp: Sở Kế hoạch và Đầu tư")
    ).to_be_visible()
    expect(page.locator("#ky-chuyen tbody tr")).to_have_count(4)
    expect(page.get_by_text("Võ Minh Khang (khdt)")).to_be_visible()
    page.get_by_role("button", name="Xác nhận sắp xếp").click()  # the box is not ticked
    expect(
        page.get_by_role("heading", name="Xác nhận sắp xếp: Sở Kế hoạch và Đầu tư")
    ).to_be_visible()
    assert Membership.objects.get(user=officer).unit == khdt

    page.get_by_label("Tôi đã kiểm tra và đồng ý chuyển 1 người").check()
    page.get_by_role("button", name="Xác nhận sắp xếp").click()
    expect(page.get_by_text("chuyển 4 kỳ báo cáo, 1 phân công, 1 người")).to_be_visible()
    expect(page.get_by_text("đến 28/02/2026")).to_be_visible()
    assert set(Occurrence.objects.values_list("unit__name", flat=True)) == {"Sở Tài chính"}
    assert Membership.objects.get(user=officer).unit.name == "Sở Tài chính"
