"""Who may change a plan and its tasks: coordinators whose scope covers the plan's owner unit."""

from chiso.core.lookup import get_visible_or_404
from chiso.orgs import access
from chiso.plans.models import Plan, Task


def can_manage_plan(user, plan: Plan) -> bool:
    return Plan.objects.managed_by(user).filter(pk=plan.pk).exists()


def can_manage_task(user, task: Task) -> bool:
    return can_manage_plan(user, task.plan)


def get_managed_plan(user, pk) -> Plan:
    """The plan if the user may see it (404 otherwise) and manage it (403 otherwise)."""
    plan = get_visible_or_404(Plan.objects.visible_to(user), pk, "Không tìm thấy kế hoạch")
    access.require(can_manage_plan(user, plan), "Bạn không có quyền sửa kế hoạch này.")
    return plan
