"""Writes on units, groups and memberships. Each runs in one transaction and validates first."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from chiso.core import figures, security
from chiso.core.errors import DomainError
from chiso.orgs.models import (
    Membership,
    OrgUnit,
    Role,
    SuccessionKind,
    UnitGroup,
    UnitSuccession,
)

UNIT_FIELDS = {
    "parent",
    "unit_type",
    "name",
    "short_name",
    "aliases",
    "code",
    "document_code",
    "email",
    "active_from",
    "active_to",
}


def clean_aliases(aliases) -> list[str]:
    """Aliases come from a textarea (one per line) or a list; keep unique, non-empty, in order."""
    if isinstance(aliases, str):
        aliases = aliases.splitlines()
    seen: list[str] = []
    for alias in aliases or []:
        alias = " ".join(str(alias).split())
        if alias and alias not in seen:
            seen.append(alias)
    return seen


def _compute_path(unit: OrgUnit) -> None:
    parent = unit.parent
    unit.path = f"{parent.path if parent else ''}{unit.pk:07d}/"
    unit.depth = parent.depth + 1 if parent else 0


def _validate_dates(unit: OrgUnit) -> None:
    if unit.active_from and unit.active_to and unit.active_to < unit.active_from:
        raise DomainError("Ngày kết thúc hoạt động phải sau ngày bắt đầu.", field="active_to")


@transaction.atomic
def unit_create(*, by=None, **fields) -> OrgUnit:
    unknown = set(fields) - UNIT_FIELDS
    if unknown:
        raise ValueError(f"unknown fields: {unknown}")
    fields["aliases"] = clean_aliases(fields.get("aliases"))
    unit = OrgUnit(created_by=by, **fields)
    _validate_dates(unit)
    unit.refresh_search_text()
    try:
        unit.full_clean(exclude=["path", "search_text"])
    except ValidationError as exc:
        raise DomainError("; ".join(exc.messages)) from exc
    unit.save()
    _compute_path(unit)
    unit.save(update_fields=["path", "depth"])
    return unit


@transaction.atomic
def unit_update(unit: OrgUnit, *, by=None, **fields) -> OrgUnit:
    """Update a unit; moving it under another parent rewrites the paths of its whole subtree."""
    unknown = set(fields) - UNIT_FIELDS
    if unknown:
        raise ValueError(f"unknown fields: {unknown}")
    if "aliases" in fields:
        fields["aliases"] = clean_aliases(fields["aliases"])
    new_parent = fields.get("parent", unit.parent)
    if new_parent is not None and new_parent.path.startswith(unit.path):
        raise DomainError(
            "Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.", field="parent"
        )
    old_path = unit.path
    for key, value in fields.items():
        setattr(unit, key, value)
    _validate_dates(unit)
    unit.refresh_search_text()
    try:
        unit.full_clean(exclude=["path", "search_text"])
    except ValidationError as exc:
        raise DomainError("; ".join(exc.messages)) from exc
    _compute_path(unit)
    unit._change_reason = "Cập nhật đơn vị"
    unit.save()
    if unit.path != old_path:
        _rewrite_descendant_paths(old_path, unit)
    return unit


def _rewrite_descendant_paths(old_path: str, unit: OrgUnit) -> None:
    depth_shift = unit.depth - (old_path.count("/") - 1)
    descendants = OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk)
    for child in descendants:
        child.path = unit.path + child.path[len(old_path) :]
        child.depth += depth_shift
    OrgUnit.objects.bulk_update(descendants, ["path", "depth"], batch_size=500)
    figures.bump()  # a bulk update sends no signal: the scopes of cached figures moved


def _day_before(day: date) -> date:
    return date.fromordinal(day.toordinal() - 1)


HISTORY_REASON_MAX = 100  # django-simple-history's history_change_reason column


def succession_reason(
    *, kind: str, successors: list[OrgUnit], effective_date: date, legal_basis: str
) -> str:
    """The line the audit history shows for every change a succession makes: the date and the
    legal basis (the successors are on the succession itself), within the history column."""
    if legal_basis:
        reason = f"Sắp xếp tổ chức từ {effective_date:%d/%m/%Y}, căn cứ {legal_basis}"
    else:
        names = ", ".join(s.display_name for s in successors)
        label = SuccessionKind(kind).label
        reason = f"Sắp xếp tổ chức từ {effective_date:%d/%m/%Y}: {label} {names}"
    if len(reason) > HISTORY_REASON_MAX:
        reason = reason[: HISTORY_REASON_MAX - 1].rstrip() + "…"
    return reason


def _validate_succession(predecessor, successors, kind, effective_date) -> None:
    if not successors:
        raise DomainError("Chọn ít nhất một đơn vị kế nhiệm.", field="successors")
    if kind not in SuccessionKind.values:
        raise DomainError("Hình thức kế nhiệm không hợp lệ.", field="kind")
    if effective_date is None:
        raise DomainError("Nhập ngày hiệu lực.", field="effective_date")
    if any(s.pk == predecessor.pk for s in successors):
        raise DomainError("Đơn vị không thể kế nhiệm chính nó.", field="successors")
    if kind != SuccessionKind.SPLIT and len(successors) > 1:
        raise DomainError(
            "Chỉ hình thức chia tách mới có nhiều đơn vị kế nhiệm.", field="successors"
        )
    if kind == SuccessionKind.SPLIT and len(successors) < 2:
        raise DomainError("Chia tách cần ít nhất hai đơn vị kế nhiệm.", field="successors")
    inactive = [s for s in successors if not s.is_active_on(effective_date)]
    if inactive:
        raise DomainError(
            f"{inactive[0].name} không hoạt động vào ngày {effective_date:%d/%m/%Y}.",
            field="successors",
        )
    if predecessor.active_from and predecessor.active_from >= effective_date:
        raise DomainError(
            f"{predecessor.name} bắt đầu hoạt động sau ngày hiệu lực.", field="effective_date"
        )


@transaction.atomic
def unit_record_succession(
    *,
    predecessor: OrgUnit,
    successors: list[OrgUnit],
    kind: str,
    effective_date: date,
    legal_basis: str = "",
    note: str = "",
    by=None,
) -> list[UnitSuccession]:
    """Record that `predecessor` became `successors` on `effective_date` and close it then.

    Recording the same succession again changes nothing (no new row, no new history entry).
    """
    _validate_succession(predecessor, successors, kind, effective_date)
    legal_basis, note = " ".join(legal_basis.split()), " ".join(note.split())
    reason = succession_reason(
        kind=kind, successors=successors, effective_date=effective_date, legal_basis=legal_basis
    )
    wanted = {"kind": kind, "effective_date": effective_date, "legal_basis": legal_basis}
    rows = []
    for successor in successors:
        row = UnitSuccession.objects.filter(predecessor=predecessor, successor=successor).first()
        row = row or UnitSuccession(predecessor=predecessor, successor=successor, created_by=by)
        if (
            row.pk is None
            or any(getattr(row, k) != v for k, v in wanted.items())
            or (note and row.note != note)
        ):
            for key, value in wanted.items():
                setattr(row, key, value)
            row.note = note or row.note
            row._change_reason, row._history_user = reason, by
            try:
                row.full_clean(validate_unique=False)
            except ValidationError as exc:
                raise DomainError("; ".join(exc.messages)) from exc
            row.save()
        rows.append(row)
    end = _day_before(effective_date)
    if predecessor.active_to is None or predecessor.active_to > end:
        predecessor.active_to = end
        predecessor._change_reason, predecessor._history_user = reason, by
        predecessor.save(update_fields=["active_to", "updated_at"])
    return rows


def succession_children(predecessor: OrgUnit, effective_date: date):
    """Units directly under `predecessor` still in operation on the effective date.

    Offices that end with their parent (a district's Phòng) are not among them: they stay in the
    old tree with their past.
    """
    return OrgUnit.objects.filter(parent=predecessor).active_on(effective_date).order_by("path")


def succession_new_parent(
    predecessor: OrgUnit, successors: list[OrgUnit], kind: str
) -> OrgUnit | None:
    """Where the surviving children go: the successor, or for a split the level above."""
    if kind == SuccessionKind.SPLIT:
        return predecessor.parent
    return successors[0]


@transaction.atomic
def succession_reparent_children(
    *, predecessor: OrgUnit, new_parent: OrgUnit | None, effective_date: date, reason: str, by
) -> int:
    """Move the children that outlive `predecessor` (e.g. the communes of an abolished district)
    under `new_parent`, rewriting the materialised paths of each whole subtree."""
    moved = 0
    for child in succession_children(predecessor, effective_date):
        if new_parent is None or child.pk == new_parent.pk:
            continue
        old_path = child.path
        child.parent = new_parent
        _compute_path(child)
        child._change_reason, child._history_user = reason, by
        child.save(update_fields=["parent", "path", "depth", "updated_at"])
        _rewrite_descendant_paths(old_path, child)
        moved += 1
    return moved


def succession_memberships(predecessor: OrgUnit):
    """Roles held in `predecessor`: the people a merger moves to the successor."""
    return predecessor.memberships.select_related("user", "scope").order_by("user__username")


@transaction.atomic
def succession_move_memberships(
    *, predecessor: OrgUnit, successor: OrgUnit, reason: str, by
) -> int:
    """Hand every role held in (or scoped to) `predecessor` to `successor`.

    A person who already holds the same role in the successor keeps that one; the old role ends.
    """
    moved = 0
    for membership in succession_memberships(predecessor):
        twin = Membership.objects.filter(
            user=membership.user, unit=successor, role=membership.role
        ).first()
        membership._change_reason, membership._history_user = reason, by
        if twin is not None:
            membership.delete()
        else:
            membership.unit = successor
            if membership.scope_id == predecessor.pk:
                membership.scope = successor
            membership.save()
        moved += 1
    for membership in Membership.objects.filter(scope=predecessor):
        membership.scope = successor
        membership._change_reason, membership._history_user = reason, by
        membership.save()
    return moved


def unit_current_successors(unit: OrgUnit, on: date) -> list[OrgUnit]:
    """Follow successions until units active on `on`: how a unit of a past year resolves today."""
    frontier, seen, result = [unit], set(), []
    while frontier:
        current = frontier.pop()
        if current.pk in seen:
            continue
        seen.add(current.pk)
        nexts = [
            s.successor
            for s in current.successions.select_related("successor")
            if s.effective_date <= on
        ]
        if current.is_active_on(on) or not nexts:
            if current.is_active_on(on):
                result.append(current)
            continue
        frontier.extend(nexts)
    return result


# --- groups -----------------------------------------------------------------------------------


@transaction.atomic
def group_save(
    *,
    group: UnitGroup | None = None,
    name: str,
    scope: OrgUnit,
    aliases=None,
    rule_unit_types=None,
    members=(),
    by=None,
) -> UnitGroup:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("Tên nhóm không được để trống.", field="name")
    members = list(members)
    outside = [m for m in members if not m.path.startswith(scope.path)]
    if outside:
        raise DomainError(
            f"Đơn vị {outside[0].name} không thuộc phạm vi {scope.name}.", field="members"
        )
    group = group or UnitGroup(created_by=by)
    group.name, group.scope = name, scope
    group.aliases = clean_aliases(aliases)
    group.rule_unit_types = list(rule_unit_types or [])
    group.refresh_search_text()
    group.save()
    group.members.set(members)
    return group


def group_resolved_members(group: UnitGroup, on: date | None = None):
    """Explicit members plus units matched by the group's rule, active on `on` if given."""
    qs = OrgUnit.objects.filter(pk__in=group.members.values("pk"))
    if group.rule_unit_types:
        qs = qs | OrgUnit.objects.filter(
            path__startswith=group.scope.path, unit_type__in=group.rule_unit_types
        )
    if on:
        qs = qs.active_on(on)
    return qs.distinct().order_by("path")


# --- people -----------------------------------------------------------------------------------


@transaction.atomic
def user_create(*, username: str, password: str, full_name: str = "", email: str = "", by=None):
    User = get_user_model()
    username = (username or "").strip()
    if not username:
        raise DomainError("Tên đăng nhập không được để trống.", field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(f"Tên đăng nhập “{username}” đã có người dùng.", field="username")
    first, _, last = full_name.strip().rpartition(" ")
    user = User(username=username, email=email.strip(), first_name=first, last_name=last)
    user.set_password(password)
    user.save()
    if by is not None:
        # The coordinator chose this password; only its owner should know the one in use.
        security.require_password_change(user)
    return user


@transaction.atomic
def membership_grant(
    *, user, unit: OrgUnit, role: str, scope: OrgUnit | None = None, position: str = "", by=None
) -> Membership:
    if role not in Role.values:
        raise DomainError("Vai trò không hợp lệ.", field="role")
    if role == Role.OFFICER and scope is not None and scope != unit:
        raise DomainError("Cán bộ đầu mối chỉ thực hiện cho chính đơn vị của mình.", field="scope")
    membership, _ = Membership.objects.update_or_create(
        user=user,
        unit=unit,
        role=role,
        defaults={"position": position, "scope": scope},
        create_defaults={"position": position, "scope": scope, "created_by": by},
    )
    return membership


@transaction.atomic
def membership_revoke(membership: Membership) -> None:
    membership.delete()
