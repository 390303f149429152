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

Scopes: besides the one version that every write moves, each module whose writes are watched
(an app label: "tracking", "dossiers", ...) has a version of its own, moved by its writes
only. A figure that reads a few modules names them (`cached(..., reads=("dossiers", "orgs"))`)
and is kept under their versions: the one-stop pages stay kept while officers report on their
tasks all day, and are computed again after a dossier import. A module can be read only once
its writes are watched (`watch`), and a bulk write names what it wrote (`bump(labels=...)`;
without labels it moves every scope).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import post_delete, post_save

CACHE_ALIAS = "default"
KEPT_ALIAS = "kept"  # values handed out by reference (`cached(..., shared=True)`)
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


# The scopes whose writes are watched (app labels), filled by `watch` when the apps are ready.
SCOPES: set[str] = set()
_SCOPE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def scope_of(label: str) -> str:
    """The scope of a model label ("tracking.Occurrence") or of an app label ("tracking")."""
    return label.split(".", 1)[0].lower()


def _sequence(scope: str) -> str:
    return f"chiso_dv_{scope}"


def _nextval(conn, sequences) -> None:
    with conn.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"nextval('{name}')" for name in sequences))


def bump(using: str = DEFAULT_DB_ALIAS, labels=None) -> None:
    """Move the data version forward, and the version of the scopes of `labels` (models or
    apps; every scope when not given). Call it inside the writing transaction."""
    from chiso.core import request_memo

    request_memo.forget(lambda key: key[0] == _MEMO)
    conn = connections[using]
    scopes = SCOPES if labels is None else {scope_of(label) for label in labels} & SCOPES
    if conn.vendor == "postgresql":
        sequences = {SEQUENCE, *(_sequence(scope) for scope in scopes)}
        _nextval(conn, sorted(sequences))
        if conn.in_atomic_block:
            pending = [f for _, f, _ in conn.run_on_commit if hasattr(f, "_sequences")]
            if pending:
                pending[0]._sequences.update(sequences)
            else:
                after = lambda: _nextval(conn, sorted(after._sequences))  # noqa: E731
                after._sequences = sequences
                transaction.on_commit(after, using=using)
        return
    with conn.cursor() as cursor:
        cursor.execute("UPDATE core_dataversion SET n = n + 1 WHERE id = 1")
        if scopes:
            marks = ", ".join(["%s"] * len(scopes))
            cursor.execute(
                f"UPDATE core_scopeversion SET n = n + 1 WHERE scope IN ({marks})", sorted(scopes)
            )


def data_version(using: str = DEFAULT_DB_ALIAS, reads=None):
    """The current data version, or with `reads` (scopes) the versions of those scopes as one
    text; None when it cannot be read (figures are then computed)."""
    from chiso.core import request_memo  # (it reads this module's `in_own_transaction`)

    scopes = sorted({scope_of(label) for label in reads}) if reads is not None else None
    unknown = set(scopes or ()) - SCOPES
    if unknown:
        raise ValueError(f"figures read scopes whose writes are not watched: {sorted(unknown)}")
    # Read once a request: a figure computed after the read is only newer than its version
    # says, never older, and a write of the request itself forgets it (see `bump`). Every
    # scope is read at once, so a page made of kept parts reading different modules (the
    # emulation's sources) costs one read of the versions, not one per part.
    versions = request_memo.remembered(
        (_MEMO, using), lambda: _read_versions(using), keep=lambda found: bool(found)
    )
    if scopes is None:
        return versions.get("")
    if any(s not in versions for s in scopes):
        return None
    return "-".join(str(versions[s]) for s in scopes)


_MEMO = "data-versions"


def _read_versions(using: str) -> dict[str, int]:
    """The data version (under "") and every watched scope's version."""
    conn = connections[using]
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            # A new sequence's last_value is 1 before its first nextval, and 1 after it.
            scopes = sorted(SCOPES)
            names = [SEQUENCE, *(_sequence(s) for s in scopes)]
            cursor.execute(
                "SELECT "
                + ", ".join(f"(SELECT last_value * is_called::int FROM {n})" for n in names)
            )
            return dict(zip(["", *scopes], cursor.fetchone(), strict=True))
        cursor.execute(
            "SELECT '', n FROM core_dataversion WHERE id = 1 "
            "UNION ALL SELECT scope, n FROM core_scopeversion"
        )
        return dict(cursor.fetchall())


def create_scopes(using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """The version of every watched scope (run after each migrate): a sequence on PostgreSQL,
    a row on SQLite. A scope without one is never kept (SQLite) or fails its writes
    (PostgreSQL), so `chiso migrate` must run after a module is added."""
    conn = connections[using]
    if conn.vendor != "postgresql" and "core_scopeversion" not in conn.introspection.table_names():
        return  # a database restored from before the table: its migrate creates the rows
    with conn.cursor() as cursor:
        for scope in sorted(SCOPES):
            if conn.vendor == "postgresql":
                cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {_sequence(scope)}")
            else:
                cursor.execute(
                    "INSERT INTO core_scopeversion (scope, n) VALUES (%s, 0) "
                    "ON CONFLICT (scope) DO NOTHING",
                    [scope],
                )


def in_own_transaction(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the caller runs inside transaction blocks of its own (nothing may be cached)."""
    return _in_own_transaction(using)


def _in_own_transaction(using: str) -> bool:
    # Test cases wrap each test in a transaction of their own: those blocks do not count.
    blocks = connections[using].atomic_blocks
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


def cached(
    name: str,
    key: tuple,
    compute: Callable[[], Any],
    using=DEFAULT_DB_ALIAS,
    reads=None,
    shared: bool = False,
) -> Any:
    """`compute()`, or the value it gave for the same `name` and `key` at this data version (or,
    with `reads`, at these versions of the scopes it reads).

    A kept value is a copy of its own for each reader; with `shared` every reader of the
    process gets the same value (no copy: the large ones cost more to copy than to show), so
    its readers must never change it."""
    if _in_own_transaction(using):
        return compute()
    version = data_version(using, reads)
    if version is None:
        return compute()
    digest = hashlib.sha1(repr(key).encode()).hexdigest()
    cache_key = f"figures:{name}:{version}:{digest}"
    cache = caches[KEPT_ALIAS if shared else CACHE_ALIAS]
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, TIMEOUT)
    return value


def _changed(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    bump(using, [sender._meta.app_label])


def watch(labels: list[str] | None = None) -> None:
    """Connect the writes of the `WATCHED` models (called once the app registry is ready), or
    of `labels`: a module above core that caches figures of its own watches its models (its
    bulk SQL writes call `bump` themselves)."""
    for label in labels or WATCHED:
        model = apps.get_model(label)
        scope = scope_of(model._meta.app_label)
        assert _SCOPE_NAME.match(scope), scope  # it names a sequence
        SCOPES.add(scope)
        post_save.connect(_changed, sender=model, dispatch_uid=f"figures-save-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"figures-delete-{label}")
