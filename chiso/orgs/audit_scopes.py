"""Org history on the audit page: units, groups and memberships inside the units one manages."""

from chiso.core.audit import register as audit_register
from chiso.core.audit import scoped
from chiso.orgs import access
from chiso.orgs.models import Membership, OrgUnit, UnitGroup


def register() -> None:
    audit_register(OrgUnit, scoped("id", access.managed_units))
    audit_register(UnitGroup, scoped("scope_id", access.managed_units))
    audit_register(Membership, scoped("unit_id", access.managed_units))
