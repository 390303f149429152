"""Reads of task tracking: a unit's tasks, the reviewer's inbox, completion rates."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from chiso.core import figures, paging
from chiso.orgs import access
from chiso.orgs.models import OrgUnit
from chiso.plans.models import TaskAssignment
from chiso.plans.vocabulary import AssignmentRole
from chiso.tracking import rates
from chiso.tracking.models import (
    Contribution,
    Occurrence,
    ProgressReport,
    ReportState,
    StatusRollup,
    status_column,
    status_is_stored_for,
)
from chiso.tracking.periods import period_bounds, period_label
from chiso.tracking.reviewers import reviewable_q
from chiso.tracking.status import Flag, Status, flag_of, unit_flag

__all__ = ["flag_of", "unit_flag"]

DUE_SOON_DAYS = 14
CLOSED = [Status.DONE_ON_TIME, Status.DONE_LATE, Status.CANCELLED]


def _with_report(qs: QuerySet) -> QuerySet:
    report = ProgressReport.objects.filter(occurrence=OuterRef("pk")).order_by("-pk")
    contributions = (
        Contribution.objects.filter(occurrence=OuterRef("pk"))
        .order_by()
        .values("occurrence")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(
        report_state=Subquery(report.values("state")[:1]),
        report_id=Subquery(report.values("pk")[:1]),
        contribution_count=Coalesce(Subquery(contributions, output_field=IntegerField()), Value(0)),
    )


def occurrence_rows(qs: QuerySet, today: date) -> QuerySet:
    """Occurrences with everything a list shows, in one query."""
    return _with_report(
        qs.with_status(today).select_related("task", "task__plan", "unit")
    ).order_by("due_date", "pk")


def unit_tasks(
    units: list[OrgUnit], today: date, *, include_done: bool = False, plan=None, parts=False
):
    """(lead occurrences, coordinating occurrences) of the given units; with `parts`, a list
    that includes the closed periods comes as `paging.Parts` (open, then closed), the same
    rows in the same order, read page by page in index order."""
    lead = Occurrence.objects.filter(unit__in=units)
    coord_tasks = TaskAssignment.objects.filter(
        unit__in=units, role=AssignmentRole.COORDINATING
    ).values("task_id")
    coord = Occurrence.objects.filter(task_id__in=coord_tasks).exclude(unit__in=units)
    if plan is not None:
        lead, coord = lead.filter(task__plan=plan), coord.filter(task__plan=plan)
    lead, coord = occurrence_rows(lead, today), occurrence_rows(coord, today)
    if not include_done:
        lead, coord = lead.exclude(status__in=CLOSED), coord.exclude(status__in=CLOSED)
    # Overdue and due soon first (earliest due date first), undated after them, closed last:
    # the order of `group_by_due`'s headings, so a page of the list keeps it. A list of open
    # periods only is sorted by due date alone, which the (unit, due date) index gives.
    closed_last = (Case(When(status__in=CLOSED, then=Value(1)), default=Value(0)),)
    closed_last = closed_last if include_done else ()
    order = (*closed_last, F("due_date").asc(nulls_last=True), "pk")
    # The same order for the periods the unit coordinates, by an expression no index gives
    # (undated last, as above): otherwise PostgreSQL walks the due-date index of every
    # period in the province, testing each against the unit's few hundred tasks, where finding
    # those tasks' periods first and sorting them is 20 times faster.
    undated_last = Coalesce("due_date", Value(date.max))
    if include_done and parts:
        return (
            _open_then_closed(lead, F("due_date").asc(nulls_last=True)),
            _open_then_closed(coord, undated_last),
        )
    return lead.order_by(*order), coord.order_by(*closed_last, undated_last, "pk")


def _open_then_closed(qs: QuerySet, due) -> paging.Parts:
    return paging.Parts(
        [
            qs.exclude(status__in=CLOSED).order_by(due, "pk"),
            qs.filter(status__in=CLOSED).order_by(due, "pk"),
        ]
    )


def group_by_due(rows, today: date) -> list[tuple[str, list]]:
    """Headings for a task list: overdue, due soon, then by quarter of the due date (rows from
    `listrows.task_rows`, which carry their status and due date)."""
    groups: dict[str, list] = defaultdict(list)
    order: list[str] = []
    soon = today + timedelta(days=DUE_SOON_DAYS)
    for row in rows:
        if row.status == Status.OVERDUE:
            key = "Quá hạn"
        elif row.status in (Status.DONE_ON_TIME, Status.DONE_LATE, Status.CANCELLED):
            key = "Đã hoàn thành hoặc dừng"
        elif row.due_date and row.due_date <= soon:
            key = f"Sắp đến hạn (trong {DUE_SOON_DAYS} ngày)"
        elif row.due_date:
            key = "Hạn trong " + period_label(period_bounds(row.due_date, "quarter")[0], "quarter")
        else:
            key = "Chưa có hạn (chờ điều kiện thực hiện)"
        if key not in groups:
            order.append(key)
        groups[key].append(row)
    first = ["Quá hạn", f"Sắp đến hạn (trong {DUE_SOON_DAYS} ngày)"]
    last = ["Chưa có hạn (chờ điều kiện thực hiện)", "Đã hoàn thành hoặc dừng"]
    middle = [k for k in order if k not in first + last]
    return [(k, groups[k]) for k in first + middle + last if k in groups]


# --- reviewer's inbox -------------------------------------------------------------------------


def inbox_reports(user, today: date, filters: dict | None = None) -> QuerySet:
    """Reports the user may review, newest submission first, filtered as the inbox asks."""
    f = filters or {}
    qs = ProgressReport.objects.exclude(state=ReportState.DRAFT)
    q = reviewable_q(user, "occurrence")
    if q is not None:
        qs = qs.filter(q)
    qs = qs.filter(state=f.get("state") or ReportState.SUBMITTED)
    if f.get("index_code"):
        qs = qs.filter(occurrence__task__index_code=f["index_code"])
    if f.get("component"):
        qs = qs.filter(occurrence__task__component_text__icontains=f["component"])
    if f.get("unit"):
        qs = qs.filter(unit_id=f["unit"])
    if f.get("plan"):
        qs = qs.filter(occurrence__task__plan_id=f["plan"])
    if f.get("period"):
        qs = qs.filter(occurrence__period_label=f["period"])
    if f.get("due_before"):
        qs = qs.filter(occurrence__due_date__lte=f["due_before"])
    if f.get("due_after"):
        qs = qs.filter(occurrence__due_date__gte=f["due_after"])
    # The rows the inbox shows (evidence counts, texts) are read by `listrows.inbox_rows`.
    return qs.annotate(occ_status=status_column(today, "occurrence")).order_by(
        "-submitted_at", "-pk"
    )


def inbox_units(user) -> QuerySet:
    """The units whose reports the user may review, for the inbox's unit filter.

    Read from the reviewer's scope (the units she oversees, and the lead units named by the
    tasks she reviews), never from the reports themselves, so it does not grow with the history.
    """
    own = access.member_unit_ids(user)
    visible = access.visible_units(user).exclude(pk__in=own)
    managed = (
        Q(pk__in=access.managed_units(user).values("pk")) if access.is_coordinator(user) else None
    )
    if managed is not None and not visible.exclude(managed).exists():
        # She oversees every unit she sees (a province's coordinator): the tasks she reviews
        # cannot add one, so they are not read (all assignments of all plans).
        return visible.only("pk", "name", "path").order_by("path")
    leads = TaskAssignment.objects.filter(role=AssignmentRole.LEAD, unit__isnull=False)
    q = reviewable_q(user)
    if q is not None:
        leads = leads.filter(q)
    scope = Q(pk__in=leads.values("unit_id"))
    if managed is not None:
        scope |= managed
    return visible.filter(scope).only("pk", "name", "path").order_by("path")


# --- completion rates ---------------------------------------------------------------------------
# The rules live in `chiso.tracking.rates`; these selectors only choose the occurrences.


def completion_counts(occurrences: QuerySet, today: date, group_by: str) -> dict[int, dict]:
    """Counts of occurrences by status (and timeliness of reporting), grouped, in one query."""
    return rates.count_by(occurrences, today, group_by)


def rates_row(counts: dict) -> dict:
    """Counts, every rate and the traffic-light flag of one row."""
    return {**rates.rates_of(counts), "flag": unit_flag(counts)}


def _year_of(period: tuple[date, date] | None) -> int | None:
    """The calendar year a period spans exactly, if it does (roll-ups are kept per year)."""
    if period is None:
        return None
    start, end = period
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return start.year
    return None


def rollups_for(today: date) -> QuerySet | None:
    """The roll-ups of status counts when they hold the statuses of `today`, else None (the
    counts are then computed from the occurrences by the same rule)."""
    return StatusRollup.objects.all() if status_is_stored_for(today) else None


def unit_completion_rates(
    units_qs: QuerySet, today: date, *, plan=None, period: tuple[date, date] | None = None
) -> list[dict]:
    """Per unit: counts by status, on-time / late / overdue rates and reporting timeliness.

    The rates are those of `rates.rates_of`. Two queries whatever the size: over the roll-ups
    when they hold today's statuses and the period is none or a calendar year.
    """
    units = list(units_qs)
    found = rates_by_unit([u.pk for u in units], today, plan=plan, period=period)
    return [{"unit": u, **found[u.pk]} for u in units]


def rates_by_unit(
    unit_ids: list[int], today: date, *, plan=None, period: tuple[date, date] | None = None
) -> dict[int, dict]:
    """`unit_completion_rates` by unit id, for callers that hold ids rather than units."""
    counts = counts_by_unit(unit_ids, today, plan=plan, period=period)
    return {pk: rates_row(counts.get(pk, rates.empty_counts())) for pk in unit_ids}


def counts_by_unit(
    unit_ids: list[int], today: date, *, plan=None, period: tuple[date, date] | None = None
) -> dict[int, dict]:
    """The counts by status behind `rates_by_unit`, of the units that have periods (read only:
    they are kept and shared by every reader until the data change)."""

    def count() -> dict:
        rollups = rollups_for(today)
        year = _year_of(period)
        if rollups is not None and year is not None and plan is None:
            return _unit_year_sums(unit_ids, year)
        if rollups is not None and (period is None or year is not None):
            rollups = rollups.filter(unit_id__in=unit_ids)
            if plan is not None:
                rollups = rollups.filter(plan=plan)
            if year is not None:
                rollups = rollups.filter(year=year)
            return rates.sum_by(rollups, "unit_id")
        occ = Occurrence.objects.filter(unit__in=unit_ids)
        if plan is not None:
            occ = occ.filter(task__plan=plan)
        if period is not None:
            occ = occ.filter(due_date__range=period)
        return completion_counts(occ, today, "unit_id")

    # Summing a province's roll-ups is most of the page's time: kept per data version.
    key = (unit_ids, plan.pk if plan is not None else None, period, today)
    return figures.cached("unit-completion-counts", key, count, shared=True)


def _unit_year_sums(unit_ids: list[int], year: int) -> dict:
    """`rates.sum_by` of the units' roll-ups of one year, per unit, in SQL written here: for a
    group of 300 units the ORM took longer to write the query (300 ids, nine sums) than the
    database to answer it."""
    if not unit_ids:
        return {}
    table = connection.ops.quote_name(StatusRollup._meta.db_table)
    columns = [StatusRollup._meta.get_field(key).column for key in rates.COUNT_KEYS]
    sums = ", ".join(f"SUM({connection.ops.quote_name(column)})" for column in columns)
    marks = ", ".join(["%s"] * len(unit_ids))
    sql = (
        f"SELECT unit_id, {sums} FROM {table} "
        f"WHERE year = %s AND unit_id IN ({marks}) GROUP BY unit_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [year, *unit_ids])
        return {
            row[0]: dict(zip(rates.COUNT_KEYS, row[1:], strict=True)) for row in cursor.fetchall()
        }


def _plan_counts(plans: list, today: date, group_by: str) -> dict:
    rollups = rollups_for(today)
    if rollups is not None:
        return rates.sum_by(
            rollups.filter(plan__in=plans), group_by.replace("task__plan_id", "plan_id")
        )
    occ = Occurrence.objects.filter(task__plan__in=plans)
    return completion_counts(occ, today, group_by)


def plan_completion(plan, today: date) -> dict:
    counts = _plan_counts([plan.pk], today, "task__plan_id")
    return rates_row(counts.get(plan.pk, rates.empty_counts()))


def task_status_counts(plan, today: date) -> dict[int, dict]:
    """Per task of the plan: counts by status and the task's flag (worst of its occurrences)."""
    counts = _plan_counts([plan.pk], today, "task_id")
    return {tid: {**c, "flag": unit_flag(c)} for tid, c in counts.items()}


def rate_units(user) -> QuerySet:
    """Units with occurrences that the user may see, for the completion-rate table."""
    # One index probe per unit, not the list of every occurrence's unit (a scan of them all).
    with_work = Exists(Occurrence.objects.filter(unit_id=OuterRef("pk")))
    return access.visible_units(user).filter(with_work).order_by("path")


__all__ += ["Flag"]


def plan_list_rates(plans: list, today: date) -> None:
    """The completion rates of each plan on the plans list (a hook of the plans pages)."""
    ids = [p.pk for p in plans]
    counts = figures.cached(
        "plan-list-rates", (ids, today), lambda: _plan_counts(ids, today, "task__plan_id")
    )
    for plan in plans:
        plan.rates = rates_row(counts[plan.pk]) if plan.pk in counts else None


def plan_page_figures(plan, tasks: list, today: date) -> dict:
    """Status counts per task (with the flag's label, which the plans app cannot look up) and
    the plan's rates for the plan page (a hook of plans), kept until the data changes."""
    counts, rates = figures.cached(
        "plan-page-figures",
        (plan.pk, today),
        lambda: (task_status_counts(plan, today), plan_completion(plan, today)),
    )
    labels = dict(Flag.choices)
    for task in tasks:
        found = counts.get(task.pk)
        task.counts = {**found, "flag_label": labels.get(found["flag"], "")} if found else None
    return {"rates": rates}
