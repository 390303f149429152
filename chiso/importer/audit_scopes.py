from chiso.core import audit
from chiso.orgs import access


def _scope(field: str):
    """History rows whose unit (via `field`) the user manages; admins see all."""

    def scope(user, qs):
        if access.is_admin(user):
            return qs
        return qs.filter(**{f"{field}__in": access.managed_units(user).values("pk")})

    return scope


def register() -> None:
    from chiso.importer.models import AgencyMapping, ImportJob

    audit.register(ImportJob, _scope("owner_unit_id"))
    audit.register(AgencyMapping, _scope("scope_id"))
