"""A confirmed draft as one complete plan specification (a pure step, no database access).

The confirm path resolves the draft's agency names once, turns draft + resolution into a
`PlanSpec` here, then writes the spec in one pass (`services.import_confirm`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chiso.importer import draft_json
from chiso.orgs.models import OrgUnit
from chiso.plans.services import AssigneeSpec, TaskSpec
from chiso.plans.vocabulary import ASSIGNMENT_ROLES


@dataclass(frozen=True)
class PlanSpec:
    header: dict[str, Any]  # the keyword arguments of plans.services.plan_create
    tasks: list[TaskSpec]
    monitoring_unit: OrgUnit | None
    targets: list[dict[str, Any]]  # the importer JSON "targets" rows
    unresolved: list[str] = field(default_factory=list)


def plan_spec(draft: dict[str, Any], resolved: dict[str, Any], *, fallback_title: str) -> PlanSpec:
    """`resolved`: each agency name of the draft -> an OrgUnit, a UnitGroup or None.

    Raises DomainError (Vietnamese) when a task has no lead or a field is invalid.
    """
    draft_json.require_leads(draft)
    return PlanSpec(
        header=draft_json.plan_fields(draft, fallback_title=fallback_title),
        tasks=[
            TaskSpec(**draft_json.task_fields(task, i), assignees=_assignees(task, resolved))
            for i, task in enumerate(draft.get("tasks") or [], start=1)
        ],
        monitoring_unit=_monitoring_unit(draft, resolved),
        targets=list(draft.get("targets") or []),
        unresolved=[name for name, found in resolved.items() if found is None],
    )


def _monitoring_unit(draft: dict[str, Any], resolved: dict[str, Any]) -> OrgUnit | None:
    """The unit the plan names as its standing monitoring body, resolved like the leads."""
    body = ((draft.get("plan") or {}).get("monitoring_body") or "").strip()
    found = resolved.get(body) if body else None
    return found if isinstance(found, OrgUnit) else None


def _assignees(task: dict[str, Any], resolved: dict[str, Any]) -> list[AssigneeSpec]:
    specs = []
    for role in ASSIGNMENT_ROLES:
        for name in task.get(role) or []:
            target = resolved.get(name)
            if target is None:
                continue
            is_unit = isinstance(target, OrgUnit)
            specs.append(
                AssigneeSpec(
                    role=role,
                    unit=target if is_unit else None,
                    group=None if is_unit else target,
                    name_as_written=name,
                )
            )
    return specs
