"""Killing real processes in the middle of an operation, for the crash-consistency tests.

`Forker` starts tests/crash_child.py once (Django set up against the test database); each
operation runs in a fork of it that the test kills with SIGKILL, after a delay or when it reaches
a named function.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def database_url() -> str:
    """The URL of the test database this process uses, for another process to open."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = quote(db.get("USER") or "")
    password = quote(db.get("PASSWORD") or "")
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{user}:{password}@{host}:{port}/{db['NAME']}"


@dataclass
class Outcome:
    killed: bool  # False: the operation ended by itself before the kill
    code: int | None  # exit code when it ended by itself
    seconds: float


class Forker:
    def __init__(self, media_root: Path):
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "MEDIA_ROOT": str(media_root),
            "PYTHONPATH": str(ROOT),
        }
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.crash_child"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self._expect("ready", timeout=120)

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.strip())

    def _expect(self, prefix: str, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while True:
            line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            if line.startswith(prefix):
                return line[len(prefix) :].strip()

    def _start(self, op: str, args: dict, block_at: str | None = None) -> int:
        request = {"op": op, "args": args, "block_at": block_at}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        return int(self._expect("pid "))

    def _end(self) -> tuple[int, float]:
        code, seconds = self._expect("exit ").split()
        return int(code), float(seconds)

    @staticmethod
    def _kill(pid: int) -> None:
        with suppress(ProcessLookupError):  # it ended (and was reaped) before the kill
            os.killpg(pid, signal.SIGKILL)

    def run(self, op: str, **args) -> float:
        """Run to the end; the operation's duration in seconds."""
        self._start(op, args)
        code, seconds = self._end()
        assert code == 0, f"{op} failed in the child process"
        return seconds

    def kill_after(self, delay: float, op: str, **args) -> Outcome:
        pid = self._start(op, args)
        time.sleep(delay)
        self._kill(pid)
        code, seconds = self._end()
        killed = code == -signal.SIGKILL
        return Outcome(killed, None if killed else code, seconds)

    def kill_at(self, point: str, op: str, **args) -> Outcome:
        """Kill when the operation calls `point` ("module:function:n", the nth call)."""
        pid = self._start(op, args, block_at=point)
        self._expect(f"at {point}")
        self._kill(pid)
        code, seconds = self._end()
        assert code == -signal.SIGKILL
        return Outcome(True, None, seconds)

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(30)


def kill_delays(rng, duration: float, count: int) -> list[float]:
    """`count` moments drawn within the operation's measured duration."""
    return [rng.uniform(0.05, 0.95) * duration for _ in range(count)]
