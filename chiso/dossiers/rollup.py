"""Set-based SQL over the raw records: the monthly roll-up of dossiers, feedback counters.

A record adds to up to four months: its reception month (received, online, ...), its return
month (resolved, early, ...), the month it became overdue-pending and the month it stopped being
so (see kpi.derive). Each is one branch of a UNION ALL, summed per key and month.
"""

from __future__ import annotations

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


def _delta_select(table: str, stage: str, source_id: int) -> tuple[str, tuple[str, ...]]:
    """What an upsert changes in the unit × procedure roll-up: the staged rows about to be
    written count +1, the stored rows they replace count −1 (both summed per key and month)."""
    keys = "unit_id, procedure_id"
    new, counters = flows_sql(stage, keys, DOSSIER_FLOWS, "state < 2")
    replaced = (
        f"(SELECT d.* FROM {table} d JOIN {stage} s "
        f"ON d.source_id = {int(source_id)} AND d.code = s.code WHERE s.state = 1) o"
    )
    old, _ = flows_sql(replaced, keys, DOSSIER_FLOWS, "1 = 1")
    cols = ", ".join(counters)
    negated = ", ".join(f"-{c} AS {c}" for c in counters)
    sums = ", ".join(f"SUM({c}) AS {c}" for c in counters)
    both = (
        f"SELECT {keys}, month, {cols} FROM ({new}) n "
        f"UNION ALL SELECT {keys}, month, {negated} FROM ({old}) r"
    )
    return f"SELECT {keys}, month, {sums} FROM ({both}) b GROUP BY {keys}, month", counters


def _add(cursor, target: str, keys: str, counters, select: str) -> None:
    """Add the counters of `select` to the target roll-up (new keys are inserted)."""
    adds = ", ".join(f"{c} = {target}.{c} + excluded.{c}" for c in counters)
    cursor.execute(
        f"INSERT INTO {target} ({keys}, month, {', '.join(counters)}) {select} "
        f"ON CONFLICT ({keys}, month) DO UPDATE SET {adds}"
    )


def apply_delta(cursor, table: str, stage: str, source_id: int) -> None:
    """Bring the roll-ups up to date with the pending upsert of the staged rows by adding what
    it changes; called before the upsert, while the replaced rows are still stored. The cost
    grows with the file, not with the records already stored (see README, 10 million rows)."""
    select, counters = _delta_select(table, stage, source_id)
    cursor.execute("DROP TABLE IF EXISTS dossiers_delta")
    cursor.execute(f"CREATE TEMP TABLE dossiers_delta AS {select}")
    cols = ", ".join(counters)
    sums = ", ".join(f"SUM({c})" for c in counters)
    # (WHERE: in SQLite, ON CONFLICT after a bare FROM would be read as a join constraint)
    _add(
        cursor,
        "dossiers_dossiermonthly",
        "unit_id, procedure_id",
        counters,
        f"SELECT unit_id, procedure_id, month, {cols} FROM dossiers_delta WHERE 1 = 1",
    )
    _add(
        cursor,
        "dossiers_dossierunitmonthly",
        "unit_id",
        counters,
        f"SELECT unit_id, month, {sums} FROM dossiers_delta WHERE 1 = 1 GROUP BY unit_id, month",
    )
    # A key whose records all moved away (another unit, procedure or month) has no row in a
    # rebuilt roll-up either: zero rows among the changed keys go.
    zero = " AND ".join(f"{c} = 0" for c in counters)
    for target, keys in (
        ("dossiers_dossiermonthly", ("unit_id", "procedure_id", "month")),
        ("dossiers_dossierunitmonthly", ("unit_id", "month")),
    ):
        match = " AND ".join(f"x.{k} = {target}.{k}" for k in keys)
        cursor.execute(
            f"DELETE FROM {target} WHERE {zero} "
            f"AND EXISTS (SELECT 1 FROM dossiers_delta x WHERE {match})"
        )
    cursor.execute("DROP TABLE dossiers_delta")


def recompute_touched(cursor) -> None:
    """Replace the roll-up rows of the touched units by a fresh GROUP BY of their records, then
    the per-unit table by a GROUP BY of those."""
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
    cursor.execute("DROP TABLE dossiers_touched")


def recompute_all(cursor) -> None:
    """Rebuild the whole roll-up (after a data repair; imports only touch what they change)."""
    cursor.execute("DROP TABLE IF EXISTS dossiers_touched")
    cursor.execute("CREATE TEMP TABLE dossiers_touched AS SELECT id AS unit_id FROM orgs_orgunit")
    recompute_touched(cursor)
