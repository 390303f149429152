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
    sums = ", ".join(f"SUM({c})" for c in counters)
    union = " UNION ALL ".join(branches)
    return f"SELECT {keys}, month, {sums} FROM ({union}) f GROUP BY {keys}, month", counters


def touched_units_collect(cursor, table: str, stage: str, source_id: int) -> None:
    """Units whose roll-up the pending upsert changes: the new rows' and the replaced rows'."""
    cursor.execute("DROP TABLE IF EXISTS dossiers_touched")
    cursor.execute(
        f"CREATE TEMP TABLE dossiers_touched AS SELECT unit_id FROM {stage} WHERE state < 2 "
        f"UNION SELECT d.unit_id FROM {table} d JOIN {stage} s "
        f"ON d.source_id = %s AND d.code = s.code WHERE s.state = 1",
        [source_id],
    )


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
