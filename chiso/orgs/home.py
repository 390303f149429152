"""What each role's home page shows. Upper modules add their widgets with `register_widget`."""

from collections.abc import Callable

from chiso.orgs import access
from chiso.orgs.models import Role

# Functions (user) -> dict merged into the home context, registered from the modules' ready().
HOME_WIDGETS: list[Callable[[object], dict]] = []


def register_widget(widget: Callable[[object], dict]) -> None:
    if widget not in HOME_WIDGETS:
        HOME_WIDGETS.append(widget)


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
    for widget in HOME_WIDGETS:
        context.update(widget(user))
    return context
