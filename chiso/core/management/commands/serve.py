import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
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


def _run_waitress(server, supervisor: WorkerSupervisor | None = None) -> None:
    """waitress's own loop, run in slices so the worker (if any) is checked between them;
    returns on SIGTERM or Ctrl+C after closing the server."""
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
        server.close()
        server.task_dispatcher.shutdown()


class WebProcesses:
    """Several web processes answering on one listening socket, so that requests use every core
    (one Python process runs Python code on one core at a time). The parent binds the socket,
    forks the children and starts a new one when one dies; each child is a waitress server with
    its own threads and database connections."""

    def __init__(self, application, sock: socket.socket, count: int, options: dict):
        self.application, self.sock, self.count, self.options = application, sock, count, options
        self.children: set[int] = set()

    def spawn(self) -> None:
        from django.db import connections

        connections.close_all()  # a child must never share the parent's database connection
        pid = os.fork()
        if pid:
            self.children.add(pid)
            return
        code = 0
        try:
            signal.signal(signal.SIGTERM, _stop_on_sigterm)
            signal.signal(signal.SIGINT, _stop_on_sigterm)
            server = create_server(self.application, sockets=[self.sock], **self.options)
            _run_waitress(server)
        except BaseException:  # noqa: BLE001 - a child reports and exits, never returns
            log.exception("web process failed")
            code = 1
        finally:
            os._exit(code)

    def reap(self) -> None:
        """Start a new process for each one that has exited (each is waited for by its own id:
        the background worker is another child, and its exit belongs to its supervisor)."""
        for pid in list(self.children):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                self.children.discard(pid)
                log.warning("web process %s exited; starting another", pid)
                self.spawn()

    def stop(self) -> None:
        for pid in self.children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        for pid in list(self.children):
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        self.children.clear()


def server_options(threads: int, trusted_proxy: str | None) -> dict:
    """waitress settings. Behind a reverse proxy every request comes from the proxy's address:
    with `trusted_proxy` (that address) the client's address is taken from the X-Forwarded-For
    header the proxy adds, and only from that proxy, so per-address limits (the public survey
    form) see each citizen rather than the proxy."""
    options = {"threads": threads, "ident": "chiso"}
    if trusted_proxy:
        options |= {
            "trusted_proxy": trusted_proxy,
            "trusted_proxy_count": 1,
            "trusted_proxy_headers": {"x-forwarded-for"},
            "clear_untrusted_proxy_headers": True,
        }
    return options


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    # Listening before any web process starts: a request arriving while the processes are still
    # loading (or while a dead one is replaced) waits in the queue instead of being refused.
    sock.listen(1024)
    return sock


class Command(BaseCommand):
    help = (
        "Chạy máy chủ web chiso, kèm một tiến trình xử lý nền (`chiso worker`: đọc văn bản, "
        "lập báo cáo, nhắc hạn, dự thảo báo cáo định kỳ) trừ khi có --no-worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8, help="Số luồng mỗi tiến trình web.")
        parser.add_argument(
            "--processes",
            type=int,
            default=1,
            help="Số tiến trình web cùng nghe một cổng (nên bằng số nhân CPU của máy chủ).",
        )
        parser.add_argument(
            "--trusted-proxy",
            default="",
            help=(
                "Địa chỉ của máy chủ chuyển tiếp (nginx) phía trước, ví dụ 127.0.0.1: địa chỉ "
                "người dùng được lấy từ tiêu đề X-Forwarded-For do máy chủ đó gửi "
                "(mặc định: biến môi trường TRUSTED_PROXY)."
            ),
        )
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

    def handle(
        self, *args, host, port, threads, processes, trusted_proxy, no_worker, no_scheduler, **_
    ):
        from config.wsgi import application  # the WSGI app is built once settings are loaded

        if processes < 1:
            raise CommandError("--processes phải từ 1 trở lên.")
        signal.signal(signal.SIGTERM, _stop_on_sigterm)
        options = server_options(threads, trusted_proxy or settings.TRUSTED_PROXY)
        if processes == 1:
            server = create_server(application, host=host, port=port, **options)
        else:
            web = WebProcesses(application, _listen(host, port), processes, options)
        supervisor = None
        if not no_worker:
            supervisor = WorkerSupervisor(["--no-scheduler"] if no_scheduler else [])
            supervisor.start()
        self.stdout.write(f"chiso đang chạy tại http://{host}:{port}/ (Ctrl+C để dừng)")
        self.stdout.flush()
        try:
            if processes == 1:
                _run_waitress(server, supervisor)
            else:
                self._supervise(web, supervisor)
        finally:
            if supervisor is not None:
                supervisor.stop()

    @staticmethod
    def _supervise(web: WebProcesses, supervisor: WorkerSupervisor | None) -> None:
        for _ in range(web.count):
            web.spawn()
        try:
            while True:
                time.sleep(0.5)
                web.reap()
                if supervisor is not None:
                    supervisor.check()
        except (SystemExit, KeyboardInterrupt):
            pass
        finally:
            web.stop()
            web.sock.close()
