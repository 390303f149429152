"""Who opens the leaders' dashboard: admins, coordinators and leaders."""

from chiso.orgs import access
from chiso.orgs.models import Role


def can_view_dashboard(user) -> bool:
    return access.is_admin(user) or bool(access.roles(user) & {Role.COORDINATOR, Role.LEADER})
