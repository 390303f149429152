import logging
import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand
from waitress import wasyncore
from waitress.server import create_server

log = logging.getLogger("chiso.serve")


def restart_delay(quick_exits: int) -> float:
    """Seconds to wait before restarting a worker that has exited `quick_exits` times in a row
    soon after starting: 0, then 1, 2, 4 … up to a minute (a broken setting must not spin)."""
    return 0.0 if quick_exits <= 0 else float(min(60, 2 ** (quick_exits - 1)))


class WorkerSupervisor:
    """Keeps one `chiso worker` subprocess running next to the web server."""

    QUICK = 10.0  # an exit within this many seconds of the start counts as a failure to start

    def __init__(self, args: list[str]):
        self.args = args
        self.proc: subprocess.Popen | None = None
        self.started = 0.0
        self.quick_exits = 0
        self.not_before = 0.0

    def start(self) -> None:
        cmd = [sys.executable, "-m", "chiso.cli", "worker", "--parent-pid", str(os.getpid())]
        self.proc = subprocess.Popen([*cmd, *self.args])
        self.started = time.monotonic()

    def check(self) -> None:
        """Restart the worker if it has exited (with a growing delay if it keeps failing)."""
        now = time.monotonic()
        if self.proc is not None and self.proc.poll() is not None:
            code = self.proc.returncode
            self.quick_exits = self.quick_exits + 1 if now - self.started < self.QUICK else 0
            self.not_before = now + restart_delay(self.quick_exits)
            log.warning("background worker exited with %s; restarting", code)
            self.proc = None
        if self.proc is None and now >= self.not_before:
            self.start()

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()  # the worker finishes its current task, then exits
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _stop_on_sigterm(signum, frame):
    raise SystemExit(0)


class Command(BaseCommand):
    help = (
        "Chạy máy chủ web chiso, kèm một tiến trình xử lý nền (`chiso worker`: đọc văn bản, "
        "lập báo cáo, nhắc hạn, dự thảo báo cáo định kỳ) trừ khi có --no-worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Không chạy tiến trình xử lý nền (khi đã chạy `chiso worker` riêng).",
        )
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Tiến trình xử lý nền đi kèm không xếp lịch việc định kỳ (khi dùng cron).",
        )

    def handle(self, *args, host, port, threads, no_worker, no_scheduler, **options):
        from config.wsgi import application  # the WSGI app is built once settings are loaded

        server = create_server(application, host=host, port=port, threads=threads, ident="chiso")
        supervisor = None
        if not no_worker:
            supervisor = WorkerSupervisor(["--no-scheduler"] if no_scheduler else [])
            supervisor.start()
        signal.signal(signal.SIGTERM, _stop_on_sigterm)
        self.stdout.write(f"chiso đang chạy tại http://{host}:{port}/ (Ctrl+C để dừng)")
        self.stdout.flush()
        # waitress's own loop, run in slices so the worker is checked between them.
        socket_map = getattr(server, "map", None) or server._map
        try:
            while True:
                wasyncore.loop(
                    timeout=server.adj.asyncore_loop_timeout,
                    map=socket_map,
                    use_poll=server.adj.asyncore_use_poll,
                    count=5,
                )
                if supervisor is not None:
                    supervisor.check()
        except (SystemExit, KeyboardInterrupt):
            pass
        finally:
            if supervisor is not None:
                supervisor.stop()
            server.close()
            server.task_dispatcher.shutdown()
