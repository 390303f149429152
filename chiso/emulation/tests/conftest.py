"""A 2025 plan with work of two departments and the departments' emulation model (a draft)."""

from datetime import date

import pytest

from chiso.emulation import services
from chiso.emulation.models import EmulationModel
from chiso.orgs.models import OrgUnit, UnitGroup
from chiso.plans.services import AssigneeSpec, TaskSpec, plan_create
from chiso.tracking.models import Occurrence

# unit -> (due date, completed on, first reported on)
WORK = {
    "Sở Tư pháp": [
        (date(2025, 3, 31), date(2025, 3, 20), date(2025, 3, 25)),  # on time, reported
        (date(2025, 6, 30), None, None),  # overdue, never reported
    ],
    "Sở Tài chính": [
        (date(2025, 3, 31), date(2025, 4, 10), date(2025, 4, 12)),  # late, reported late
        (date(2025, 9, 30), date(2025, 9, 1), date(2025, 9, 2)),
        (date(2025, 10, 31), date(2025, 10, 30), date(2025, 10, 31)),
    ],
}


def unit(name: str) -> OrgUnit:
    return OrgUnit.objects.get(name=name)


@pytest.fixture
def work(province):
    """The plan; its occurrences by unit name."""
    plan = plan_create(
        owner_unit=province,
        coordinator_unit=unit("Sở Nội vụ"),
        number="20/KH-UBND",
        title="Kế hoạch cải cách hành chính năm 2025",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        tasks=[
            TaskSpec(
                content=f"Nhiệm vụ của {name}",
                index_code="PAR INDEX",
                assignees=[AssigneeSpec("lead", unit(name))],
            )
            for name in WORK
        ],
    )
    found = {}
    for task, rows in zip(plan.tasks.order_by("order"), WORK.values(), strict=True):
        lead = task.assignments.get().unit
        found[lead.name] = [
            Occurrence.objects.create(
                task=task,
                unit=lead,
                period_label=f"Kỳ {due:%m/%Y}",
                period_start=due.replace(day=1),
                period_end=due,
                due_date=due,
                completed_on=done,
                first_reported_on=reported,
            )
            for due, done, reported in rows
        ]
    return found


@pytest.fixture
def departments(province) -> UnitGroup:
    return UnitGroup.objects.get(name="Các Sở, ban, ngành", scope=province)


@pytest.fixture
def model(work, departments, persona) -> EmulationModel:
    return services.model_create(year=2025, group=departments, by=persona("noivu"))
