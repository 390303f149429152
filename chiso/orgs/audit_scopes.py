from chiso.core import audit
from chiso.orgs import access
from chiso.orgs.models import Membership, OrgUnit, UnitGroup


def _by_unit_field(field: str):
    """History rows whose unit (via `field`) the user manages; admins see all."""

    def scope(user, qs):
        if access.is_admin(user):
            return qs
        return qs.filter(**{f"{field}__in": access.managed_units(user).values("pk")})

    return scope


def _plans_scope(field: str):
    def scope(user, qs):
        if access.is_admin(user):
            return qs
        return qs.filter(**{f"{field}__in": access.managed_plans(user).values("pk")})

    return scope


def register() -> None:
    from chiso.plans.models import Plan, Task, TaskAssignment

    audit.register(Plan, _plans_scope("id"))
    audit.register(Task, _plans_scope("plan_id"))
    audit.register(TaskAssignment, _plans_scope("task__plan_id"))
    audit.register(OrgUnit, _by_unit_field("id"))
    audit.register(UnitGroup, _by_unit_field("scope_id"))
    audit.register(Membership, _by_unit_field("unit_id"))
