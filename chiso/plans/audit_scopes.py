"""Plan history on the audit page: plans, tasks and assignments of plans the user manages."""

from chiso.core.audit import register as audit_register
from chiso.core.audit import scoped
from chiso.plans.models import Plan, Task, TaskAssignment


def register() -> None:
    managed = Plan.objects.managed_by
    audit_register(Plan, scoped("id", managed))
    audit_register(Task, scoped("plan_id", managed))
    audit_register(TaskAssignment, scoped("task__plan_id", managed))
