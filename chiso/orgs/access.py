"""The one place that decides what a user may see and change.

Scopes are unit subtrees: a coordinator, leader or appraiser membership covers its unit and
everything below it; an officer acts for exactly the unit of the membership. Every view and API
endpoint fetches objects through these helpers, so an outsider gets 404 by construction.
Other modules add their rules here, built on `visible_units` / `actable_units` / `managed_units`.
"""

from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

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


def _filter(qs: QuerySet, q: Q | None) -> QuerySet:
    return qs if q is None else qs.filter(q)


def visible_units(user) -> QuerySet[OrgUnit]:
    return _filter(OrgUnit.objects.all(), unit_scope_q(user, purpose="view"))


def actable_units(user) -> QuerySet[OrgUnit]:
    return _filter(OrgUnit.objects.all(), unit_scope_q(user, purpose="act"))


def managed_units(user) -> QuerySet[OrgUnit]:
    return _filter(OrgUnit.objects.all(), unit_scope_q(user, purpose="manage"))


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
    try:
        return visible_units(user).get(pk=int(pk))
    except (OrgUnit.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy đơn vị") from exc


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
    return _filter(UnitGroup.objects.all(), q)


def get_visible_group(user, pk) -> UnitGroup:
    try:
        return visible_groups(user).get(pk=int(pk))
    except (UnitGroup.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy nhóm đơn vị") from exc


def can_manage_group(user, group: UnitGroup) -> bool:
    return can_manage_unit(user, group.scope)


# --- users ------------------------------------------------------------------------------------


def can_manage_users(user) -> bool:
    return is_coordinator(user)


def managed_users(user):
    """Users whose every membership lies inside the units this user manages."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.all()
    if is_admin(user):
        return users
    if not is_coordinator(user):
        return users.none()
    outside = Membership.objects.exclude(unit__in=managed_units(user)).values("user_id")
    inside = Membership.objects.filter(unit__in=managed_units(user)).values("user_id")
    return users.filter(pk__in=inside).exclude(pk__in=outside).exclude(is_superuser=True)


def get_managed_user(user, pk):
    try:
        return managed_users(user).get(pk=int(pk))
    except (ValueError, TypeError, managed_users(user).model.DoesNotExist) as exc:
        raise Http404("Không tìm thấy người dùng") from exc


def can_grant_role(user, unit: OrgUnit, role: str) -> bool:
    if role == Role.ADMIN:
        return is_admin(user)
    return can_manage_unit(user, unit)


def can_view_audit(user) -> bool:
    return is_coordinator(user)


def require(allowed: bool, message: str = "Bạn không có quyền thực hiện thao tác này.") -> None:
    if not allowed:
        raise PermissionDenied(message)


# --- plans and tasks --------------------------------------------------------------------------
# A plan is visible to whoever sees its owner unit through a subtree role, and to the units it
# assigns work to; it is managed by coordinators whose scope covers its owner unit.


def _subtree_roles_q(user, field: str, subtree_roles: set[str]) -> Q:
    units = [m.scope_unit for m in memberships(user) if m.role in subtree_roles]
    return _subtree_q(units, field)


def _own_unit_ids(user) -> list[int]:
    return [m.unit_id for m in memberships(user) if m.role == Role.OFFICER]


def visible_plans(user):
    from chiso.plans.models import Plan, TaskAssignment

    if is_admin(user):
        return Plan.objects.all()
    assigned = TaskAssignment.objects.filter(
        _subtree_roles_q(user, "unit", SUBTREE_ROLES) | Q(unit_id__in=_own_unit_ids(user))
    ).values("task__plan_id")
    return Plan.objects.filter(
        _subtree_roles_q(user, "owner_unit", SUBTREE_ROLES) | Q(pk__in=assigned)
    )


def managed_plans(user):
    from chiso.plans.models import Plan

    if is_admin(user):
        return Plan.objects.all()
    return Plan.objects.filter(_subtree_roles_q(user, "owner_unit", {Role.COORDINATOR}))


def can_manage_plan(user, plan) -> bool:
    return managed_plans(user).filter(pk=plan.pk).exists()


def get_visible_plan(user, pk):
    from chiso.plans.models import Plan

    try:
        return visible_plans(user).get(pk=int(pk))
    except (Plan.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy kế hoạch") from exc


def get_managed_plan(user, pk):
    plan = get_visible_plan(user, pk)
    require(can_manage_plan(user, plan), "Bạn không có quyền sửa kế hoạch này.")
    return plan


def visible_tasks(user):
    """Tasks of plans the user oversees, plus tasks assigned to the user's own unit."""
    from chiso.plans.models import Task, TaskAssignment

    if is_admin(user):
        return Task.objects.all()
    assigned = TaskAssignment.objects.filter(
        _subtree_roles_q(user, "unit", SUBTREE_ROLES) | Q(unit_id__in=_own_unit_ids(user))
    ).values("task_id")
    return Task.objects.filter(
        _subtree_roles_q(user, "plan__owner_unit", SUBTREE_ROLES) | Q(pk__in=assigned)
    )


def get_visible_task(user, pk):
    from chiso.plans.models import Task

    try:
        return visible_tasks(user).select_related("plan").get(pk=int(pk))
    except (Task.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy nhiệm vụ") from exc


def can_manage_task(user, task) -> bool:
    return can_manage_plan(user, task.plan)


# --- tracking: occurrences, progress reports, evidence ----------------------------------------
# An occurrence is visible to whoever oversees its plan or its unit (subtree roles), to the
# officers of its lead unit, and to the officers of units the task names as coordinating or
# monitoring (and of the plan's coordinator unit). Reports, contributions and evidence follow
# their occurrence. The reviewer is the monitoring unit, or the plan's coordinator unit when the
# task names none; coordinators who manage the plan may always review.


def _task_role_ids(user, roles_: set[str]):
    from chiso.plans.models import TaskAssignment

    return TaskAssignment.objects.filter(unit_id__in=_own_unit_ids(user), role__in=roles_).values(
        "task_id"
    )


def visible_occurrences(user):
    from chiso.tracking.models import Occurrence

    if is_admin(user):
        return Occurrence.objects.all()
    own = _own_unit_ids(user)
    q = (
        _subtree_roles_q(user, "task__plan__owner_unit", SUBTREE_ROLES)
        | _subtree_roles_q(user, "unit", SUBTREE_ROLES)
        | Q(unit_id__in=own)
    )
    if own:
        q |= Q(task_id__in=_task_role_ids(user, {"coordinating", "monitoring"}))
        q |= Q(task__plan__coordinator_unit_id__in=own)
    return Occurrence.objects.filter(q)


def get_visible_occurrence(user, pk):
    from chiso.tracking.models import Occurrence

    try:
        return (
            visible_occurrences(user)
            .select_related("task__plan", "unit", "task__plan__coordinator_unit")
            .get(pk=int(pk))
        )
    except (Occurrence.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy nhiệm vụ") from exc


def get_visible_report(user, pk):
    from chiso.tracking.models import ProgressReport

    try:
        return (
            ProgressReport.objects.filter(occurrence__in=visible_occurrences(user))
            .select_related("occurrence__task__plan", "unit")
            .get(pk=int(pk))
        )
    except (ProgressReport.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy báo cáo") from exc


def get_visible_evidence(user, pk):
    from chiso.tracking.models import Evidence

    try:
        return Evidence.objects.filter(report__occurrence__in=visible_occurrences(user)).get(
            pk=int(pk)
        )
    except (Evidence.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy tài liệu") from exc


def can_report(user, occurrence) -> bool:
    """May submit the lead unit's progress report for this occurrence."""
    return can_act_for_unit(user, occurrence.unit)


def contributing_units(user, occurrence) -> list[OrgUnit]:
    """The user's units that the task names as coordinating (phối hợp)."""
    from chiso.plans.models import TaskAssignment

    ids = TaskAssignment.objects.filter(
        task_id=occurrence.task_id, role="coordinating", unit__in=actable_units(user)
    ).values("unit_id")
    return list(OrgUnit.objects.filter(pk__in=ids).exclude(pk=occurrence.unit_id))


def reviewable_q(user, prefix: str = "") -> Q | None:
    """Q over Occurrence (or a relation via `prefix`) the user may review; None = everything."""
    from chiso.plans.models import TaskAssignment

    if is_admin(user):
        return None
    p = f"{prefix}__" if prefix else ""
    q = _subtree_roles_q(user, f"{p}task__plan__owner_unit", {Role.COORDINATOR})
    own = _own_unit_ids(user)
    if own:
        monitored = TaskAssignment.objects.filter(unit_id__in=own, role="monitoring")
        any_monitor = TaskAssignment.objects.filter(role="monitoring").values("task_id")
        q |= Q(**{f"{p}task_id__in": monitored.values("task_id")})
        q |= Q(**{f"{p}task__plan__coordinator_unit_id__in": own}) & ~Q(
            **{f"{p}task_id__in": any_monitor}
        )
    return q


def can_review(user, occurrence) -> bool:
    from chiso.tracking.models import Occurrence

    return _filter(Occurrence.objects.filter(pk=occurrence.pk), reviewable_q(user)).exists()


def can_manage_occurrence(user, occurrence) -> bool:
    """Change a deadline, reassign, stop: coordinators of the plan."""
    return can_manage_plan(user, occurrence.task.plan)


def can_request_explanation(user, occurrence) -> bool:
    if can_manage_occurrence(user, occurrence):
        return True
    leaders = [m.scope_unit for m in memberships(user) if m.role == Role.LEADER]
    return any(occurrence.unit.path.startswith(u.path) for u in leaders) or any(
        occurrence.task.plan.owner_unit.path.startswith(u.path) for u in leaders
    )


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
        return visible_frameworks(user).get(pk=int(pk))
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
        result = visible_results(user).select_related("unit").get(pk=int(pk))
    except (Result.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy kết quả") from exc
    require(can_manage_unit(user, result.unit), "Bạn không có quyền sửa kết quả của đơn vị này.")
    return result


def get_managed_target(user, pk):
    from chiso.frameworks.models import Target

    try:
        target = visible_targets(user).select_related("unit").get(pk=int(pk))
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


# --- periodic reports -------------------------------------------------------------------------
# A unit's report is seen by whoever sees that unit and the plan, and written by whoever acts for
# the unit; the compiled report of a plan is written by the plan's managers (coordinators) and
# seen by everyone overseeing the plan's owner unit.


def visible_period_reports(user):
    from chiso.reports.models import Report

    if is_admin(user):
        return Report.objects.all()
    return Report.objects.filter(
        plan__in=visible_plans(user), unit__in=visible_units(user)
    ) | Report.objects.filter(plan__in=managed_plans(user))


def get_visible_period_report(user, pk):
    from chiso.reports.models import Report

    try:
        return visible_period_reports(user).select_related("plan", "unit").get(pk=int(pk))
    except (Report.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy báo cáo") from exc


def can_write_period_report(user, *, kind: str, plan, unit=None) -> bool:
    if kind == "compiled":
        return can_manage_plan(user, plan)
    return (
        unit is not None
        and can_act_for_unit(user, unit)
        and (visible_plans(user).filter(pk=plan.pk).exists())
    )


def can_edit_period_report(user, report) -> bool:
    return can_write_period_report(user, kind=report.kind, plan=report.plan, unit=report.unit)


def report_audit_scope(user, qs):
    """History rows of the reports a user may see."""
    if is_admin(user):
        return qs
    return qs.filter(id__in=visible_period_reports(user).values("pk"))


# --- plan import ------------------------------------------------------------------------------
# Coordinators import plans into the units they manage (the owner unit of the new plan); an
# import job is seen and confirmed by whoever manages its owner unit.


def can_import_plans(user) -> bool:
    return is_coordinator(user)


def import_owner_units(user) -> QuerySet[OrgUnit]:
    return managed_units(user)


def visible_import_jobs(user):
    from chiso.importer.models import ImportJob

    return _filter(ImportJob.objects.all(), unit_scope_q(user, "owner_unit", purpose="manage"))


def get_visible_import_job(user, pk):
    from chiso.importer.models import ImportJob

    try:
        return visible_import_jobs(user).select_related("owner_unit", "plan").get(pk=int(pk))
    except (ImportJob.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy lượt nhập kế hoạch") from exc


def get_visible_report_job(user, pk):
    """A report generation job: its requester (or an admin) follows its progress."""
    from chiso.reports.models import ReportJob

    jobs = (
        ReportJob.objects.all() if is_admin(user) else ReportJob.objects.filter(requested_by=user)
    )
    try:
        return jobs.select_related("plan", "unit", "report").get(pk=int(pk))
    except (ReportJob.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy yêu cầu lập báo cáo") from exc
