"""Periodic jobs without extra servers: a daemon thread inside `chiso serve`, or `chiso jobs`
from cron. Jobs must be idempotent (they record what they did), so a restart never repeats work.
"""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from django.db import close_old_connections

log = logging.getLogger("chiso.scheduler")


@dataclass(frozen=True)
class Job:
    name: str
    dotted_path: str  # "module.function", called with no arguments
    every_seconds: int

    def func(self) -> Callable[[], object]:
        module, _, name = self.dotted_path.rpartition(".")
        return getattr(import_module(module), name)


# Modules append their jobs here (e.g. tracking reminders, scheduled report drafts).
JOBS: list[Job] = []


def run_once(names: list[str] | None = None) -> dict[str, object]:
    results = {}
    for job in JOBS:
        if names and job.name not in names:
            continue
        try:
            results[job.name] = job.func()()
        except Exception:  # a failing job must not stop the others or the web server
            log.exception("job %s failed", job.name)
            results[job.name] = "error"
        finally:
            close_old_connections()
    return results


def _loop(stop: threading.Event, tick: int) -> None:
    last_run: dict[str, float] = {}
    while not stop.is_set():
        now = time.monotonic()
        due = [j.name for j in JOBS if now - last_run.get(j.name, -1e9) >= j.every_seconds]
        if due:
            run_once(due)
            for name in due:
                last_run[name] = now
        stop.wait(tick)


def start_in_background(tick: int = 60) -> threading.Event:
    stop = threading.Event()
    thread = threading.Thread(target=_loop, args=(stop, tick), name="chiso-jobs", daemon=True)
    thread.start()
    return stop
