"""Framework history on the audit page: frameworks one edits, results and targets of one's units."""

from chiso.core.audit import register as audit_register
from chiso.core.audit import scoped
from chiso.frameworks.models import Component, Framework, Result, Target, TaskComponent
from chiso.orgs import access


def register() -> None:
    audit_register(Framework, scoped("id", Framework.objects.managed_by))
    audit_register(Component, scoped("framework_id", Framework.objects.managed_by))
    audit_register(Result, scoped("unit_id", access.managed_units))
    audit_register(Target, scoped("unit_id", access.managed_units))
    audit_register(TaskComponent, scoped("task__plan__owner_unit_id", access.managed_units))
