"""Tasks used by the tests of the job queue; a worker subprocess imports them by path."""

import os
import signal
import time

from django_tasks import task


@task(takes_context=True)
def hold_on_first_attempt(context, fifo: str) -> str:
    """Tell the test it started (and in which attempt); the first attempt then waits to be
    killed, a later one finishes."""
    with open(fifo, "w") as out:
        out.write(f"{context.attempt}\n")
    if context.attempt == 1:
        signal.pause()
    return f"attempt {context.attempt}"


@task()
def record(path: str, n: int) -> int:
    """Append "n pid" to a file: which worker process ran which job."""
    with open(path, "a") as out:
        out.write(f"{n} {os.getpid()}\n")
    time.sleep(0.02)  # long enough for two workers to compete for the queue
    return n


@task()
def report_pids(fifo: str) -> str:
    """Write this process's id and its parent's to the test."""
    with open(fifo, "w") as out:
        out.write(f"{os.getpid()} {os.getppid()}\n")
    return "ok"
