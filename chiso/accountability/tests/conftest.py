"""An inspection plan of 2026 on the demo departments, for the accountability tests."""

from datetime import date

import pytest

from chiso.accountability import services
from chiso.orgs.models import OrgUnit, UnitGroup
from chiso.tracking.models import Occurrence
from chiso.tracking.services import report_accept, report_save

YEAR = 2026
TODAY = date(2026, 11, 29)


def unit(name: str) -> OrgUnit:
    return OrgUnit.objects.get(name=name)


@pytest.fixture
def departments(province):
    return UnitGroup.objects.get(name="Các Sở, ban, ngành", scope=province)


@pytest.fixture
def inspection_plan(province, persona, departments):
    return services.inspection_plan_create(
        year=YEAR,
        title="Kế hoạch kiểm tra công tác CCHC năm 2026",
        owner_unit=province,
        inspecting_unit=unit("Sở Nội vụ"),
        group=departments,
        by=persona("noivu"),
    )


@pytest.fixture
def held_inspection(inspection_plan, persona):
    """Sở Tư pháp inspected on 10/03/2026."""
    inspection = services.inspection_add(
        inspection_plan=inspection_plan,
        unit=unit("Sở Tư pháp"),
        planned_on=date(2026, 3, 10),
        team="Đoàn kiểm tra số 1",
        content="Kiểm tra cải cách thủ tục hành chính",
        by=persona("noivu"),
    )
    return services.inspection_record(
        inspection=inspection,
        inspected_on=date(2026, 3, 10),
        members="Nguyễn Thị Hoa (trưởng đoàn)",
        findings="Chưa niêm yết đủ thủ tục hành chính",
        today=TODAY,
        by=persona("noivu"),
    )


def occurrence_of(item) -> Occurrence:
    return Occurrence.objects.get(task=item.task)


def close(item, *, completed_on: date, officer, reviewer):
    """The unit reports the item done on `completed_on`; the reviewer accepts the report."""
    report = report_save(
        occurrence=occurrence_of(item),
        by=officer,
        work_status="done",
        percent=100,
        narrative="Đã thực hiện xong",
        completed_on=completed_on,
        submit=True,
    )
    return report_accept(report=report, by=reviewer)
