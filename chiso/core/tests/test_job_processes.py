"""The job queue across real processes: `chiso worker` and `chiso serve` started as subprocesses
on the test database, killed with SIGKILL, run side by side. Nothing sleeps to wait: the tests
block on a process's exit or on a FIFO the task writes to."""

import contextlib
import os
import select
import signal
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from chiso.core import jobs
from chiso.core.tests import tasks
from chiso.importer import services
from chiso.importer.models import JobState
from tests.builders import TUY_PHUOC, seed

pytestmark = pytest.mark.django_db(transaction=True)
TIMEOUT = 120


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _chiso(*args: str, **env: str) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "chiso.cli", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _finished(proc: subprocess.Popen) -> str:
    out, _ = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 0, out.decode()
    return out.decode()


@pytest.fixture
def fifo(tmp_path):
    """A named pipe the task writes to; the test's reading end stays open throughout."""
    path = tmp_path / "signal.fifo"
    os.mkfifo(path)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    yield path, fd
    os.close(fd)


def _read_line(fd: int) -> str:
    ready, _, _ = select.select([fd], [], [], TIMEOUT)
    assert ready, "the task never started"
    return os.read(fd, 200).decode().strip()


def test_a_queued_job_survives_a_restart_and_runs_when_a_worker_starts(
    persona, province, task_queue
):
    # the web process queues a large document and goes away before anything reads it
    job = services.import_start(
        user=persona("noivu"),
        filename=TUY_PHUOC,
        data=seed(TUY_PHUOC),
        owner_unit=province,
        background=True,
    )
    connection.close()
    job.refresh_from_db()
    assert job.state == JobState.PARSING
    out = _finished(_chiso("worker", "--batch", "--no-scheduler"))
    assert "Đã làm 1 việc nền." in out
    job.refresh_from_db()
    assert job.state == JobState.READY and len(job.draft["tasks"]) == 69


def test_a_worker_killed_mid_job_leaves_it_to_be_run_again(task_queue, fifo):
    """(After the last allowed run, the job is failed instead: test_jobs.py, recovery.)"""
    path, fd = fifo
    result = tasks.hold_on_first_attempt.enqueue(str(path))
    first = _chiso("worker", "--no-scheduler", "--interval", "0.1")
    assert _read_line(fd) == "1"  # the first attempt is running
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=TIMEOUT)
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING
    # the next worker to start finds the job's worker gone and runs the job again
    _finished(_chiso("worker", "--batch", "--no-scheduler"))
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "attempt 2" and result.attempts == 2


def test_two_workers_never_run_the_same_job(task_queue, tmp_path):
    log = tmp_path / "ran.txt"
    for n in range(40):
        tasks.record.enqueue(str(log), n)
    workers = [_chiso("worker", "--batch", "--no-scheduler") for _ in range(2)]
    for worker in workers:
        _finished(worker)
    runs = [line.split() for line in log.read_text().splitlines()]
    assert Counter(n for n, _ in runs) == Counter(str(n) for n in range(40))  # each once
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 40


def test_serve_runs_a_worker_alongside_and_stops_it(task_queue, fifo):
    path, fd = fifo
    tasks.report_pids.enqueue(str(path))
    server = _chiso("serve", "--port", "8102", "--no-scheduler")
    worker_pid, parent_pid = map(int, _read_line(fd).split())
    assert parent_pid == server.pid
    with urllib.request.urlopen("http://127.0.0.1:8102/dang-nhap/", timeout=TIMEOUT) as page:
        assert page.status == 200 and "Đăng nhập" in page.read().decode()
    server.send_signal(signal.SIGTERM)
    _finished(server)
    assert not jobs.pid_alive(worker_pid)


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _wait_for(predicate, what: str):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _login_page(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=TIMEOUT) as page:
        assert page.status == 200
        return page.read().decode()


def test_serve_with_several_processes_replaces_a_dead_one_and_stops_them_all():
    server = _chiso("serve", "--port", "8103", "--processes", "2", "--no-worker")
    try:
        web = _wait_for(lambda: len(_children(server.pid)) == 2 and _children(server.pid), "2")
        assert "Đăng nhập" in _login_page(8103)
        victim = min(web)
        os.kill(victim, signal.SIGKILL)
        after = _wait_for(
            lambda: (c := _children(server.pid)) and victim not in c and len(c) == 2 and c,
            "a replacement web process",
        )
        assert len(after - web) == 1  # one new process took the dead one's place
        for _ in range(6):  # every request is answered, whichever process takes it
            assert "Đăng nhập" in _login_page(8103)
        server.send_signal(signal.SIGTERM)
        _finished(server)
        assert not any(jobs.pid_alive(pid) for pid in after)
    finally:  # a failed run must not leave web processes holding the port for the next one
        for pid in _children(server.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if server.poll() is None:
            server.kill()
            server.wait()
