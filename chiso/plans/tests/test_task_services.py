"""task_create / task_update: one service per use case, keeping components and occurrences."""

from datetime import date
from decimal import Decimal

import pytest

from chiso.core.errors import DomainError
from chiso.frameworks.loader import load_shipped_frameworks
from chiso.plans.deadline import parse_deadline
from chiso.plans.models import Task
from chiso.plans.services import AssigneeSpec, TaskSpec, task_create, task_update
from chiso.tracking.models import Occurrence
from tests.builders import make_plan, unit


@pytest.fixture
def plan(province):
    load_shipped_frameworks()
    return make_plan(deadlines={})


def _spec(**changes) -> TaskSpec:
    spec = TaskSpec(
        content="Công khai thủ tục hành chính",
        index_code="PAR INDEX",
        component_text="Cải cách thủ tục hành chính",
        deadline=parse_deadline(
            "Thường xuyên", period=(date(2026, 1, 1), date(2026, 12, 31))
        ).to_dict(),
        assignees=[AssigneeSpec(role="lead", unit=unit("Sở Tư pháp"))],
        target_value=Decimal("95"),
        target_unit="%",
    )
    for name, value in changes.items():
        setattr(spec, name, value)
    return spec


def test_a_new_task_comes_with_its_target_components_and_occurrences(plan, persona):
    task = task_create(plan=plan, spec=_spec(), by=persona("noivu"))
    assert (task.target_value, task.target_unit) == (Decimal("95"), "%")
    assert [link.component.name for link in task.component_links.all()] == [
        "Cải cách thủ tục hành chính"
    ]
    quarters = Occurrence.objects.filter(task=task).order_by("period_start")
    assert [o.period_label for o in quarters] == [f"Quý {q}/2026" for q in ("I", "II", "III", "IV")]
    assert task.history.first().history_user == persona("noivu")


def test_a_task_that_cannot_be_saved_leaves_nothing(plan):
    bad = _spec(assignees=[AssigneeSpec(role="lead", unit=None)])
    with pytest.raises(DomainError, match="Chọn đơn vị"):
        task_create(plan=plan, spec=bad)
    assert not Task.objects.exists() and not Occurrence.objects.exists()


def test_an_edit_re_derives_occurrences_and_components(plan):
    task = task_create(plan=plan, spec=_spec())
    one_off = parse_deadline("30/6/2026", period=(date(2026, 1, 1), date(2026, 12, 31)))
    task_update(
        task=task,
        spec=_spec(deadline=one_off.to_dict(), component_text="Cải cách tổ chức bộ máy hành chính"),
        reason="Theo chỉ đạo của UBND tỉnh",
    )
    assert [o.due_date for o in Occurrence.objects.filter(task=task)] == [date(2026, 6, 30)]
    assert [link.component.name for link in task.component_links.all()] == [
        "Cải cách tổ chức bộ máy hành chính"
    ]
