"""Unit scopes, the base of every permission rule.

Scopes are unit subtrees: a coordinator, leader or appraiser membership covers its unit and
everything below it; an officer acts for exactly the unit of the membership. The other apps build
their visibility (`Plan.objects.visible_to(user)`, ...) on `unit_scope_q`, `subtree_roles_q`
and `own_unit_ids`; the org-level rules (units, groups, users) are here too.
"""

from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from chiso.core.lookup import get_visible_or_404
from chiso.orgs.models import Membership, OrgUnit, Role, UnitGroup

SUBTREE_ROLES = {Role.COORDINATOR, Role.LEADER, Role.APPRAISER}


def memberships(user) -> list[Membership]:
    """The user's memberships, loaded once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_chiso_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("unit", "scope"))
        user._chiso_memberships = cached
    return cached


def roles(user) -> set[str]:
    found = {m.role for m in memberships(user)}
    if getattr(user, "is_superuser", False):
        found.add(Role.ADMIN)
    return found


def is_admin(user) -> bool:
    return Role.ADMIN in roles(user)


def is_coordinator(user) -> bool:
    return is_admin(user) or Role.COORDINATOR in roles(user)


def primary_role(user) -> str | None:
    """The role that decides the home page: the widest one the user holds."""
    order = [Role.ADMIN, Role.COORDINATOR, Role.LEADER, Role.APPRAISER, Role.OFFICER]
    held = roles(user)
    return next((r for r in order if r in held), None)


def _subtree_q(units: Iterable[OrgUnit], field: str = "") -> Q:
    prefix = f"{field}__" if field else ""
    parts = [Q(**{f"{prefix}path__startswith": u.path}) for u in units]
    return reduce(or_, parts) if parts else Q(pk__in=[])


def subtree_roles_q(user, field: str, subtree_roles: set[str]) -> Q:
    """Q over a relation to OrgUnit: inside the scope of the user's memberships in these roles."""
    units = [m.scope_unit for m in memberships(user) if m.role in subtree_roles]
    return _subtree_q(units, field)


def own_unit_ids(user) -> list[int]:
    """The units the user is an officer of (acts for exactly these units)."""
    return [m.unit_id for m in memberships(user) if m.role == Role.OFFICER]


def member_unit_ids(user, roles: set[str] | None = None) -> list[int]:
    """The units the user belongs to (in any role, or in `roles`), without their subtrees."""
    return [m.unit_id for m in memberships(user) if roles is None or m.role in roles]


def _units_q(user, subtree_roles: set[str], own_roles: set[str], field: str = "") -> Q | None:
    """Q over OrgUnit (or over a relation to it via `field`); None means everything."""
    if is_admin(user):
        return None
    mine = memberships(user)
    subtree = [m.scope_unit for m in mine if m.role in subtree_roles]
    own_ids = [m.unit_id for m in mine if m.role in own_roles]
    q = _subtree_q(subtree, field)
    if own_ids:
        q |= Q(**{f"{field}__pk__in" if field else "pk__in": own_ids})
    return q


def unit_scope_q(user, field: str = "", *, purpose: str = "view") -> Q | None:
    """Q restricting a relation to units the user may view / act for / manage."""
    if purpose == "view":
        return _units_q(user, SUBTREE_ROLES, {Role.OFFICER}, field)
    if purpose == "act":
        return _units_q(user, {Role.COORDINATOR}, {Role.OFFICER}, field)
    if purpose == "manage":
        return _units_q(user, {Role.COORDINATOR}, set(), field)
    raise ValueError(purpose)


def restrict(qs: QuerySet, q: Q | None) -> QuerySet:
    """`qs` filtered by a scope Q, where None means no restriction."""
    return qs if q is None else qs.filter(q)


def visible_units(user) -> QuerySet[OrgUnit]:
    return restrict(OrgUnit.objects.all(), unit_scope_q(user, purpose="view"))


def actable_units(user) -> QuerySet[OrgUnit]:
    return restrict(OrgUnit.objects.all(), unit_scope_q(user, purpose="act"))


def managed_units(user) -> QuerySet[OrgUnit]:
    return restrict(OrgUnit.objects.all(), unit_scope_q(user, purpose="manage"))


def can_view_unit(user, unit: OrgUnit) -> bool:
    return visible_units(user).filter(pk=unit.pk).exists()


def can_act_for_unit(user, unit: OrgUnit) -> bool:
    return actable_units(user).filter(pk=unit.pk).exists()


def can_manage_unit(user, unit: OrgUnit) -> bool:
    return managed_units(user).filter(pk=unit.pk).exists()


def can_create_child(user, parent: OrgUnit | None) -> bool:
    return is_admin(user) if parent is None else can_manage_unit(user, parent)


def get_visible_unit(user, pk) -> OrgUnit:
    """The unit if the user may see it; 404 otherwise (also for ids that do not exist)."""
    return get_visible_or_404(visible_units(user), pk, "Không tìm thấy đơn vị")


def get_managed_unit(user, pk) -> OrgUnit:
    unit = get_visible_unit(user, pk)
    if not can_manage_unit(user, unit):
        raise PermissionDenied("Bạn không có quyền sửa đơn vị này.")
    return unit


# --- groups -----------------------------------------------------------------------------------


def visible_groups(user) -> QuerySet[UnitGroup]:
    q = unit_scope_q(user, "scope", purpose="view")
    if q is not None and Role.OFFICER in roles(user):
        # Officers see groups defined above their unit too: documents assign work to them.
        ancestors = {a for m in memberships(user) for a in m.unit.ancestor_ids()}
        q |= Q(scope_id__in=ancestors)
    return restrict(UnitGroup.objects.all(), q)


def get_visible_group(user, pk) -> UnitGroup:
    return get_visible_or_404(visible_groups(user), pk, "Không tìm thấy nhóm đơn vị")


def can_manage_group(user, group: UnitGroup) -> bool:
    return can_manage_unit(user, group.scope)


# --- users ------------------------------------------------------------------------------------


def can_manage_users(user) -> bool:
    return is_coordinator(user)


def managed_users(user):
    """Users whose every membership lies inside the units this user manages."""
    users = get_user_model().objects.all()
    if is_admin(user):
        return users
    if not is_coordinator(user):
        return users.none()
    outside = Membership.objects.exclude(unit__in=managed_units(user)).values("user_id")
    inside = Membership.objects.filter(unit__in=managed_units(user)).values("user_id")
    return users.filter(pk__in=inside).exclude(pk__in=outside).exclude(is_superuser=True)


def get_managed_user(user, pk):
    return get_visible_or_404(managed_users(user), pk, "Không tìm thấy người dùng")


def can_grant_role(user, unit: OrgUnit, role: str) -> bool:
    if role == Role.ADMIN:
        return is_admin(user)
    return can_manage_unit(user, unit)


def dashboard_root_units(user) -> list[OrgUnit]:
    """The widest units the user oversees (dashboards and result pages open on the first one)."""
    if is_admin(user):
        return list(OrgUnit.objects.filter(parent__isnull=True))
    units = [m.scope_unit for m in memberships(user) if m.role in SUBTREE_ROLES]
    return sorted({u.pk: u for u in units}.values(), key=lambda u: (u.depth, u.path))


def can_view_audit(user) -> bool:
    return is_coordinator(user)


def require(allowed: bool, message: str = "Bạn không có quyền thực hiện thao tác này.") -> None:
    if not allowed:
        raise PermissionDenied(message)
