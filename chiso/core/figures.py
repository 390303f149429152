"""Aggregate figures cached until the data behind them changes.

A page's figures (the dashboard's summary, the home counts) are stored in Django's cache under a
key made of the figures' name, their scope and filters (the unit, the user, the year, the day)
and a *data version*: a counter moved forward in the same transaction as every write that can
change a figure (the models in `WATCHED`, every write of occurrences through the roll-ups, the
daily status job). A read costs one query for the version and one cache lookup; a write makes
every earlier entry unreachable, so a figure is never shown stale.

The version lives in the database, so processes that write (the background worker, management
commands, other server processes) invalidate the cache of the server process; the cache itself
can then be per process (`locmem`, the default: `chiso serve` is one process of waitress
threads). On SQLite the version is a row updated in the writing transaction (SQLite has one
writer at a time). On PostgreSQL it is a sequence: `nextval` never waits for another
transaction (a row lock held to the end of every writing transaction would serialise writers and
could deadlock them), is moved once in the transaction and once more after it commits, so a
reader that cached figures computed before the commit finds them under a version already passed.

Figures are read from the cache only outside the caller's own transaction blocks: a transaction
that wrote sees its own uncommitted data, which must never be cached.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import post_delete, post_save

CACHE_ALIAS = "default"
TIMEOUT = 3600  # seconds; a safety net only: entries of an old version are never read again
SEQUENCE = "core_data_version_seq"

# The models whose writes can change a cached figure (occurrences also bump through their
# roll-ups, `bump` is called by `chiso.tracking.models.rollups_refresh`).
WATCHED = [
    "orgs.OrgUnit",
    "orgs.UnitSuccession",
    "orgs.UnitGroup",
    "orgs.Membership",
    "plans.Plan",
    "plans.Task",
    "plans.TaskAssignment",
    "frameworks.Framework",
    "frameworks.Component",
    "frameworks.Result",
    "frameworks.Target",
    "frameworks.TaskComponent",
    "frameworks.BenchmarkProvince",
    "frameworks.BenchmarkResult",
    "tracking.Occurrence",
    "tracking.ProgressReport",
    "tracking.PeriodClose",
    "tracking.PeriodFigure",
]


def _nextval(conn) -> None:
    with conn.cursor() as cursor:
        cursor.execute(f"SELECT nextval('{SEQUENCE}')")


def bump(using: str = DEFAULT_DB_ALIAS) -> None:
    """Move the data version forward (call inside the writing transaction)."""
    conn = connections[using]
    if conn.vendor == "postgresql":
        _nextval(conn)
        pending = any(getattr(f, "_bumps_figures", False) for _, f, _ in conn.run_on_commit)
        if conn.in_atomic_block and not pending:
            after = lambda: _nextval(conn)  # noqa: E731
            after._bumps_figures = True
            transaction.on_commit(after, using=using)
        return
    with conn.cursor() as cursor:
        cursor.execute("UPDATE core_dataversion SET n = n + 1 WHERE id = 1")


def data_version(using: str = DEFAULT_DB_ALIAS) -> int | None:
    """The current data version; None when it cannot be read (figures are then computed)."""
    conn = connections[using]
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(f"SELECT last_value FROM {SEQUENCE}")
        else:
            cursor.execute("SELECT n FROM core_dataversion WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None


def in_own_transaction(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the caller runs inside transaction blocks of its own (nothing may be cached)."""
    return _in_own_transaction(using)


def _in_own_transaction(using: str) -> bool:
    # Test cases wrap each test in a transaction of their own: those blocks do not count.
    blocks = connections[using].atomic_blocks
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


def cached(name: str, key: tuple, compute: Callable[[], Any], using=DEFAULT_DB_ALIAS) -> Any:
    """`compute()`, or the value it gave for the same `name` and `key` at this data version."""
    if _in_own_transaction(using):
        return compute()
    version = data_version(using)
    if version is None:
        return compute()
    digest = hashlib.sha1(repr(key).encode()).hexdigest()
    cache_key = f"figures:{name}:{version}:{digest}"
    cache = caches[CACHE_ALIAS]
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, TIMEOUT)
    return value


def _changed(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    bump(using)


def watch(labels: list[str] | None = None) -> None:
    """Connect the writes of the `WATCHED` models (called once the app registry is ready), or
    of `labels`: a module above core that caches figures of its own watches its models (its
    bulk SQL writes call `bump` themselves)."""
    for label in labels or WATCHED:
        model = apps.get_model(label)
        post_save.connect(_changed, sender=model, dispatch_uid=f"figures-save-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"figures-delete-{label}")
