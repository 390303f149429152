from datetime import date

import pytest

from chiso.frameworks.demo import load_dong_nai
from chiso.frameworks.loader import load_shipped_frameworks
from chiso.frameworks.services import task_components_link
from chiso.orgs.models import OrgUnit
from chiso.plans.services import AssigneeSpec, TaskSpec, plan_create
from chiso.tracking.models import Occurrence

TODAY = date(2025, 6, 15)


@pytest.fixture
def work(province):
    """Đồng Nai results and targets, plus a plan whose tasks serve PAPI and PCI components.

    Sở Tư pháp: one task done on time, one overdue (PAPI D3); Sở Tài chính: one done late (PCI 3).
    """
    load_shipped_frameworks()
    load_dong_nai()
    tuphap = OrgUnit.objects.get(name="Sở Tư pháp")
    taichinh = OrgUnit.objects.get(name="Sở Tài chính")
    specs = [
        ("Tăng cường hòa giải cơ sở", "PAPI", "Trách nhiệm giải trình với người dân", tuphap),
        ("Trả lời khiếu nại đúng hạn", "PAPI", "3.2 Giải đáp khiếu nại, tố cáo", tuphap),
        ("Công khai ngân sách", "PCI", "Tính minh bạch", taichinh),
    ]
    plan = plan_create(
        owner_unit=province,
        number="336/KH-UBND",
        title="Nâng cao các chỉ số",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
        tasks=[
            TaskSpec(content=c, index_code=i, component_text=t, assignees=[AssigneeSpec("lead", u)])
            for c, i, t, u in specs
        ],
    )
    tasks = list(plan.tasks.order_by("order"))
    for task in tasks:
        task_components_link(task)
    due = date(2025, 3, 31)
    done = [date(2025, 3, 20), None, date(2025, 4, 10)]
    for task, (_, _, _, unit), completed in zip(tasks, specs, done, strict=True):
        Occurrence.objects.create(
            task=task,
            unit=unit,
            period_start=date(2025, 1, 1),
            period_end=due,
            due_date=due,
            completed_on=completed,
            period_label="Quý I/2025",
        )
    return plan
