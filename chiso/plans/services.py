"""Writes on plans, tasks and assignments.

A task's derived rows are kept in step by the service that changes it, in the same
transaction: its index components (frameworks) and, through `plans.hooks`, what the apps above
plans compute from it (tracking registers the task's occurrences there).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from chiso.core.errors import DomainError
from chiso.frameworks.models import Component
from chiso.frameworks.services import task_components_link, task_components_set
from chiso.orgs.models import OrgUnit, UnitGroup
from chiso.orgs.services import group_resolved_members
from chiso.plans import hooks
from chiso.plans.models import AssignmentRole, Plan, Task, TaskAssignment


def _by(obj, by):
    """Record `by` as the author of the history row the next save writes (pages set it from the
    request; the CLI and background jobs pass it here)."""
    if getattr(by, "pk", None):
        obj._history_user = by
    return obj


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
    target_value: Decimal | None = None
    target_unit: str = ""
    # The index components the task serves; None: matched from index_code and component_text.
    components: list[Component] | None = None


def _clean(obj) -> None:
    try:
        obj.full_clean(exclude=["source_file"] if isinstance(obj, Plan) else None)
    except ValidationError as exc:
        raise DomainError("; ".join(exc.messages)) from exc


def _due_date(deadline: dict) -> date | None:
    dates = deadline.get("dates") or []
    return date.fromisoformat(dates[-1]) if dates else None


@transaction.atomic
def plan_create(
    *,
    owner_unit: OrgUnit,
    title: str,
    period_start: date,
    period_end: date,
    number: str = "",
    issuer: str = "",
    coordinator_unit: OrgUnit | None = None,
    monitoring_unit: OrgUnit | None = None,
    place: str = "",
    date: date | None = None,
    reporting_frequency: str = "",
    source_file: str = "",
    source_sha256: str = "",
    tasks: list[TaskSpec] = (),
    by=None,
) -> Plan:
    """Create a plan with its tasks and assignments, all or nothing.

    Components and occurrences are left to the caller, which links and syncs a whole plan in
    one pass (the importer) or builds them itself (test data); see `task_create` for one task.
    """
    if period_start and period_end and period_end < period_start:
        raise DomainError("Thời gian thực hiện: ngày kết thúc phải sau ngày bắt đầu.")
    plan = Plan(
        owner_unit=owner_unit,
        title=title,
        period_start=period_start,
        period_end=period_end,
        number=number,
        issuer=issuer,
        coordinator_unit=coordinator_unit,
        monitoring_unit=monitoring_unit,
        place=place,
        date=date,
        source_file=source_file,
        source_sha256=source_sha256,
        created_by=by,
    )
    if reporting_frequency:
        plan.reporting_frequency = reporting_frequency
    _clean(plan)
    _by(plan, by).save()
    for order, spec in enumerate(tasks, start=1):
        _task_insert(plan=plan, spec=spec, order=order, by=by)
    return plan


@transaction.atomic
def plan_tasks_derive(plan: Plan) -> None:
    """After `plan_create`: every task's components (one shared matching cache) and its
    occurrences, in one pass."""
    cache: dict = {}
    for task in plan.tasks.select_related("plan"):
        task_components_link(task, _cache=cache)
        hooks.task_changed(task)


@transaction.atomic
def task_create(*, plan: Plan, spec: TaskSpec, order: int | None = None, by=None) -> Task:
    """Add one task to a plan: the task, its assignments and target, its components and its
    occurrences, in one transaction."""
    task = _task_insert(plan=plan, spec=spec, order=order, by=by)
    _components_save(task, spec, by)
    hooks.task_changed(task)
    return task


def _components_save(task: Task, spec: TaskSpec, by) -> None:
    if spec.components:
        task_components_set(task=task, components=list(spec.components), by=by)
    elif task.component_text:
        task_components_link(task)
    else:
        task.component_links.all().delete()


def _task_insert(*, plan: Plan, spec: TaskSpec, order: int | None, by) -> Task:
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
        target_value=spec.target_value,
        target_unit=(spec.target_unit or "")[:40],
        created_by=by,
    )
    _clean(task)
    _by(task, by).save()
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
    assignment = TaskAssignment(
        task=task,
        role=spec.role,
        unit=spec.unit,
        group=spec.group,
        name_as_written=spec.name_as_written[:500],
        created_by=by,
    )
    _by(assignment, by).save()
    return assignment


# --- editing by hand (plans UI) ---------------------------------------------------------------


@transaction.atomic
def plan_update(
    *,
    plan: Plan,
    number: str,
    issuer: str,
    owner_unit: OrgUnit,
    coordinator_unit: OrgUnit | None,
    place: str,
    monitoring_unit: OrgUnit | None = None,
    date: date | None,
    title: str,
    period_start: date,
    period_end: date,
    reporting_frequency: str,
    source_file=None,
    by=None,
) -> Plan:
    """Change a plan's header; a changed period or reporting frequency re-derives occurrences."""
    before = (plan.period_start, plan.period_end, plan.date, plan.reporting_frequency)
    plan.number, plan.issuer, plan.place, plan.title = number, issuer, place, title
    plan.owner_unit, plan.coordinator_unit = owner_unit, coordinator_unit
    plan.monitoring_unit = monitoring_unit
    plan.date, plan.period_start, plan.period_end = date, period_start, period_end
    plan.reporting_frequency = reporting_frequency
    if plan.period_end and plan.period_start and plan.period_end < plan.period_start:
        raise DomainError("Thời gian thực hiện: ngày kết thúc phải sau ngày bắt đầu.")
    _clean(plan)
    if source_file:
        plan.source_file = source_file
    _by(plan, by).save()
    if before != (plan.period_start, plan.period_end, plan.date, plan.reporting_frequency):
        for task in plan.tasks.select_related("plan"):
            hooks.task_changed(task)
    return plan


def _assignee_key(a) -> tuple:
    return (a.role, a.unit_id if a.unit_id else None, a.group_id if not a.unit_id else None)


@transaction.atomic
def task_update(
    *,
    task: Task,
    spec: TaskSpec,
    by=None,
    reason: str = "",
) -> Task:
    """Change a task, its assignments, target and components, and re-derive its occurrences;
    a changed deadline or lead needs a reason, kept in the history."""
    if not spec.content.strip():
        raise DomainError("Nội dung nhiệm vụ không được để trống.", field="content")
    old_leads = {_assignee_key(a) for a in task.assignments.filter(role=AssignmentRole.LEAD)}
    new_leads = {
        (s.role, s.unit.pk if s.unit else None, s.group.pk if s.group and not s.unit else None)
        for s in spec.assignees
        if s.role == AssignmentRole.LEAD
    }
    deadline_changed = (spec.deadline or {}) != (task.deadline or {})
    needs_reason = (deadline_changed or old_leads != new_leads) and task.occurrences.exists()
    if needs_reason and not reason.strip():
        raise DomainError("Đổi thời hạn hoặc đơn vị chủ trì cần ghi rõ lý do.", field="reason")
    for name in ("number", "index_code", "component_text", "content", "expected_output"):
        setattr(task, name, (getattr(spec, name) or "").strip())
    task.target_value, task.target_unit = spec.target_value, (spec.target_unit or "")[:40]
    task.deadline = spec.deadline
    task.deadline_raw = (spec.deadline.get("raw") or "")[:500]
    task.deadline_kind = spec.deadline.get("kind") or ""
    task.due_date = _due_date(spec.deadline)
    task._change_reason = reason.strip()
    _clean(task)
    _by(task, by).save()
    wanted = {
        (s.role, s.unit.pk if s.unit else None, s.group.pk if s.group and not s.unit else None): s
        for s in spec.assignees
    }
    for a in list(task.assignments.all()):
        if _assignee_key(a) not in wanted:
            a._change_reason = reason.strip()
            _by(a, by).delete()
    existing = {_assignee_key(a) for a in task.assignments.all()}
    for key, s in wanted.items():
        if key not in existing:
            assignment_add(task=task, spec=s, by=by)
    _components_save(task, spec, by)
    hooks.task_changed(task)
    return task


@transaction.atomic
def task_move(*, task: Task, direction: int) -> None:
    """Swap the task with its neighbour above (direction -1) or below (+1)."""
    siblings = list(task.plan.tasks.order_by("order", "pk"))
    i = siblings.index(task)
    j = i + (1 if direction > 0 else -1)
    if not 0 <= j < len(siblings):
        return
    siblings[i], siblings[j] = siblings[j], siblings[i]
    for order, t in enumerate(siblings, start=1):
        if t.order != order:
            t.order = order
            t.save(update_fields=["order", "updated_at"])


@transaction.atomic
def assignment_split_group(*, assignment: TaskAssignment, by=None) -> list[TaskAssignment]:
    """Replace a group assignment ("UBND các xã, phường") by one assignment per member unit."""
    if assignment.group_id is None or assignment.unit_id is not None:
        raise DomainError("Chỉ tách được phân công cho một nhóm đơn vị.")
    plan = assignment.task.plan
    members = list(group_resolved_members(assignment.group, plan.period_start))
    if not members:
        raise DomainError(f"Nhóm “{assignment.group.name}” chưa có đơn vị thành viên nào.")
    created = [
        assignment_add(
            task=assignment.task,
            spec=AssigneeSpec(
                role=assignment.role, unit=unit, name_as_written=assignment.name_as_written
            ),
            by=by,
        )
        for unit in members
    ]
    TaskAssignment.objects.filter(pk__in=[c.pk for c in created]).update(
        from_group=assignment.group
    )
    assignment.delete()
    hooks.task_changed(assignment.task)
    return created
