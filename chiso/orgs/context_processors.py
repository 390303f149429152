from chiso.core.navigation import nav_items
from chiso.orgs import access


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_items": nav_items(access.roles(user), request.path),
        "user_role": access.primary_role(user),
        "user_memberships": access.memberships(user),
    }
