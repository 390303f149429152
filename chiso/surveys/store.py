"""Storing one answer sheet in a single statement, with the abuse checks inside it.

The public submit path is the one place that must take hundreds of answers a second. Through
the ORM an answer cost three statements (the per-address count, the duplicate check, the insert
of a 140-column row compiled anew each time); here it is one `INSERT … SELECT … WHERE`, so the
checks and the write are one statement, one round trip, and atomic without a transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection

from chiso.surveys.models import Response


@dataclass(frozen=True)
class Guard:
    """Refuse the row when its address already sent `limit` answers since `rate_since`, or
    when the same answers from the same address reached the round since `duplicate_since`."""

    address: str
    fingerprint: str
    limit: int
    rate_since: datetime
    duplicate_since: datetime


def _conditions(response: Response, guard: Guard) -> tuple[list[str], list]:
    table = connection.ops.quote_name(Response._meta.db_table)
    moment = Response._meta.get_field("submitted_at")
    sql, params = [], []
    sql.append(
        f"NOT EXISTS (SELECT 1 FROM {table} WHERE round_id = %s AND fingerprint = %s "
        "AND submitted_at >= %s)"
    )
    params += [
        response.round_id,
        guard.fingerprint,
        moment.get_db_prep_value(guard.duplicate_since, connection),
    ]
    if guard.limit:
        sql.append(f"(SELECT COUNT(*) FROM {table} WHERE ip_hash = %s AND submitted_at >= %s) < %s")
        params += [
            guard.address,
            moment.get_db_prep_value(guard.rate_since, connection),
            guard.limit,
        ]
    return sql, params


def insert(response: Response, guard: Guard | None = None) -> bool:
    """Insert `response` (an unsaved instance); False when the guard refused it.

    Columns left empty are left out, so their values come from the table as for the ORM.
    On success the instance becomes the stored row (its id set), as `save()` would leave it.
    """
    meta = Response._meta
    columns, values = [], []
    for field in meta.concrete_fields:
        if field.primary_key:
            continue
        value = field.pre_save(response, True)
        if value is None:  # most of the 120 value columns: nothing to prepare
            continue
        columns.append(connection.ops.quote_name(field.column))
        values.append(field.get_db_prep_save(value, connection))
    table = connection.ops.quote_name(meta.db_table)
    placeholders = ", ".join(["%s"] * len(values))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) "
    params = list(values)
    if guard is None:
        sql += f"VALUES ({placeholders})"
    else:
        conditions, extra = _conditions(response, guard)
        sql += f"SELECT {placeholders} WHERE " + " AND ".join(conditions)
        params += extra
    returning = connection.features.can_return_columns_from_insert
    if returning:
        sql += f" RETURNING {connection.ops.quote_name(meta.pk.column)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if returning:
            row = cursor.fetchone()
            new_id = row[0] if row else None
        else:
            new_id = cursor.lastrowid if cursor.rowcount == 1 else None
    if new_id is None:
        return False
    response.pk = new_id
    response._state.adding = False
    response._state.db = connection.alias
    return True
