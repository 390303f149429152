"""The service page's dossier figures summed by the database: per unit over the period, and per
month over every unit in scope.

`selectors.assemble` builds the same rows in Python from the per-unit, per-month roll-up rows;
for a province of 200 units that loop cost more than the queries after every import. Here each
view is one GROUP BY over the per-unit roll-up, returning a row per unit or per month. The
pending-overdue stock at the end of a month is the sum of entries minus exits of every month up
to it (see kpi.derive), so it adds up over units and months like the flows do.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

from chiso.core import figures
from chiso.dossiers import kpi
from chiso.orgs.models import OrgUnit

TABLE = "dossiers_dossierunitmonthly"
PROCEDURE_TABLE = "dossiers_dossierproceduremonthly"  # the same sums per procedure, all units
# the counters of the KPI rows that are monthly flows (the stock is built from od_open/od_close)
FLOWS = tuple(n for n in kpi.DOSSIER_COUNTS if n != "pending_overdue")


def scope_where(
    units: QuerySet | None, subtree: OrgUnit | None, *, whole: bool = False
) -> tuple[str, list]:
    """SQL condition on `unit_id` for the units a user may see (None: all) in a subtree; with
    `whole`, the subtree is known to hold every unit the table has rows of (no condition)."""
    where, params = "1 = 1", []
    if units is not None:
        sql, unit_params = units.values("pk").query.sql_with_params()
        where, params = f"unit_id IN ({sql})", list(unit_params)
    if subtree is not None and not whole:
        where += " AND unit_id IN (SELECT id FROM orgs_orgunit WHERE path LIKE %s)"
        params.append(subtree.path + "%")
    return where, params


def dossier_scope(units: QuerySet | None, subtree: OrgUnit | None) -> tuple[str, list, bool]:
    """`scope_where` for the dossier roll-ups, and whether it covers all of them (every unit
    with dossiers is in the subtree and the user sees them all)."""
    whole = subtree is None or _holds_every_dossier_unit(subtree)
    where, params = scope_where(units, subtree, whole=whole)
    return where, params, whole and units is None


def _holds_every_dossier_unit(subtree: OrgUnit) -> bool:
    """Whether every unit with dossier figures is in the subtree: the province's page, whatever
    other trees the org chart holds (a province dissolved in a reorganisation, with no dossier
    of its own). Its sums are then those of the whole roll-ups, read without joining their rows
    to the units (a third of the page's time after an import)."""
    if subtree.parent_id is not None:
        return False  # below the root the units are joined (the check is for a province)

    def check() -> bool:
        # the units outside (few: other trees) probed in the roll-up's (unit, month) index
        sql = (
            "SELECT 1 FROM orgs_orgunit o WHERE o.path NOT LIKE %s "
            f"AND EXISTS (SELECT 1 FROM {TABLE} d WHERE d.unit_id = o.id) LIMIT 1"
        )
        return not _rows(sql, [subtree.path + "%"])

    return figures.cached(
        "dossier-units-in-tree", (subtree.pk, subtree.path), check, reads=("orgs", "dossiers")
    )


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def by_unit(period, units: QuerySet | None, subtree: OrgUnit | None) -> dict[int, dict]:
    """Per unit: the flows of the period's months and the stock at the end of its last month.
    A unit is listed when it has a month in the period or a stock carried into it (as
    `assemble(..., by=("unit",))` lists them)."""
    where, params, _ = dossier_scope(units, subtree)
    first = int(period.first)
    flows = ", ".join(f"SUM(CASE WHEN month >= {first} THEN {n} ELSE 0 END)" for n in FLOWS)
    sql = (
        f"SELECT unit_id, {flows}, SUM(od_open - od_close), "
        f"SUM(CASE WHEN month >= {first} THEN 1 ELSE 0 END) "
        f"FROM {TABLE} WHERE month <= %s AND {where} GROUP BY unit_id"
    )
    out = {}
    for unit_id, *values, stock, months in _rows(sql, [int(period.last), *params]):
        if months or stock:
            row = dict(zip(FLOWS, map(int, values), strict=True))
            row["pending_overdue"] = int(stock)
            out[unit_id] = row
    return out


def by_month(period, units: QuerySet | None, subtree: OrgUnit | None) -> list[dict]:
    """One row per month of the period, summed over the units in scope (zeros for a month
    without records), the stock carried from the months before the period included. Over
    every unit, summed from the procedure roll-up (a few rows a month, not one a unit)."""
    where, params, whole = dossier_scope(units, subtree)
    table = PROCEDURE_TABLE if whole else TABLE
    sums = ", ".join(f"SUM({n})" for n in FLOWS)
    sql = (
        f"SELECT month, {sums}, SUM(od_open - od_close) "
        f"FROM {table} WHERE month <= %s AND {where} GROUP BY month"
    )
    stock, found = 0, {}
    for month, *values, delta in _rows(sql, [int(period.last), *params]):
        if month < period.first:
            stock += int(delta)
        else:
            found[month] = (values, int(delta))
    out = []
    for month in period.months:
        values, delta = found.get(month, ((0,) * len(FLOWS), 0))
        stock += delta
        row = dict(zip(FLOWS, map(int, values), strict=True))
        row["pending_overdue"] = stock
        out.append(row)
    return out


def late_procedures(period, units: QuerySet | None, subtree: OrgUnit | None) -> list[dict]:
    """Per procedure with late dossiers in the period: its return counters, named. Summed by
    procedure id alone, then joined to the procedures: grouping by the names too made the
    database carry them through every row. Over the whole tree, from the procedure roll-up
    (a few rows a procedure) rather than the unit × procedure one."""
    where, params, whole = dossier_scope(units, subtree)
    # every unit's dossiers: the roll-up per procedure holds the sums
    table = PROCEDURE_TABLE if whole else "dossiers_dossiermonthly"
    counters = ("resolved", "early", "on_time", "late", "late_apology")
    sums = ", ".join(f"SUM({n}) AS {n}" for n in counters)
    sql = (
        f"SELECT p.id, p.code, p.name, p.field, {', '.join('s.' + n for n in counters)} "
        f"FROM (SELECT procedure_id, {sums} FROM {table} "
        f"WHERE month >= %s AND month <= %s AND {where} "
        "GROUP BY procedure_id HAVING SUM(late) > 0) s "
        "JOIN dossiers_procedure p ON p.id = s.procedure_id"
    )
    names = ("procedure_id", "procedure__code", "procedure__name", "procedure__field", *counters)
    rows = _rows(sql, [int(period.first), int(period.last), *params])
    return [dict(zip(names, row, strict=True)) for row in rows]
