"""Simultaneous writers for the concurrency tests: one thread and one connection per writer."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection

from chiso.core.errors import ConflictError

# PostgreSQL runs the full race; SQLite serialises writers, so fewer of them show the same.
WRITERS = {"postgresql": 30}
SQLITE_WRITERS = 8


def writer_count() -> int:
    return WRITERS.get(connection.vendor, SQLITE_WRITERS)


def race(count: int, prepare: Callable[[int], object], write: Callable[[int, object], None]):
    """`count` writers: each runs `prepare(i)` (what the user's page loaded), waits for all the
    others, then `write(i, loaded)`. Returns ({winner indexes}, [conflict messages], [other
    errors])."""
    start = threading.Barrier(count)
    winners: set[int] = set()
    conflicts: list[str] = []
    errors: list[str] = []

    def run(i: int) -> None:
        try:
            loaded = prepare(i)
            start.wait(60)
            try:
                write(i, loaded)
            except ConflictError as exc:
                conflicts.append(exc.message)
            else:
                winners.add(i)
        except Exception as exc:  # noqa: BLE001 - reported by the test
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)
    return winners, conflicts, errors
