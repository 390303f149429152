"""Who sees, reports on and reviews task occurrences, reports and evidence."""

from django.db.models import Q
from django.http import Http404

from chiso.core.lookup import parse_id
from chiso.orgs.access.core import (
    SUBTREE_ROLES,
    _filter,
    actable_units,
    can_act_for_unit,
    is_admin,
    memberships,
)
from chiso.orgs.access.plans import _own_unit_ids, _subtree_roles_q, can_manage_plan
from chiso.orgs.models import OrgUnit, Role

# --- tracking: occurrences, progress reports, evidence ----------------------------------------
# An occurrence is visible to whoever oversees its plan or its unit (subtree roles), to the
# officers of its lead unit, and to the officers of units the task names as coordinating or
# monitoring (and of the plan's coordinator unit). Reports, contributions and evidence follow
# their occurrence. The reviewer is the monitoring unit, or the plan's coordinator unit when the
# task names none; coordinators who manage the plan may always review.


def _task_role_ids(user, roles_: set[str]):
    from chiso.plans.models import TaskAssignment

    return TaskAssignment.objects.filter(unit_id__in=_own_unit_ids(user), role__in=roles_).values(
        "task_id"
    )


def visible_occurrences(user):
    from chiso.tracking.models import Occurrence

    if is_admin(user):
        return Occurrence.objects.all()
    own = _own_unit_ids(user)
    q = (
        _subtree_roles_q(user, "task__plan__owner_unit", SUBTREE_ROLES)
        | _subtree_roles_q(user, "unit", SUBTREE_ROLES)
        | Q(unit_id__in=own)
    )
    if own:
        q |= Q(task_id__in=_task_role_ids(user, {"coordinating", "monitoring"}))
        q |= Q(task__plan__coordinator_unit_id__in=own)
    return Occurrence.objects.filter(q)


def get_visible_occurrence(user, pk):
    from chiso.tracking.models import Occurrence

    try:
        return (
            visible_occurrences(user)
            .select_related("task__plan", "unit", "task__plan__coordinator_unit")
            .get(pk=parse_id(pk))
        )
    except (Occurrence.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy nhiệm vụ") from exc


def get_visible_report(user, pk):
    from chiso.tracking.models import ProgressReport

    try:
        return (
            ProgressReport.objects.filter(occurrence__in=visible_occurrences(user))
            .select_related("occurrence__task__plan", "unit")
            .get(pk=parse_id(pk))
        )
    except (ProgressReport.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy báo cáo") from exc


def get_visible_evidence(user, pk):
    from chiso.tracking.models import Evidence

    try:
        return Evidence.objects.filter(report__occurrence__in=visible_occurrences(user)).get(
            pk=parse_id(pk)
        )
    except (Evidence.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy tài liệu") from exc


def can_report(user, occurrence) -> bool:
    """May submit the lead unit's progress report for this occurrence."""
    return can_act_for_unit(user, occurrence.unit)


def contributing_units(user, occurrence) -> list[OrgUnit]:
    """The user's units that the task names as coordinating (phối hợp)."""
    from chiso.plans.models import TaskAssignment

    ids = TaskAssignment.objects.filter(
        task_id=occurrence.task_id, role="coordinating", unit__in=actable_units(user)
    ).values("unit_id")
    return list(OrgUnit.objects.filter(pk__in=ids).exclude(pk=occurrence.unit_id))


def reviewable_q(user, prefix: str = "") -> Q | None:
    """Q over Occurrence (or a relation via `prefix`) the user may review; None = everything."""
    from chiso.plans.models import TaskAssignment

    if is_admin(user):
        return None
    p = f"{prefix}__" if prefix else ""
    q = _subtree_roles_q(user, f"{p}task__plan__owner_unit", {Role.COORDINATOR})
    own = _own_unit_ids(user)
    if own:
        monitored = TaskAssignment.objects.filter(unit_id__in=own, role="monitoring")
        any_monitor = TaskAssignment.objects.filter(role="monitoring").values("task_id")
        q |= Q(**{f"{p}task_id__in": monitored.values("task_id")})
        q |= Q(**{f"{p}task__plan__coordinator_unit_id__in": own}) & ~Q(
            **{f"{p}task_id__in": any_monitor}
        )
    return q


def can_review(user, occurrence) -> bool:
    from chiso.tracking.models import Occurrence

    return _filter(Occurrence.objects.filter(pk=occurrence.pk), reviewable_q(user)).exists()


def can_manage_occurrence(user, occurrence) -> bool:
    """Change a deadline, reassign, stop: coordinators of the plan."""
    return can_manage_plan(user, occurrence.task.plan)


def can_request_explanation(user, occurrence) -> bool:
    if can_manage_occurrence(user, occurrence):
        return True
    leaders = [m.scope_unit for m in memberships(user) if m.role == Role.LEADER]
    return any(occurrence.unit.path.startswith(u.path) for u in leaders) or any(
        occurrence.task.plan.owner_unit.path.startswith(u.path) for u in leaders
    )
