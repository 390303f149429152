"""Who sees and edits frameworks, results, targets and the dashboard."""

from django.db.models import Q
from django.http import Http404

from chiso.core.lookup import parse_id
from chiso.orgs.access.core import (
    SUBTREE_ROLES,
    _filter,
    can_manage_unit,
    is_admin,
    is_coordinator,
    managed_units,
    memberships,
    require,
    roles,
    unit_scope_q,
    visible_units,
)
from chiso.orgs.models import OrgUnit, Role

# --- frameworks, results and the dashboard ----------------------------------------------------
# National frameworks are readable by everyone signed in; a local framework by whoever sees its
# owner unit. National frameworks are edited by admins and by coordinators whose scope is a whole
# province (a root unit); local ones by coordinators managing their owner unit. Results and
# targets follow the unit: seen with the unit, written by coordinators managing it.


def visible_frameworks(user):
    from chiso.frameworks.models import Framework

    if is_admin(user):
        return Framework.objects.all()
    return Framework.objects.filter(
        Q(owner_unit__isnull=True) | Q(owner_unit__in=visible_units(user))
    )


def managed_frameworks(user):
    from chiso.frameworks.models import Framework

    if is_admin(user):
        return Framework.objects.all()
    province_coordinator = any(
        m.role == Role.COORDINATOR and m.scope_unit.parent_id is None for m in memberships(user)
    )
    q = Q(owner_unit__in=managed_units(user))
    if province_coordinator:
        q |= Q(owner_unit__isnull=True)
    return Framework.objects.filter(q)


def can_manage_framework(user, framework) -> bool:
    return managed_frameworks(user).filter(pk=framework.pk).exists()


def can_create_framework(user) -> bool:
    return is_coordinator(user)


def get_visible_framework(user, pk):
    from chiso.frameworks.models import Framework

    try:
        return visible_frameworks(user).get(pk=parse_id(pk))
    except (Framework.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy bộ chỉ số") from exc


def get_managed_framework(user, pk):
    framework = get_visible_framework(user, pk)
    require(can_manage_framework(user, framework), "Bạn không có quyền sửa bộ chỉ số này.")
    return framework


def visible_results(user):
    from chiso.frameworks.models import Result

    return _filter(Result.objects.all(), unit_scope_q(user, "unit", purpose="view"))


def visible_targets(user):
    from chiso.frameworks.models import Target

    return _filter(Target.objects.all(), unit_scope_q(user, "unit", purpose="view"))


def get_managed_result(user, pk):
    from chiso.frameworks.models import Result

    try:
        result = visible_results(user).select_related("unit").get(pk=parse_id(pk))
    except (Result.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy kết quả") from exc
    require(can_manage_unit(user, result.unit), "Bạn không có quyền sửa kết quả của đơn vị này.")
    return result


def get_managed_target(user, pk):
    from chiso.frameworks.models import Target

    try:
        target = visible_targets(user).select_related("unit").get(pk=parse_id(pk))
    except (Target.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy mục tiêu") from exc
    require(can_manage_unit(user, target.unit), "Bạn không có quyền sửa mục tiêu của đơn vị này.")
    return target


def can_view_dashboard(user) -> bool:
    return is_admin(user) or bool(roles(user) & {Role.COORDINATOR, Role.LEADER})


def dashboard_root_units(user) -> list[OrgUnit]:
    """The widest units the user oversees (their dashboard opens on the first one)."""
    if is_admin(user):
        return list(OrgUnit.objects.filter(parent__isnull=True))
    units = [m.scope_unit for m in memberships(user) if m.role in SUBTREE_ROLES]
    return sorted({u.pk: u for u in units}.values(), key=lambda u: (u.depth, u.path))
