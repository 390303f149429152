"""What each role's home page shows. Modules add their widgets through HOME_WIDGETS."""

from importlib import import_module

from chiso.orgs import access
from chiso.orgs.models import Role

# Dotted paths of functions (user) -> dict merged into the home context, added by later modules.
HOME_WIDGETS: list[str] = []

ROLE_TEMPLATES = {
    Role.ADMIN: "coordinator",
    Role.COORDINATOR: "coordinator",
    Role.LEADER: "leader",
    Role.APPRAISER: "leader",
    Role.OFFICER: "officer",
}


def home_context(user) -> dict:
    role = access.primary_role(user)
    context = {
        "role": ROLE_TEMPLATES.get(role, "none"),
        "memberships": access.memberships(user),
        "officer_units": [m.unit for m in access.memberships(user) if m.role == Role.OFFICER],
    }
    for dotted in HOME_WIDGETS:
        module, _, name = dotted.rpartition(".")
        context.update(getattr(import_module(module), name)(user))
    return context
