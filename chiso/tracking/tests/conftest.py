"""A small plan on the demo province: Sở Tư pháp leads, Văn phòng UBND tỉnh coordinates,
Sở Nội vụ is the plan's coordinator unit (so it reviews when no monitoring unit is named)."""

from datetime import date

import pytest

from chiso.orgs.models import OrgUnit
from chiso.plans.deadline import parse_deadline
from chiso.plans.services import AssigneeSpec, TaskSpec, plan_create
from chiso.tracking.services import occurrences_sync_plan


def unit(name: str) -> OrgUnit:
    return OrgUnit.objects.get(name=name)


def make_plan(*, deadlines: dict[str, str], start=date(2026, 1, 1), end=date(2026, 12, 31), **kw):
    province = unit("Ủy ban nhân dân tỉnh Đồng Nai")
    tasks = [
        TaskSpec(
            content=content,
            index_code="PAR INDEX",
            component_text="Cải cách thể chế",
            deadline=parse_deadline(raw, plan_date=start, period=(start, end)).to_dict(),
            assignees=[
                AssigneeSpec(role="lead", unit=unit("Sở Tư pháp")),
                AssigneeSpec(role="coordinating", unit=unit("Văn phòng Ủy ban nhân dân tỉnh")),
            ],
        )
        for content, raw in deadlines.items()
    ]
    plan = plan_create(
        number=kw.pop("number", "15/KH-UBND"),
        issuer="UBND tỉnh Đồng Nai",
        owner_unit=province,
        coordinator_unit=unit("Sở Nội vụ"),
        date=start,
        title="Kế hoạch nâng cao Chỉ số cải cách hành chính",
        period_start=start,
        period_end=end,
        tasks=tasks,
        **kw,
    )
    occurrences_sync_plan(plan)
    return plan


@pytest.fixture
def plan(province):
    return make_plan(
        deadlines={
            "Rà soát văn bản quy phạm pháp luật": "30/6/2026",
            "Kiểm soát thủ tục hành chính": "Thường xuyên",
        }
    )


@pytest.fixture
def occ(plan):
    """The one-off occurrence of Sở Tư pháp (due 30/06/2026)."""
    return plan.tasks.get(content__startswith="Rà soát").occurrences.get()
