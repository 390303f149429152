"""Who sees and manages plans and tasks."""

from django.db.models import Q
from django.http import Http404

from chiso.core.lookup import parse_id
from chiso.orgs.access.core import SUBTREE_ROLES, _subtree_q, is_admin, memberships, require
from chiso.orgs.models import Role

# --- plans and tasks --------------------------------------------------------------------------
# A plan is visible to whoever sees its owner unit through a subtree role, and to the units it
# assigns work to; it is managed by coordinators whose scope covers its owner unit.


def _subtree_roles_q(user, field: str, subtree_roles: set[str]) -> Q:
    units = [m.scope_unit for m in memberships(user) if m.role in subtree_roles]
    return _subtree_q(units, field)


def _own_unit_ids(user) -> list[int]:
    return [m.unit_id for m in memberships(user) if m.role == Role.OFFICER]


def visible_plans(user):
    from chiso.plans.models import Plan, TaskAssignment

    if is_admin(user):
        return Plan.objects.all()
    assigned = TaskAssignment.objects.filter(
        _subtree_roles_q(user, "unit", SUBTREE_ROLES) | Q(unit_id__in=_own_unit_ids(user))
    ).values("task__plan_id")
    return Plan.objects.filter(
        _subtree_roles_q(user, "owner_unit", SUBTREE_ROLES) | Q(pk__in=assigned)
    )


def managed_plans(user):
    from chiso.plans.models import Plan

    if is_admin(user):
        return Plan.objects.all()
    return Plan.objects.filter(_subtree_roles_q(user, "owner_unit", {Role.COORDINATOR}))


def can_manage_plan(user, plan) -> bool:
    return managed_plans(user).filter(pk=plan.pk).exists()


def get_visible_plan(user, pk):
    from chiso.plans.models import Plan

    try:
        return visible_plans(user).get(pk=parse_id(pk))
    except (Plan.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy kế hoạch") from exc


def get_managed_plan(user, pk):
    plan = get_visible_plan(user, pk)
    require(can_manage_plan(user, plan), "Bạn không có quyền sửa kế hoạch này.")
    return plan


def visible_tasks(user):
    """Tasks of plans the user oversees, plus tasks assigned to the user's own unit."""
    from chiso.plans.models import Task, TaskAssignment

    if is_admin(user):
        return Task.objects.all()
    assigned = TaskAssignment.objects.filter(
        _subtree_roles_q(user, "unit", SUBTREE_ROLES) | Q(unit_id__in=_own_unit_ids(user))
    ).values("task_id")
    return Task.objects.filter(
        _subtree_roles_q(user, "plan__owner_unit", SUBTREE_ROLES) | Q(pk__in=assigned)
    )


def get_visible_task(user, pk):
    from chiso.plans.models import Task

    try:
        return visible_tasks(user).select_related("plan").get(pk=parse_id(pk))
    except (Task.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy nhiệm vụ") from exc


def can_manage_task(user, task) -> bool:
    return can_manage_plan(user, task.plan)
