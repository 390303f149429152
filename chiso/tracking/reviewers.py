"""Who reviews an occurrence's reports: the one review rule, as a Q for querysets and as the
units shown on the report page ("Đơn vị duyệt").

The reviewing unit of an occurrence, first that applies:

1. the units the task names as monitoring (theo dõi), other than the lead unit;
2. else the plan's standing body: its standing monitoring body (`Plan.monitoring_unit`), or when
   that is empty its coordinator unit — unless that body is the lead unit itself;
3. else (the standing body leads the task, or the plan names none) the unit that issued the plan
   (`Plan.owner_unit`, e.g. UBND tỉnh), as a Sở Nội vụ reports on its own tasks to UBND tỉnh;
4. else (the issuing unit leads the task too) the system administrator.

The people of the reviewing unit who review are those who act for it (its officers and
coordinators); a read-only leader or an appraiser does not. Besides them, a coordinator whose
scope covers the plan's issuing unit reviews any report of the plan, and an administrator any
report at all. In every case nobody reviews a report of a unit they belong to.
"""

from __future__ import annotations

from django.db import models

from chiso.orgs import access
from chiso.orgs.models import OrgUnit, Role
from chiso.plans.models import AssignmentRole, TaskAssignment

# The roles whose holders review for the unit they belong to (those who act for it).
REVIEWING_ROLES = {Role.OFFICER, Role.COORDINATOR}


def _other_monitors(p: str, unit_ids: list[int] | None = None) -> models.Exists:
    """The occurrence's task names a monitoring unit other than its lead (among `unit_ids`)."""
    monitors = TaskAssignment.objects.filter(
        task_id=models.OuterRef(f"{p}task_id"), role=AssignmentRole.MONITORING, unit__isnull=False
    ).exclude(unit_id=models.OuterRef(f"{p}unit_id"))
    if unit_ids is not None:
        monitors = monitors.filter(unit_id__in=unit_ids)
    return models.Exists(monitors)


def _standing_body_q(p: str, unit_ids: list[int]) -> models.Q:
    """The plan's standing body (monitoring unit, else coordinator unit) is one of `unit_ids`."""
    plan = f"{p}task__plan__"
    return models.Q(**{f"{plan}monitoring_unit_id__in": unit_ids}) | models.Q(
        **{f"{plan}monitoring_unit__isnull": True, f"{plan}coordinator_unit_id__in": unit_ids}
    )


def _no_standing_body_but_lead_q(p: str) -> models.Q:
    """The plan has no standing body, or its standing body is the occurrence's lead unit."""
    plan, lead = f"{p}task__plan__", models.F(f"{p}unit_id")
    return (
        models.Q(**{f"{plan}monitoring_unit_id": lead})
        | models.Q(**{f"{plan}monitoring_unit__isnull": True, f"{plan}coordinator_unit_id": lead})
        | models.Q(
            **{f"{plan}monitoring_unit__isnull": True, f"{plan}coordinator_unit__isnull": True}
        )
    )


def reviewable_q(user, prefix: str = "") -> models.Q | None:
    """Q over Occurrence (or a relation via `prefix`) the user may review; None = everything."""
    mine = access.member_unit_ids(user)
    p = f"{prefix}__" if prefix else ""
    not_own = ~models.Q(**{f"{p}unit_id__in": mine})
    if access.is_admin(user):
        return not_own if mine else None
    q = access.subtree_roles_q(user, f"{p}task__plan__owner_unit", {Role.COORDINATOR})
    acting = access.member_unit_ids(user, REVIEWING_ROLES)
    if acting:
        owner = models.Q(**{f"{p}task__plan__owner_unit_id__in": acting})
        q |= _other_monitors(p, acting) | (
            ~_other_monitors(p)
            & (_standing_body_q(p, acting) | (_no_standing_body_but_lead_q(p) & owner))
        )
    return q & not_own if mine else q


def review_units(occurrence) -> list[OrgUnit]:
    """The reviewing unit(s) of an occurrence by the rule above; [] = the administrator.

    Shown on the report page; the queryset rule (`reviewable_q`) decides who may act.
    """
    lead_id = occurrence.unit_id
    monitors = [
        a.unit
        for a in TaskAssignment.objects.filter(
            task_id=occurrence.task_id, role=AssignmentRole.MONITORING, unit__isnull=False
        )
        .exclude(unit_id=lead_id)
        .select_related("unit")
        .order_by("unit__path")
    ]
    if monitors:
        return monitors
    plan = occurrence.task.plan
    standing = plan.monitoring_unit if plan.monitoring_unit_id else plan.coordinator_unit
    if standing is not None and standing.pk != lead_id:
        return [standing]
    if plan.owner_unit_id != lead_id:
        return [plan.owner_unit]
    return []
