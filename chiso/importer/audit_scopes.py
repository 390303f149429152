"""Import history on the audit page: imports and agency mappings of the units one manages."""

from chiso.core.audit import register as audit_register
from chiso.core.audit import scoped
from chiso.importer.models import AgencyMapping, ImportJob
from chiso.orgs import access


def register() -> None:
    audit_register(ImportJob, scoped("owner_unit_id", access.managed_units))
    audit_register(AgencyMapping, scoped("scope_id", access.managed_units))
