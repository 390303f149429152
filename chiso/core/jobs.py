"""Background jobs on Django's tasks framework (the django-tasks backport, database backend).

How a job flows:

- Work that must not hold a request (reading a large document, writing a report, the periodic
  reminders and report drafts) is a task: a plain function taking ids, decorated with
  `@task()` in its app's `tasks.py`. A service enqueues it in the same transaction as the row the
  user watches (ImportJob, ReportJob), so both exist or neither does.
- `chiso worker` (the `Worker` below, started by `chiso serve`) takes queued tasks one at a time.
  Several workers never take the same task: the backend claims a row with SELECT ... FOR UPDATE
  SKIP LOCKED on PostgreSQL and inside an exclusive transaction on SQLite.
- A task left "running" by a worker that died (kill -9, power loss) is found by `recover_lost`,
  which every worker runs between tasks: it goes back to the queue, or is marked failed with
  `WorkerLost` once it has been tried TASKS_MAX_ATTEMPTS times. The user-facing rows read that
  outcome through `task_outcome` and show a Vietnamese message.
- Periodic jobs are registered by the apps (`register_periodic`) and enqueued by
  `schedule_due`, which any number of workers may run: each slot is claimed by one conditional
  UPDATE, so it is enqueued once.

Tests use the immediate backend (tasks run when enqueued); see conftest.py.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string
from django_tasks import TaskResult, TaskResultStatus, task_backends
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks_db.management.commands.db_worker import Worker as DbWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from chiso.core.models import PeriodicSlot, WorkerBeat

log = logging.getLogger("chiso.jobs")

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
LOST_MESSAGE = "Tiến trình xử lý nền dừng đột ngột khi đang làm việc này."


class WorkerLost(Exception):
    """Recorded as the failure of a task whose worker died while running it."""


# --- periodic jobs ------------------------------------------------------------------------


@dataclass(frozen=True)
class Periodic:
    name: str
    task_path: str  # "module.task", a django-tasks Task called with no arguments
    every_seconds: int


PERIODIC: list[Periodic] = []


def register_periodic(name: str, task_path: str, every_seconds: int) -> None:
    """Called from an app's ready(); registering the same name twice keeps one entry."""
    if all(p.name != name for p in PERIODIC):
        PERIODIC.append(Periodic(name, task_path, every_seconds))


def slot_start(now: datetime, every_seconds: int) -> datetime:
    """The start of the slot `now` falls in: slots are `every_seconds` long from EPOCH."""
    elapsed = int((now - EPOCH).total_seconds())
    return EPOCH + timedelta(seconds=elapsed - elapsed % every_seconds)


def schedule_due(
    now: datetime | None = None, names: list[str] | None = None
) -> dict[str, TaskResult]:
    """Enqueue every periodic job whose current slot nobody has enqueued yet.

    With `names`, those jobs are enqueued now whatever their slot (`chiso jobs NAME`).
    Returns the jobs enqueued by this call, by name.
    """
    now = now or timezone.now()
    enqueued = {}
    for job in PERIODIC:
        if names is not None and job.name not in names:
            continue
        slot = slot_start(now, job.every_seconds)
        PeriodicSlot.objects.get_or_create(name=job.name, defaults={"last_slot": EPOCH})
        with transaction.atomic():
            claim = PeriodicSlot.objects.filter(name=job.name)
            if names is None:
                claim = claim.filter(last_slot__lt=slot)
            if not claim.update(last_slot=slot, enqueued_at=now):
                continue
            result = import_string(job.task_path).enqueue()
            PeriodicSlot.objects.filter(name=job.name).update(task_id=str(result.id))
        enqueued[job.name] = result
    return enqueued


# --- outcome of a task, for the rows users watch ------------------------------------------


def task_outcome(task_id: str) -> str:
    """ "pending", "done", "failed" or "lost" (the worker died, or the record is gone)."""
    if not task_id:
        return "lost"
    try:
        result = task_backends["default"].get_result(task_id)
    except TaskResultDoesNotExist:
        return "lost"
    except NotImplementedError:  # a backend that keeps no results runs tasks when enqueued
        return "done"
    if result.status == TaskResultStatus.SUCCESSFUL:
        return "done"
    if result.status == TaskResultStatus.FAILED:
        lost = any(e.exception_class_path.endswith(".WorkerLost") for e in result.errors)
        return "lost" if lost else "failed"
    return "pending"


# --- workers and their signs of life ------------------------------------------------------


def this_host() -> str:
    """Host name plus boot id: after a reboot, process ids of before mean nothing."""
    boot = Path("/proc/sys/kernel/random/boot_id")
    boot_id = boot.read_text().strip()[:8] if boot.exists() else ""
    return f"{socket.gethostname()}/{boot_id}"[:255]


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def worker_gone(
    *,
    beat: WorkerBeat | None,
    started_at: datetime | None,
    now: datetime,
    lease_seconds: int,
    host: str,
    alive=pid_alive,
) -> bool:
    """Is the worker that took a task gone? Same machine: its process has ended. Elsewhere, or
    unknown (a worker that never registered): no sign of life for the lease."""
    lease = timedelta(seconds=lease_seconds)
    if beat is None:
        return started_at is None or started_at < now - lease
    if beat.host == host:
        return not alive(beat.pid)
    return beat.seen_at < now - lease


def recover_lost(now: datetime | None = None) -> dict[str, int]:
    """Requeue (or fail, after TASKS_MAX_ATTEMPTS runs) every running task whose worker is
    gone. Each change is a conditional UPDATE, so two workers recovering at once do it once."""
    now = now or timezone.now()
    host = this_host()
    counts = {"requeued": 0, "failed": 0}
    running = list(DBTaskResult.objects.running().only("id", "worker_ids", "started_at"))
    beats = WorkerBeat.objects.in_bulk([(r.worker_ids or [""])[-1] for r in running])
    for result in running:
        beat = beats.get((result.worker_ids or [""])[-1])
        if not worker_gone(
            beat=beat,
            started_at=result.started_at,
            now=now,
            lease_seconds=settings.TASKS_LEASE_SECONDS,
            host=host,
        ):
            continue
        still_running = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING)
        if len(result.worker_ids) < settings.TASKS_MAX_ATTEMPTS:
            changed = still_running.update(status=TaskResultStatus.READY)
            counts["requeued"] += changed
        else:
            changed = still_running.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=f"{WorkerLost.__module__}.WorkerLost",
                traceback=LOST_MESSAGE,
            )
            counts["failed"] += changed
        if changed:
            log.warning("task %s lost its worker %s", result.pk, result.worker_ids[-1:])
    dead = [b.pk for b in WorkerBeat.objects.filter(host=host) if not pid_alive(b.pid)]
    WorkerBeat.objects.filter(pk__in=dead).delete()
    return counts


def new_worker_id() -> str:
    return f"{socket.gethostname()[:30]}-{os.getpid()}-{get_random_string(8)}"


class Worker:
    """Runs queued tasks one at a time; between tasks: a sign of life, recovery of tasks whose
    worker died, and (unless `schedule` is off) the periodic scheduler.

    `batch` stops when the queue is empty; `parent_pid` stops when that process is gone (a
    worker spawned by `chiso serve` never outlives it).
    """

    SCHEDULE_EVERY = 30.0

    def __init__(
        self,
        *,
        interval: float = 1.0,
        batch: bool = False,
        schedule: bool = True,
        worker_id: str | None = None,
        parent_pid: int | None = None,
    ):
        self.worker_id = worker_id or new_worker_id()
        self.interval = interval
        self.batch = batch
        self.schedule = schedule
        self.parent_pid = parent_pid
        self.ran = 0
        self._next_schedule = 0.0
        # The library's worker, for its task runner and its graceful-shutdown signal handling.
        self._db_worker = DbWorker(
            queue_names=["*"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=self.worker_id,
            excluded_queue_names=[],
        )

    def beat(self) -> None:
        now = timezone.now()
        WorkerBeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"host": this_host(), "pid": os.getpid(), "seen_at": now},
        )

    def tick(self) -> None:
        """The work between two tasks."""
        if not connection.in_atomic_block:  # (tests run the worker inside their transaction)
            close_old_connections()
        self.beat()
        recover_lost()
        if self.schedule and time.monotonic() >= self._next_schedule:
            schedule_due()
            self._next_schedule = time.monotonic() + self.SCHEDULE_EVERY

    def run_one(self) -> str:
        """Claim one ready task and run it: "ran", "empty" (nothing ready) or "busy" (the
        database was locked by another worker claiming: try again)."""
        ready = DBTaskResult.objects.ready().filter(backend_name="default")
        try:
            with exclusive_transaction(ready.db):
                result = ready.get_locked()
                if result is not None:
                    result.claim(self.worker_id)
        except OperationalError as exc:
            if not is_locked_database_exception(exc):
                raise
            return "busy"
        if result is None:
            return "empty"
        self._db_worker.run_task(result)  # records success or failure on the result
        self.ran += 1
        return "ran"

    def run(self, *, handle_signals: bool = True) -> int:
        if handle_signals:
            self._db_worker.configure_signals()  # first SIGTERM/SIGINT: finish the current task
        log.info("worker %s started", self.worker_id)
        try:
            while self._db_worker.running:
                if self.parent_pid and os.getppid() != self.parent_pid:
                    log.info("worker %s: parent process gone, stopping", self.worker_id)
                    break
                self.tick()
                outcome = self.run_one()
                if outcome == "ran":
                    continue
                if outcome == "empty" and self.batch:
                    break
                time.sleep(self.interval)
        finally:
            WorkerBeat.objects.filter(pk=self.worker_id).delete()
        return self.ran


def describe_result(result: TaskResult) -> str:
    """One line about a task's outcome, for `chiso jobs`."""
    if not result.is_finished:
        with suppress(NotImplementedError):  # a backend that keeps no results
            result.refresh()
    if result.status == TaskResultStatus.SUCCESSFUL:
        return str(result.return_value)
    if result.status == TaskResultStatus.FAILED:
        return "lỗi (xem nhật ký của tiến trình)"
    return "đang chờ tiến trình xử lý nền"
