"""Per-object rules for occurrences: who reports, contributes, reviews, manages, asks to explain.

The querysets behind them are on the models (`Occurrence.objects.visible_to(user)`,
`.reviewable_by(user)`, `.reportable_by(user)`).
"""

from chiso.orgs import access
from chiso.orgs.models import OrgUnit, Role
from chiso.plans.models import AssignmentRole, TaskAssignment
from chiso.plans.rules import can_manage_plan
from chiso.tracking.models import REPORTING_ROLES, Occurrence


def can_report(user, occurrence: Occurrence) -> bool:
    """May write and submit the lead unit's progress report for this occurrence."""
    return Occurrence.objects.reportable_by(user).filter(pk=occurrence.pk).exists()


def contributing_units(user, occurrence: Occurrence) -> list[OrgUnit]:
    """The user's units that the task names as coordinating (phối hợp)."""
    ids = TaskAssignment.objects.filter(
        task_id=occurrence.task_id,
        role=AssignmentRole.COORDINATING,
        unit_id__in=access.member_unit_ids(user, REPORTING_ROLES),
    ).values("unit_id")
    return list(OrgUnit.objects.filter(pk__in=ids).exclude(pk=occurrence.unit_id))


def can_review(user, occurrence: Occurrence) -> bool:
    return Occurrence.objects.filter(pk=occurrence.pk).reviewable_by(user).exists()


def can_manage_occurrence(user, occurrence: Occurrence) -> bool:
    """Change a deadline, reassign, stop: coordinators of the plan."""
    return can_manage_plan(user, occurrence.task.plan)


def can_request_explanation(user, occurrence: Occurrence) -> bool:
    if can_manage_occurrence(user, occurrence):
        return True
    leaders = [m.scope_unit for m in access.memberships(user) if m.role == Role.LEADER]
    return any(occurrence.unit.path.startswith(u.path) for u in leaders) or any(
        occurrence.task.plan.owner_unit.path.startswith(u.path) for u in leaders
    )
