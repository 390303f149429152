from chiso.core import audit
from chiso.orgs import access


def _by_unit(field: str):
    def scope(user, qs):
        if access.is_admin(user):
            return qs
        return qs.filter(**{f"{field}__in": access.managed_units(user).values("pk")})

    return scope


def _frameworks(field: str):
    def scope(user, qs):
        if access.is_admin(user):
            return qs
        return qs.filter(**{f"{field}__in": access.managed_frameworks(user).values("pk")})

    return scope


def register() -> None:
    from chiso.frameworks.models import Component, Framework, Result, Target, TaskComponent

    audit.register(Framework, _frameworks("id"))
    audit.register(Component, _frameworks("framework_id"))
    audit.register(Result, _by_unit("unit_id"))
    audit.register(Target, _by_unit("unit_id"))
    audit.register(TaskComponent, _by_unit("task__plan__owner_unit_id"))
