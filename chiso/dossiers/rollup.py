"""Set-based SQL over the raw records: the monthly roll-up of dossiers, feedback counters.

A record adds to up to four months: its reception month (received, online, ...), its return
month (resolved, early, ...), the month it became overdue-pending and the month it stopped being
so (see kpi.derive). Each is one branch of a UNION ALL, summed per key and month.
"""

from __future__ import annotations

from collections import Counter
from operator import itemgetter

from chiso.core import figures

DOSSIER_FLOWS = (
    (
        "recv_month",
        {
            "received": "1",
            "online": "CASE WHEN channel = 'online' THEN 1 ELSE 0 END",
            "digitised": "CASE WHEN digitised THEN 1 ELSE 0 END",
            "payable": "CASE WHEN paid_online IS NOT NULL THEN 1 ELSE 0 END",
            "paid_online": "CASE WHEN paid_online THEN 1 ELSE 0 END",
        },
    ),
    (
        "ret_month",
        {
            "resolved": "1",
            "early": "CASE WHEN outcome = 1 THEN 1 ELSE 0 END",
            "on_time": "CASE WHEN outcome = 2 THEN 1 ELSE 0 END",
            "late": "CASE WHEN outcome = 3 THEN 1 ELSE 0 END",
            "late_apology": "CASE WHEN outcome = 3 AND apology THEN 1 ELSE 0 END",
        },
    ),
    ("od_open_month", {"od_open": "1"}),
    ("od_close_month", {"od_close": "1"}),
)
DOSSIER_COUNTERS = tuple(name for _, flows in DOSSIER_FLOWS for name in flows)
TABLES = (  # the roll-ups kept here
    "dossiers_dossiermonthly",
    "dossiers_dossierunitmonthly",
    "dossiers_dossierproceduremonthly",
)

FEEDBACK_FLOWS = (
    (
        "recv_month",
        {
            "received": "1",
            "unsatisfied": "CASE WHEN satisfied = FALSE THEN 1 ELSE 0 END",
            "received_handled_late": "CASE WHEN outcome = 3 THEN 1 ELSE 0 END",
            "unsatisfied_or_late": "CASE WHEN satisfied = FALSE OR outcome = 3 THEN 1 ELSE 0 END",
        },
    ),
    (
        "ret_month",
        {
            "handled": "1",
            "handled_on_time": "CASE WHEN outcome IN (1, 2) THEN 1 ELSE 0 END",
            "handled_late": "CASE WHEN outcome = 3 THEN 1 ELSE 0 END",
            "published": "CASE WHEN published THEN 1 ELSE 0 END",
        },
    ),
    ("od_open_month", {"od_open": "1"}),
    ("od_close_month", {"od_close": "1"}),
)
FEEDBACK_COUNTERS = tuple(name for _, flows in FEEDBACK_FLOWS for name in flows)


def flows_sql(table: str, keys: str, flows, where: str) -> tuple[str, tuple[str, ...]]:
    """SELECT keys, month, SUM(counter)... over the table's rows matching `where`."""
    counters = tuple(name for _, group in flows for name in group)
    branches = []
    for month_col, group in flows:
        values = ", ".join(f"{group.get(c, '0')} AS {c}" for c in counters)
        branches.append(
            f"SELECT {keys}, {month_col} AS month, {values} FROM {table} "
            f"WHERE {where} AND {month_col} IS NOT NULL"
        )
    sums = ", ".join(f"SUM({c}) AS {c}" for c in counters)
    union = " UNION ALL ".join(branches)
    return f"SELECT {keys}, month, {sums} FROM ({union}) f GROUP BY {keys}, month", counters


# Positions in a staged dossier row (see ingest.DOSSIER): code, procedure, unit, received, due,
# returned, channel, digitised, paid_online, apology, recv_month, ret_month, od_open_month,
# od_close_month, outcome.
_RECEIVED = itemgetter(2, 1, 10, 6, 7, 8)  # unit, procedure, month, channel, digitised, paid
_RETURNED = itemgetter(2, 1, 11, 14, 9)  # unit, procedure, month, outcome, apology
_OD_OPEN = itemgetter(2, 1, 12)
_OD_CLOSE = itemgetter(2, 1, 13)


class Added:
    """The +1s the staged rows will bring to the unit × procedure roll-up, counted while the
    file is read. Each batch is tallied by C-level counters keyed on the few columns each flow
    reads (a million rows make a few thousand distinct keys), then spread into the roll-up's
    counters once at the end: far cheaper than grouping a million staged rows again in SQL."""

    def __init__(self):
        self.received: Counter = Counter()
        self.returned: Counter = Counter()
        self.od_open: Counter = Counter()
        self.od_close: Counter = Counter()

    def add_batch(self, batch: list[tuple]) -> None:
        self.received.update(map(_RECEIVED, batch))
        self.returned.update(map(_RETURNED, batch))
        self.od_open.update(map(_OD_OPEN, batch))
        self.od_close.update(map(_OD_CLOSE, batch))

    def rows(self, procedure_ids: dict[int, int]) -> list[tuple]:
        """(unit, procedure, month, counters…), provisional procedure ids made real."""
        cells: dict[tuple, list[int]] = {}

        def cell(unit, procedure, month) -> list[int]:
            key = (unit, procedure_ids.get(procedure, procedure), month)
            if key not in cells:
                cells[key] = [0] * len(DOSSIER_COUNTERS)
            return cells[key]

        for (unit, proc, month, channel, digitised, paid), n in self.received.items():
            row = cell(unit, proc, month)
            row[0] += n
            row[1] += n if channel == "online" else 0
            row[2] += n if digitised else 0
            row[3] += n if paid is not None else 0
            row[4] += n if paid else 0
        for (unit, proc, month, outcome, apology), n in self.returned.items():
            if month is None:
                continue
            row = cell(unit, proc, month)
            row[5] += n
            row[5 + outcome] += n  # outcome 1, 2, 3: early, on_time, late
            row[9] += n if outcome == 3 and apology else 0
        for counter, pos in ((self.od_open, 10), (self.od_close, 11)):
            for (unit, proc, month), n in counter.items():
                if month is not None:
                    cell(unit, proc, month)[pos] += n
        return [(*key, *counts) for key, counts in cells.items()]


def _replaced_select(table: str, stage: str, source_id: int) -> tuple[str, tuple[str, ...]]:
    """The stored rows the staged ones replace or repeat, counted −1 per key and month (the
    staged ones were all counted +1 by `Added`, unchanged ones included: they cancel out)."""
    keys = "unit_id, procedure_id"
    replaced = (
        f"(SELECT d.* FROM {table} d JOIN {stage} s "
        f"ON d.source_id = {int(source_id)} AND d.code = s.code WHERE s.state >= 1) o"
    )
    old, counters = flows_sql(replaced, keys, DOSSIER_FLOWS, "1 = 1")
    negated = ", ".join(f"-{c}" for c in counters)
    return f"SELECT {keys}, month, {negated} FROM ({old}) r", counters


def _add(cursor, target: str, keys: str, counters, select: str) -> None:
    """Add the counters of `select` to the target roll-up (new keys are inserted)."""
    adds = ", ".join(f"{c} = {target}.{c} + excluded.{c}" for c in counters)
    cursor.execute(
        f"INSERT INTO {target} ({keys}, month, {', '.join(counters)}) {select} "
        f"ON CONFLICT ({keys}, month) DO UPDATE SET {adds}"
    )


def apply_delta(
    cursor, table: str, stage: str, source_id: int, added: list[tuple], replaces: bool
) -> None:
    """Bring the roll-ups up to date with the pending upsert of the staged rows by adding what
    it changes: `added` (from `Added.rows`) minus, when the source already has records
    (`replaces`), the stored rows the staged ones match. Called before the upsert, while the
    replaced rows are still stored. The cost grows with the file, not with the records already
    stored (see README, 10 million rows)."""
    counters = DOSSIER_COUNTERS
    cols = ", ".join(counters)
    cursor.execute("DROP TABLE IF EXISTS dossiers_delta")
    cursor.execute(
        "CREATE TEMP TABLE dossiers_delta (unit_id bigint, procedure_id bigint, month integer, "
        + ", ".join(f"{c} integer" for c in counters)
        + ")"
    )
    if added:
        marks = ", ".join(["%s"] * (3 + len(counters)))
        cursor.executemany(
            f"INSERT INTO dossiers_delta (unit_id, procedure_id, month, {cols}) VALUES ({marks})",
            added,
        )
    if replaces:
        select, _ = _replaced_select(table, stage, source_id)
        cursor.execute(
            f"INSERT INTO dossiers_delta (unit_id, procedure_id, month, {cols}) {select}"
        )
    sums = ", ".join(f"SUM({c})" for c in counters)
    # (WHERE: in SQLite, ON CONFLICT after a bare FROM would be read as a join constraint)
    _add(
        cursor,
        "dossiers_dossiermonthly",
        "unit_id, procedure_id",
        counters,
        f"SELECT unit_id, procedure_id, month, {sums} FROM dossiers_delta WHERE 1 = 1 "
        "GROUP BY unit_id, procedure_id, month",
    )
    _add(
        cursor,
        "dossiers_dossierunitmonthly",
        "unit_id",
        counters,
        f"SELECT unit_id, month, {sums} FROM dossiers_delta WHERE 1 = 1 GROUP BY unit_id, month",
    )
    _add(
        cursor,
        "dossiers_dossierproceduremonthly",
        "procedure_id",
        counters,
        f"SELECT procedure_id, month, {sums} FROM dossiers_delta WHERE 1 = 1 "
        "GROUP BY procedure_id, month",
    )
    # A key whose records all moved away (another unit, procedure or month) has no row in a
    # rebuilt roll-up either: zero rows among the changed keys go.
    zero = " AND ".join(f"{c} = 0" for c in counters)
    for target, keys in (
        ("dossiers_dossiermonthly", ("unit_id", "procedure_id", "month")),
        ("dossiers_dossierunitmonthly", ("unit_id", "month")),
        ("dossiers_dossierproceduremonthly", ("procedure_id", "month")),
    ):
        match = " AND ".join(f"x.{k} = {target}.{k}" for k in keys)
        cursor.execute(
            f"DELETE FROM {target} WHERE {zero} "
            f"AND EXISTS (SELECT 1 FROM dossiers_delta x WHERE {match})"
        )
    cursor.execute("DROP TABLE dossiers_delta")


def recompute_touched(cursor) -> None:
    """Replace the roll-up rows of the touched units by a fresh GROUP BY of their records, then
    the per-unit table by a GROUP BY of those, and the per-procedure table from all of them."""
    figures.bump(labels=["dossiers"])
    touched = "unit_id IN (SELECT unit_id FROM dossiers_touched)"
    keys = "unit_id, procedure_id"
    select, counters = flows_sql("dossiers_dossier", keys, DOSSIER_FLOWS, touched)
    cursor.execute(f"DELETE FROM dossiers_dossiermonthly WHERE {touched}")
    cursor.execute(
        "INSERT INTO dossiers_dossiermonthly (unit_id, procedure_id, month, "
        f"{', '.join(counters)}) {select}"
    )
    sums = ", ".join(f"SUM({c})" for c in counters)
    cursor.execute(f"DELETE FROM dossiers_dossierunitmonthly WHERE {touched}")
    cursor.execute(
        f"INSERT INTO dossiers_dossierunitmonthly (unit_id, month, {', '.join(counters)}) "
        f"SELECT unit_id, month, {sums} FROM dossiers_dossiermonthly WHERE {touched} "
        "GROUP BY unit_id, month"
    )
    # every unit adds to a procedure's row: summed again whole (a few rows per procedure)
    cursor.execute("DELETE FROM dossiers_dossierproceduremonthly")
    cursor.execute(
        "INSERT INTO dossiers_dossierproceduremonthly "
        f"(procedure_id, month, {', '.join(counters)}) "
        f"SELECT procedure_id, month, {sums} FROM dossiers_dossiermonthly "
        "GROUP BY procedure_id, month"
    )
    cursor.execute("DROP TABLE dossiers_touched")


def recompute_all(cursor) -> None:
    """Rebuild the whole roll-up (after a data repair; imports only touch what they change)."""
    cursor.execute("DROP TABLE IF EXISTS dossiers_touched")
    cursor.execute("CREATE TEMP TABLE dossiers_touched AS SELECT id AS unit_id FROM orgs_orgunit")
    recompute_touched(cursor)
