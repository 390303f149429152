"""Run a function in a child process with a wall-clock and a memory ceiling.

Reading an uploaded document (pdfminer, lxml) can take unbounded time or memory on a hostile or
broken file. `run_bounded` forks a child that sets its own address-space limit
(`RLIMIT_AS`, counted on top of what the child already maps when it starts), runs the function
and sends back its value. The parent waits at most `seconds`; on a breach the child is killed
and `LimitExceeded` is raised, so the caller never hangs and its own memory is never at risk.

An exception raised by the function in the child is raised again in the parent when it can be
pickled (the readers' errors can); any other failure of the child counts as `kind="crash"`.

The child comes from a fork server, not from a fork of the caller: the web server and the tests
run several threads, and a child forked while another thread holds a lock (an import, logging)
waits for it forever. So the function must be importable by name (a module-level function) and
its arguments and value picklable.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
from collections.abc import Callable
from typing import Any

MB = 1024 * 1024
RESERVE_MB = 8
MEMORY_EXIT = 86  # the child's exit code when it ran out of memory before it could answer


class LimitExceeded(Exception):
    """The child broke a ceiling ("time", "memory") or died otherwise ("crash")."""

    def __init__(self, kind: str, detail: str = ""):
        super().__init__(kind, detail)
        self.kind = kind
        self.detail = detail


def _mapped_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _peak_bytes() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmPeak:"):
                return int(line.split()[1]) * 1024
    return 0


def _out_of_memory(exc: BaseException, limit: int) -> bool:
    """Did the function fail for want of memory? A MemoryError anywhere in the chain (readers
    wrap any failure in their own error), a SystemError (C code that met a failed allocation), or
    a peak of mapped memory that reached the ceiling."""
    if limit and _peak_bytes() >= limit - 4 * MB:
        return True
    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, MemoryError | SystemError):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _child(conn, fn: Callable[..., Any], args: tuple, seconds: float, memory_mb: int) -> None:
    # The child also ends itself, should the parent be killed before it could do so.
    signal.alarm(int(seconds) + 2)
    limit = 0
    # Room to report a breach in: released before the outcome is worked out and sent.
    reserve = [bytearray(RESERVE_MB * MB)] if memory_mb else []
    try:
        try:
            if memory_mb:
                limit = _mapped_bytes() + memory_mb * MB
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            outcome: tuple = ("ok", fn(*args))
        except BaseException as exc:  # noqa: BLE001 - sent to the parent, which decides
            reserve.clear()
            outcome = ("memory", None) if _out_of_memory(exc, limit) else ("raised", exc)
        reserve.clear()
        try:
            conn.send(outcome)
        except MemoryError:
            raise
        except Exception as exc:  # noqa: BLE001 - e.g. an exception that cannot be pickled
            conn.send(("crash", repr(exc)[:500]))
    except BaseException:  # noqa: BLE001 - nothing could be sent: say it by the exit code
        os._exit(MEMORY_EXIT if limit else 1)
    finally:
        conn.close()


def run_bounded(
    fn: Callable[..., Any], *args: Any, seconds: float, memory_mb: int | None = None
) -> Any:
    """fn(*args) computed in a child process within `seconds` and `memory_mb` (None: no
    memory ceiling); LimitExceeded otherwise."""
    ctx = multiprocessing.get_context("forkserver")
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(sender, fn, args, seconds, memory_mb or 0))
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise LimitExceeded("time", f"no answer after {seconds} s")
        try:
            kind, payload = receiver.recv()
        except (EOFError, OSError) as exc:  # the child died without answering
            child.join()
            kind = "memory" if child.exitcode == MEMORY_EXIT else "crash"
            raise LimitExceeded(kind, f"exit code {child.exitcode}: {exc!r}") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if kind == "ok":
        return payload
    if kind == "raised":
        raise payload
    raise LimitExceeded(kind, str(payload or ""))
