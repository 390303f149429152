from datetime import date

from ninja import Router, Schema
from ninja.pagination import paginate

from chiso.core.params import ApiId
from chiso.orgs import access
from chiso.orgs.services import group_resolved_members

router = Router(tags=["Đơn vị"])


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    unit_type: str
    parent_id: int | None
    aliases: list[str]
    code: str
    active_from: date | None
    active_to: date | None
    depth: int


class GroupOut(Schema):
    id: int
    name: str
    aliases: list[str]
    scope_id: int
    rule_unit_types: list[str]


class GroupDetailOut(GroupOut):
    member_ids: list[int]


class MembershipOut(Schema):
    unit_id: int
    unit_name: str
    role: str
    scope_id: int


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    roles: list[str]
    memberships: list[MembershipOut]


@router.get("/me", response=MeOut, summary="Người dùng hiện tại")
def me(request):
    user = request.user
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.get_full_name(),
        "email": user.email,
        "roles": sorted(access.roles(user)),
        "memberships": [
            {
                "unit_id": m.unit_id,
                "unit_name": m.unit.name,
                "role": m.role,
                "scope_id": m.scope_unit.pk,
            }
            for m in access.memberships(user)
        ],
    }


@router.get("/units", response=list[UnitOut], summary="Đơn vị người dùng được xem")
@paginate
def units(request, q: str = "", unit_type: str = "", parent_id: ApiId | None = None):
    qs = access.visible_units(request.user).search(q)
    if unit_type:
        qs = qs.filter(unit_type=unit_type)
    if parent_id is not None:
        qs = qs.filter(parent_id=parent_id)
    return qs


@router.get("/units/{unit_id}", response=UnitOut, summary="Một đơn vị")
def unit(request, unit_id: int):
    return access.get_visible_unit(request.user, unit_id)


@router.get("/groups", response=list[GroupOut], summary="Nhóm đơn vị")
@paginate
def groups(request):
    return access.visible_groups(request.user)


@router.get("/groups/{group_id}", response=GroupDetailOut, summary="Một nhóm đơn vị")
def group(request, group_id: int):
    found = access.get_visible_group(request.user, group_id)
    found.member_ids = list(group_resolved_members(found).values_list("pk", flat=True))
    return found
