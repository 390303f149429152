from chiso.core.audit import register as audit_register
from chiso.core.audit import scoped
from chiso.orgs import access
from chiso.orgs.models import Membership, OrgUnit, UnitGroup


def register() -> None:
    from chiso.plans.models import Plan, Task, TaskAssignment

    audit_register(Plan, scoped("id", access.managed_plans))
    audit_register(Task, scoped("plan_id", access.managed_plans))
    audit_register(TaskAssignment, scoped("task__plan_id", access.managed_plans))
    audit_register(OrgUnit, scoped("id", access.managed_units))
    audit_register(UnitGroup, scoped("scope_id", access.managed_units))
    audit_register(Membership, scoped("unit_id", access.managed_units))
