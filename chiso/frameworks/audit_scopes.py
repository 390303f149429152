from chiso.core.audit import register as audit_register
from chiso.core.audit import scoped
from chiso.orgs import access


def register() -> None:
    from chiso.frameworks.models import Component, Framework, Result, Target, TaskComponent

    audit_register(Framework, scoped("id", access.managed_frameworks))
    audit_register(Component, scoped("framework_id", access.managed_frameworks))
    audit_register(Result, scoped("unit_id", access.managed_units))
    audit_register(Target, scoped("unit_id", access.managed_units))
    audit_register(TaskComponent, scoped("task__plan__owner_unit_id", access.managed_units))
