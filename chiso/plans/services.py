"""Writes on plans, tasks and assignments."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from chiso.core.errors import DomainError
from chiso.orgs.models import OrgUnit, UnitGroup
from chiso.plans.models import AssignmentRole, Plan, Task, TaskAssignment


@dataclass
class AssigneeSpec:
    """Who a task names in one role: a unit or a group, with the words the document used."""

    role: str
    unit: OrgUnit | None = None
    group: UnitGroup | None = None
    name_as_written: str = ""


@dataclass
class TaskSpec:
    content: str
    number: str = ""
    section_path: list[str] = field(default_factory=list)
    appendix: str = ""
    index_code: str = ""
    component_text: str = ""
    content_original: str = ""
    expected_output: str = ""
    deadline: dict = field(default_factory=dict)
    assignees: list[AssigneeSpec] = field(default_factory=list)


def _clean(obj) -> None:
    try:
        obj.full_clean(exclude=["source_file"] if isinstance(obj, Plan) else None)
    except ValidationError as exc:
        raise DomainError("; ".join(exc.messages)) from exc


def _due_date(deadline: dict) -> date | None:
    dates = deadline.get("dates") or []
    return date.fromisoformat(dates[-1]) if dates else None


@transaction.atomic
def plan_create(*, by=None, tasks: list[TaskSpec] = (), **fields) -> Plan:
    """Create a plan with its tasks and assignments, all or nothing."""
    start, end = fields.get("period_start"), fields.get("period_end")
    if start and end and end < start:
        raise DomainError("Thời gian thực hiện: ngày kết thúc phải sau ngày bắt đầu.")
    plan = Plan(created_by=by, **fields)
    _clean(plan)
    plan.save()
    for order, spec in enumerate(tasks, start=1):
        task_create(plan=plan, spec=spec, order=order, by=by)
    return plan


@transaction.atomic
def task_create(*, plan: Plan, spec: TaskSpec, order: int | None = None, by=None) -> Task:
    if not spec.content.strip():
        raise DomainError("Nội dung nhiệm vụ không được để trống.", field="content")
    if order is None:
        last = plan.tasks.order_by("-order").values_list("order", flat=True).first()
        order = (last or 0) + 1
    task = Task(
        plan=plan,
        order=order,
        number=spec.number[:40],
        section_path=spec.section_path,
        appendix=spec.appendix[:255],
        index_code=spec.index_code or "",
        component_text=spec.component_text[:500],
        content=spec.content.strip(),
        content_original=spec.content_original,
        expected_output=spec.expected_output,
        deadline=spec.deadline,
        deadline_raw=(spec.deadline.get("raw") or "")[:500],
        deadline_kind=spec.deadline.get("kind") or "",
        due_date=_due_date(spec.deadline),
        created_by=by,
    )
    _clean(task)
    task.save()
    for assignee in spec.assignees:
        assignment_add(task=task, spec=assignee, by=by)
    return task


@transaction.atomic
def assignment_add(*, task: Task, spec: AssigneeSpec, by=None) -> TaskAssignment:
    if spec.role not in AssignmentRole.values:
        raise DomainError("Vai trò phân công không hợp lệ.")
    if spec.unit is None and spec.group is None:
        raise DomainError("Chọn đơn vị hoặc nhóm đơn vị được phân công.")
    if spec.unit is not None:
        existing = TaskAssignment.objects.filter(task=task, role=spec.role, unit=spec.unit).first()
        if existing:
            return existing
    return TaskAssignment.objects.create(
        task=task,
        role=spec.role,
        unit=spec.unit,
        group=spec.group,
        name_as_written=spec.name_as_written[:500],
        created_by=by,
    )
