"""A reorganisation (merger, split, abolition, renaming of a unit) applied to the work.

Recording that a unit became another from a date hands over what is still to be done: its open
and future occurrences (with the reports in progress on them), its assignments on unfinished
tasks, the people holding roles in it (once the coordinator confirmed the list) and the units
under it that outlive it. The past stays under the old name: completed or cancelled periods,
accepted reports, the history. Everything happens in one transaction, each change carries the
legal basis in the audit history, and applying the same succession again changes nothing.

This lives in tracking because it is the lowest layer that sees units, assignments and
occurrences together; the org-level steps are the services of `chiso.orgs.services`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from chiso.core.errors import DomainError
from chiso.orgs import services as org_services
from chiso.orgs.models import Membership, OrgUnit, SuccessionKind
from chiso.plans.models import PlanStatus, TaskAssignment
from chiso.tracking.models import Occurrence


@dataclass
class Handover:
    """Everything a succession would move, shown to the coordinator before it is applied."""

    predecessor: OrgUnit
    successors: list[OrgUnit]
    kind: str
    effective_date: date
    occurrences: list[Occurrence]
    assignments: list[TaskAssignment]
    memberships: list[Membership]
    children: list[OrgUnit]
    new_parent: OrgUnit | None
    summary: dict[str, int] = field(default_factory=dict)

    @property
    def kind_label(self) -> str:
        return SuccessionKind(self.kind).label

    @property
    def is_split(self) -> bool:
        return self.kind == SuccessionKind.SPLIT

    @property
    def moves_people(self) -> bool:
        return not self.is_split and bool(self.memberships)


def open_occurrences(unit: OrgUnit) -> QuerySet:
    """What `unit` still owes: not completed, not cancelled, whatever the period (future ones and
    overdue ones alike)."""
    return (
        Occurrence.objects.filter(unit=unit, completed_on__isnull=True, is_cancelled=False)
        .select_related("task__plan")
        .order_by("due_date", "task__plan_id", "task__order", "pk")
    )


def remaining_assignments(unit: OrgUnit) -> QuerySet:
    """Assignments of `unit` on unfinished tasks: an active plan, a task not stopped, and a
    period still open (or no period yet)."""
    occurrences = Occurrence.objects.filter(task=OuterRef("task"))
    still_open = occurrences.filter(completed_on__isnull=True, is_cancelled=False)
    return (
        TaskAssignment.objects.filter(
            unit=unit, task__is_cancelled=False, task__plan__status=PlanStatus.ACTIVE
        )
        .filter(Q(Exists(still_open)) | ~Q(Exists(occurrences)))
        .select_related("task__plan")
        .order_by("task__plan_id", "task__order", "role")
    )


def succession_preview(
    *, predecessor: OrgUnit, successors: list[OrgUnit], kind: str, effective_date: date
) -> Handover:
    return Handover(
        predecessor=predecessor,
        successors=list(successors),
        kind=kind,
        effective_date=effective_date,
        occurrences=list(open_occurrences(predecessor)),
        assignments=list(remaining_assignments(predecessor)),
        memberships=list(org_services.succession_memberships(predecessor)),
        children=list(org_services.succession_children(predecessor, effective_date)),
        new_parent=org_services.succession_new_parent(predecessor, list(successors), kind),
    )


def _targets(handover: Handover, choices: dict[int, int] | None) -> dict[int, OrgUnit]:
    """The successor taking each open occurrence: the only one, or the coordinator's choice."""
    if not handover.is_split:
        return {occ.pk: handover.successors[0] for occ in handover.occurrences}
    by_id = {s.pk: s for s in handover.successors}
    choices = choices or {}
    targets = {occ.pk: by_id.get(choices.get(occ.pk)) for occ in handover.occurrences}
    missing = sum(1 for target in targets.values() if target is None)
    if missing:
        raise DomainError(
            f"Còn {missing} kỳ chưa chọn đơn vị kế nhiệm. "
            "Chọn đơn vị nhận cho từng kỳ trước khi xác nhận.",
            field="choices",
        )
    return targets


def _move_occurrence(occ: Occurrence, target: OrgUnit, predecessor: OrgUnit, reason: str, by):
    """Hand one occurrence (and the reports in progress on it) to `target`.

    When the successor already owes the same period (both units led the task), the dissolved
    unit's copy is closed as cancelled instead: the successor reports once.
    """
    occ._change_reason, occ._history_user = reason, by
    clash = Occurrence.objects.filter(
        task_id=occ.task_id, unit=target, period_start=occ.period_start
    ).exists()
    if clash:
        occ.is_cancelled = True
        occ.cancel_reason = (
            f"{predecessor.name} được sắp xếp vào {target.name} ({reason}); "
            f"{target.name} đã thực hiện kỳ này."
        )
        occ.save()
        return
    occ.unit = target
    occ.save()
    for report in occ.reports.filter(unit=predecessor):
        report.unit = target
        report._change_reason, report._history_user = reason, by
        report.save()


def _lead_targets(handover: Handover, targets: dict[int, OrgUnit]) -> dict[int, list[OrgUnit]]:
    """Per task, the successors chosen for its occurrences (a split may give it to several)."""
    chosen: dict[int, list[OrgUnit]] = {}
    for occ in handover.occurrences:
        units = chosen.setdefault(occ.task_id, [])
        if targets[occ.pk] not in units:
            units.append(targets[occ.pk])
    return chosen


def _move_assignment(assignment: TaskAssignment, units: list[OrgUnit], reason: str, by) -> None:
    """Point the assignment at the first successor that is not already named in that role,
    add the others, and drop it when every successor already holds the role."""
    assignment._change_reason, assignment._history_user = reason, by
    free = [
        u
        for u in units
        if not TaskAssignment.objects.filter(
            task_id=assignment.task_id, role=assignment.role, unit=u
        ).exists()
    ]
    if not free:
        assignment.delete()
        return
    first, *others = free
    assignment.unit = first
    assignment.save()
    for unit in others:
        extra = TaskAssignment(
            task_id=assignment.task_id,
            role=assignment.role,
            unit=unit,
            name_as_written=assignment.name_as_written,
            created_by=by,
        )
        extra._change_reason, extra._history_user = reason, by
        extra.save()


@transaction.atomic
def succession_apply(
    *,
    predecessor: OrgUnit,
    successors: list[OrgUnit],
    kind: str,
    effective_date: date,
    legal_basis: str = "",
    note: str = "",
    choices: dict[int, int] | None = None,
    members_confirmed: bool = False,
    by=None,
) -> Handover:
    """Record the succession and hand the remaining work over, all or nothing.

    `choices` maps each open occurrence id to the successor id the coordinator chose (required
    for a split). People are moved only with `members_confirmed` (the coordinator saw the list);
    a split moves nobody: the new roles are granted by hand.
    """
    # Lock the unit: a double submit waits here, then finds nothing left to move.
    predecessor = OrgUnit.objects.select_for_update().get(pk=predecessor.pk)
    successors = list(successors)
    handover = succession_preview(
        predecessor=predecessor, successors=successors, kind=kind, effective_date=effective_date
    )
    if handover.moves_people and not members_confirmed:
        raise DomainError(
            "Hãy xác nhận danh sách người được chuyển sang đơn vị kế nhiệm.", field="members"
        )
    targets = _targets(handover, choices)
    org_services.unit_record_succession(
        predecessor=predecessor,
        successors=successors,
        kind=kind,
        effective_date=effective_date,
        legal_basis=legal_basis,
        note=note,
        by=by,
    )
    reason = org_services.succession_reason(
        kind=kind, successors=successors, effective_date=effective_date, legal_basis=legal_basis
    )
    for occ in handover.occurrences:
        _move_occurrence(occ, targets[occ.pk], predecessor, reason, by)
    leads = _lead_targets(handover, targets)
    for assignment in handover.assignments:
        units = leads.get(assignment.task_id) if handover.is_split else None
        _move_assignment(assignment, units or successors, reason, by)
    people = 0
    if handover.moves_people:
        people = org_services.succession_move_memberships(
            predecessor=predecessor, successor=successors[0], reason=reason, by=by
        )
    children = org_services.succession_reparent_children(
        predecessor=predecessor,
        new_parent=handover.new_parent,
        effective_date=effective_date,
        reason=reason,
        by=by,
    )
    handover.summary = {
        "occurrences": len(handover.occurrences),
        "assignments": len(handover.assignments),
        "people": people,
        "children": children,
    }
    return handover
