from chiso.core.audit import register as audit_register
from chiso.core.audit import scoped
from chiso.orgs import access


def register() -> None:
    from chiso.importer.models import AgencyMapping, ImportJob

    audit_register(ImportJob, scoped("owner_unit_id", access.managed_units))
    audit_register(AgencyMapping, scoped("scope_id", access.managed_units))
