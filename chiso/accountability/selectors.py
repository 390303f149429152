"""Reads of inspections, initiatives and dialogues, for pages and for the modules above.

The counts per unit (`follow_up_counts` — or `recommendation_counts` and `commitment_counts`
alone — and `initiative_counts`) are the contract the emulation score reads: one query each
whatever the number of units, and a unit
with nothing recorded gets no key (shown as "chưa có dữ liệu", never as zero).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.db import connection
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When

from chiso.accountability.coverage import Coverage, coverage, scope_day, share
from chiso.accountability.models import (
    Commitment,
    Dialogue,
    DialogueTarget,
    Initiative,
    InitiativeStatus,
    InspectionPlan,
    Recommendation,
)
from chiso.core.links import id_prefix
from chiso.core.paging import Page, page_of
from chiso.orgs.models import OrgUnit, UnitGroup
from chiso.orgs.services import group_resolved_members
from chiso.plans.deadline import quarter_end
from chiso.tracking.models import Occurrence
from chiso.tracking.status import Status, status_of


@dataclass(frozen=True)
class FollowUpCounts:
    """Recommendations or commitments of a unit, due within the year."""

    due: int  # with a deadline in the year (cancelled ones are not owed)
    closed_on_time: int  # accepted as done on or before the deadline
    closed_late: int  # accepted as done after the deadline
    open_overdue: int  # not closed and past the deadline on `today`


@dataclass(frozen=True)
class InitiativeCounts:
    registered: int
    recognised: int


FOLLOW_UPS = ("recommendation", "commitment")
LINKS = {"recommendation": Recommendation, "commitment": Commitment}


def follow_up_counts(
    *, year: int, unit_ids: Iterable[int], today: date, relations: Iterable[str] = FOLLOW_UPS
) -> dict[str, dict[int, FollowUpCounts]]:
    """Per relation (recommendation / commitment): the occurrences of the tasks that follow it
    up, grouped by the unit that owes them, with their deadline in `year`. One query for all
    the relations, starting from the link tables (a task follows up at most one item: the links
    are one-to-one). Written as SQL: the ORM took four times longer to compile it than the
    database to run it for a group of 300 units."""
    relations, unit_ids = tuple(relations), list(unit_ids)
    out: dict[str, dict[int, FollowUpCounts]] = {r: {} for r in relations}
    if not relations or not unit_ids:
        return out
    links = " UNION ALL ".join(
        f"SELECT task_id, %s AS kind FROM {LINKS[r]._meta.db_table}" for r in relations
    )
    occurrence = Occurrence._meta.db_table
    sql = (
        "SELECT o.unit_id, l.kind, COUNT(*), "
        "SUM(CASE WHEN o.completed_on <= o.due_date THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN o.completed_on > o.due_date THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN o.completed_on IS NULL AND o.due_date < %s THEN 1 ELSE 0 END) "
        f"FROM ({links}) l JOIN {occurrence} o ON o.task_id = l.task_id "
        f"WHERE o.unit_id IN ({', '.join(['%s'] * len(unit_ids))}) "
        "AND o.due_date >= %s AND o.due_date <= %s AND o.is_cancelled = %s "
        "GROUP BY o.unit_id, l.kind"
    )
    params = [today, *relations, *unit_ids, date(year, 1, 1), date(year, 12, 31), False]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for unit_id, kind, due, on_time, late, overdue in cursor.fetchall():
            out[kind][unit_id] = FollowUpCounts(
                due=due, closed_on_time=on_time, closed_late=late, open_overdue=overdue
            )
    return out


def recommendation_counts(
    *, year: int, unit_ids: Iterable[int], today: date
) -> dict[int, FollowUpCounts]:
    """Inspection recommendations per inspected unit, due within `year`."""
    found = follow_up_counts(
        year=year, unit_ids=unit_ids, today=today, relations=["recommendation"]
    )
    return found["recommendation"]


def commitment_counts(
    *, year: int, unit_ids: Iterable[int], today: date
) -> dict[int, FollowUpCounts]:
    """Dialogue commitments per unit that made them, due within `year`."""
    found = follow_up_counts(year=year, unit_ids=unit_ids, today=today, relations=["commitment"])
    return found["commitment"]


def initiative_counts(*, year: int, unit_ids: Iterable[int]) -> dict[int, InitiativeCounts]:
    """Initiatives registered and recognised per unit in `year`."""
    return _initiative_counts(year, list(unit_ids))


def _initiative_counts(year: int, unit_ids) -> dict[int, InitiativeCounts]:
    """`initiative_counts` of the units `unit_ids` (ids, or a query of them)."""
    rows = (
        Initiative.objects.filter(year=year, unit_id__in=unit_ids)
        .values("unit_id")
        .annotate(
            registered=Count("pk"),
            recognised=Count("pk", filter=Q(status=InitiativeStatus.RECOGNISED)),
        )
        .order_by()
    )
    return {
        r["unit_id"]: InitiativeCounts(registered=r["registered"], recognised=r["recognised"])
        for r in rows
    }


# --- pages ------------------------------------------------------------------------------------


@dataclass
class FollowUpRow:
    """A recommendation or commitment with the occurrence that follows it up."""

    item: object
    occurrence: Occurrence | None
    status: str
    status_label: str

    @property
    def closed(self) -> bool:
        return self.status in CLOSED


CLOSED = {Status.DONE_ON_TIME, Status.DONE_LATE}


def follow_up_rows(items, today: date) -> list[FollowUpRow]:
    """Each item with its occurrence and status (two queries whatever the number of items)."""
    items = list(items)
    occs = {
        o.task_id: o
        for o in Occurrence.objects.filter(task_id__in=[i.task_id for i in items])
        .with_status(today)
        .select_related("unit")
    }
    labels = dict(Status.choices)
    rows = []
    for item in items:
        occ = occs.get(item.task_id)
        status = occ.status if occ else Status.CANCELLED
        rows.append(FollowUpRow(item, occ, status, labels[status]))
    return rows


def with_occurrence(qs):
    """Recommendations or commitments with their occurrence's fields (one query, for lists
    sliced by the database, as the API pages them)."""
    occ = Occurrence.objects.filter(task_id=OuterRef("task_id")).order_by("pk")
    fields = {
        "occ_id": "pk",
        "occ_unit_id": "unit_id",
        "occ_unit_name": "unit__name",
        "occ_due": "due_date",
        "occ_completed": "completed_on",
        "occ_cancelled": "is_cancelled",
        "occ_start": "period_start",
    }
    return qs.annotate(**{k: Subquery(occ.values(v)[:1]) for k, v in fields.items()})


def follow_up_status(item, today: date) -> str:
    """The status of an item annotated by `with_occurrence`."""
    if item.occ_id is None:
        return Status.CANCELLED
    return status_of(
        today=today,
        period_start=item.occ_start,
        due_date=item.occ_due,
        completed_on=item.occ_completed,
        cancelled=bool(item.occ_cancelled),
    )


class UnitRef(NamedTuple):
    """A unit as the pages list it: its id, name and depth in the tree (read as plain values,
    never as model instances)."""

    pk: int
    name: str
    depth: int = 0


def _scope_units(plan: InspectionPlan, today: date):
    """Units in the plan's scope (its group and its explicit list) in operation on the day the
    year is judged on: dissolved units are not counted."""
    q = Q(pk__in=plan.units.values("pk"))
    if plan.group_id:
        q |= Q(pk__in=group_resolved_members(plan.group).values("pk"))
    return OrgUnit.objects.filter(q).active_on(scope_day(plan.year, today))


def scope_ids(plan: InspectionPlan, today: date) -> set[int]:
    """The ids of the units in the plan's scope (see `_scope_units`)."""
    return set(_scope_units(plan, today).values_list("pk", flat=True))


def plan_coverage(plan: InspectionPlan, today: date, scope: set[int] | None = None) -> Coverage:
    scope = scope_ids(plan, today) if scope is None else scope
    rows = list(plan.inspections.values_list("unit_id", "inspected_on"))
    return coverage(
        scope_ids=scope,
        planned_ids={u for u, _ in rows},
        inspected_ids={u for u, on in rows if on is not None},
        target_percent=plan.target_percent,
    )


def inspection_plan_page(plan: InspectionPlan, today: date) -> dict:
    """Coverage, the inspections with their recommendations closed, the units not inspected
    and those not yet planned (three queries whatever the size of the plan).

    The inspections are dicts (pk, unit_id, unit_name, planned_on, team, inspected_on, recs,
    closed) and the units `UnitRef`s in tree order."""
    units = [
        UnitRef(*row)
        for row in _scope_units(plan, today).order_by("path").values_list("pk", "name", "depth")
    ]
    inspections = list(
        plan.inspections.annotate(
            unit_name=F("unit__name"),
            recs=Count("recommendations", distinct=True),
            closed=Count(
                "recommendations",
                filter=Q(recommendations__task__occurrences__completed_on__isnull=False),
                distinct=True,
            ),
        ).values(
            "pk", "unit_id", "unit_name", "planned_on", "team", "inspected_on", "recs", "closed"
        )
    )
    inspected = {i["unit_id"] for i in inspections if i["inspected_on"]}
    planned = {i["unit_id"] for i in inspections}
    return {
        "coverage": coverage(
            scope_ids={u.pk for u in units},
            planned_ids=planned,
            inspected_ids=inspected,
            target_percent=plan.target_percent,
        ),
        "inspections": inspections,
        "not_inspected": [u for u in units if u.pk not in inspected],
        "not_planned": [u for u in units if u.pk not in planned],
    }


def inspection_plan_list(plans, today: date) -> list[tuple[InspectionPlan, Coverage]]:
    return [(p, plan_coverage(p, today)) for p in plans]


def _group_units(group: UnitGroup, year: int, today: date, visible):
    """The units of the group in operation in the year (those the user sees when `visible`
    is given): their `UnitRef`s in tree order, and the query of their ids (for the counts to
    filter on in the database rather than on a list of hundreds of ids)."""
    day = scope_day(year, today)
    units = group_resolved_members(group).active_on(day)
    if visible is not None:
        units = units.filter(pk__in=visible.values("pk"))
    refs = [UnitRef(*row) for row in units.order_by("path").values_list("pk", "name")]
    return refs, units.values("pk")


@dataclass
class UnitCount:
    unit: UnitRef
    counts: object
    meets: bool
    quarters: tuple[int, ...] = ()


def initiative_coverage(group: UnitGroup, year: int, today: date, visible=None) -> dict:
    """ "≥ 1 initiative per unit": each unit of the group with its counts, and the share of units
    that registered at least one (units with none are listed as such)."""
    units, unit_ids = _group_units(group, year, today, visible)
    counts = _initiative_counts(year, unit_ids)
    rows = [
        UnitCount(u, counts.get(u.pk), u.pk in counts and counts[u.pk].registered >= 1)
        for u in units
    ]
    with_one = sum(1 for r in rows if r.meets)
    return {
        "rows": rows,
        "with_one": with_one,
        "total": len(rows),
        "share": share(with_one, len(rows)),
    }


def dialogue_progress(group: UnitGroup, year: int, today: date, visible=None) -> dict:
    """Dialogues held per unit of the group in the year and each quarter, against the target."""
    units, unit_ids = _group_units(group, year, today, visible)
    target = DialogueTarget.objects.filter(year=year, group=group).first()
    # The quarter by comparing dates (SQLite extracts date parts through a Python function
    # called once a row).
    quarter = Case(
        *(When(held_on__lt=date(year, 3 * n + 1, 1), then=Value(n)) for n in (1, 2, 3)),
        default=Value(4),
    )
    held = (
        Dialogue.objects.filter(held_on__year=year, unit_id__in=unit_ids)
        .values_list("unit_id", quarter)
        .annotate(n=Count("pk"))
        .order_by()
    )
    quarters: dict[int, list[int]] = {}
    for unit_id, quarter, n in held:
        quarters.setdefault(unit_id, [0, 0, 0, 0])[quarter - 1] = n
    # Quarters judged so far: those ended on `today` (all four once the year is over).
    ended = sum(1 for n in range(1, 5) if quarter_end(year, n) <= today)
    rows = []
    for u in units:
        q = tuple(quarters.get(u.pk, (0, 0, 0, 0)))
        meets = target is None or (
            (ended < 4 or sum(q) >= target.per_year)
            and all(n >= target.per_quarter for n in q[:ended])
        )
        rows.append(UnitCount(u, sum(q), meets, q))
    met = sum(1 for r in rows if r.meets)
    return {"rows": rows, "target": target, "met": met, "total": len(rows)}


LIST_PAGE = 100  # rows a page of the initiative and dialogue lists


def _linked_page(rows, params, page_name: str) -> Page:
    """One page of the plain-value `rows`, each with its page's address under "url"."""
    prefix = id_prefix(page_name)
    page = page_of(rows, params, per_page=LIST_PAGE)
    page.rows = [{**r, "url": f"{prefix}{r['pk']}/"} for r in page.rows]
    return page


def initiative_rows(initiatives, params) -> Page:
    """A page of `initiatives` as the list shows them (plain values, with their page's
    address): pk, title, unit_name, field, status, recognition_level, decision_number,
    decision_date, component_id, component_code, component_name, url."""
    rows = initiatives.values(
        "pk",
        "title",
        "field",
        "status",
        "recognition_level",
        "decision_number",
        "decision_date",
        "component_id",
        unit_name=F("unit__name"),
        component_code=F("component__code"),
        component_name=F("component__name"),
    )
    return _linked_page(rows, params, "accountability:initiative")


def dialogue_rows(dialogues, params) -> Page:
    """A page of `dialogues` as the list shows them (plain values, with their page's address):
    pk, held_on, unit_name, audience, topics, participants, url."""
    rows = dialogues.values(
        "pk", "held_on", "audience", "topics", "participants", unit_name=F("unit__name")
    )
    return _linked_page(rows, params, "accountability:dialogue")
