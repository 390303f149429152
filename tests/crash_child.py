"""The process the crash tests kill: Django is set up once here, then every operation runs in a
fresh fork of it (its own process group), which the test kills with SIGKILL.

Protocol on stdin/stdout, one line each: the test writes a JSON request
{"op": ..., "args": {...}, "block_at": "module:function:n" or null}; this process answers
"pid N" once the operation's process exists, "at NAME" when that process reaches `block_at`
(where it then sleeps until killed), and "exit RC SECONDS" when it has ended.
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import sys
import time
import traceback

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _block_at(spec: str) -> None:
    """Make the `n`th call of module.function announce itself and wait to be killed."""
    module_name, name, nth = spec.split(":")
    module = importlib.import_module(module_name)
    original = getattr(module, name)
    calls = {"n": 0}

    @functools.wraps(original)
    def blocking(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == int(nth):
            _say(f"at {spec}")
            time.sleep(600)
        return original(*args, **kwargs)

    setattr(module, name, blocking)


def op_review(report_ids: list[int], username: str) -> None:
    from django.contrib.auth import get_user_model

    from chiso.tracking import services
    from chiso.tracking.models import ProgressReport

    by = get_user_model().objects.get(username=username)
    reports = ProgressReport.objects.filter(pk__in=report_ids)
    services.reports_bulk_accept(reports=reports, by=by)


def op_worker() -> None:
    from chiso.core import jobs

    jobs.Worker(batch=True, schedule=False).run(handle_signals=False)


def op_import(job_id: int, username: str) -> None:
    """The background parse of a queued import, then the user's confirmation."""
    from django.contrib.auth import get_user_model

    from chiso.importer import services
    from chiso.importer.models import ImportJob

    op_worker()
    job = ImportJob.objects.get(pk=job_id)
    services.import_confirm(job=job, user=get_user_model().objects.get(username=username))


OPS = {"review": op_review, "worker": op_worker, "import": op_import}


def _run(request: dict) -> None:
    os.setpgid(0, 0)  # the test kills the whole group (the parse's helper processes too)
    code = 0
    try:
        if request.get("block_at"):
            _block_at(request["block_at"])
        OPS[request["op"]](**request.get("args", {}))
    except BaseException:  # noqa: BLE001 - reported to the test through the exit code
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def main() -> None:
    import django

    django.setup()
    from django.db import connections

    connections.close_all()  # every operation opens its own connection after the fork
    _say("ready")
    for line in sys.stdin:
        request = json.loads(line)
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:
            _run(request)
        _say(f"pid {pid}")
        _, status = os.waitpid(pid, 0)
        _say(f"exit {os.waitstatus_to_exitcode(status)} {time.monotonic() - started:.3f}")


if __name__ == "__main__":
    main()
