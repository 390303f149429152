"""The rows of a `values()` query read by the cursor, as dicts.

For queries of whole numbers over many rows (roll-up sums per unit and month), building the
dicts here costs less than the ORM's per-value converters. Only for columns that need no
conversion (integers, text): dates and decimals keep going through the ORM.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet


def plain_rows(qs: QuerySet) -> list[dict]:
    """`list(qs)` of a `values()` query, without the ORM's converters; a filter that matches
    nothing (an empty list of ids) gives no rows."""
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
