"""Served load: the production server under 8 and 32 concurrent clients, on PostgreSQL.

    python bench/load_served.py [--clients 8,32] [--seconds 20] [--port 8104]

Builds the province-scale dataset (bench/dataset.py, 1x) once into a throw-away PostgreSQL
database (LOAD_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/chiso_bench_served;
--sqlite uses var/bench/served.sqlite3 instead), starts `chiso serve` (waitress, no background
worker, `--processes` web processes, by default one per core as in production) on 127.0.0.1,
and for each page and each number of clients keeps that many clients busy for `seconds`
seconds (closed loop: each client sends its next request when the answer arrives). Prints
requests/s, p50 and p99 latency and the error count for the leaders' dashboard, the officer's
task list and the profile page.

Budget (printed and marked, never asserted): the dashboard >= 50 requests/s with 8 clients,
0 errors, p99 <= 500 ms. The server runs on the real clock, so the dataset's periods are seen a
few days after the dataset's "today". Loopback only; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
VAR = ROOT / "var" / "bench" / "served"
HOST = "127.0.0.1"
CHISO = str(Path(sys.executable).with_name("chiso"))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/chiso_bench_served"
PAGES = [
    ("profile page", "officer", "/tai-khoan/"),
    ("dashboard", "leader", "/tong-quan/"),
    ("officer task list", "officer", "/nhiem-vu/cua-don-vi/"),
]
BUDGET = {"page": "dashboard", "clients": 8, "rps": 50.0, "p99_ms": 500.0}
TIMEOUT = 60


def _env(args) -> dict[str, str]:
    env = dict(
        os.environ,
        CHISO_VAR_DIR=str(VAR),
        ALLOWED_HOSTS=f"{HOST},testserver",
        DEBUG="false",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    if args.sqlite:
        env["DATABASE_URL"] = f"sqlite:///{VAR / 'served.sqlite3'}"
    else:
        env["DATABASE_URL"] = os.environ.get("LOAD_DATABASE_URL", DEFAULT_DB)
    return env


def prepare() -> None:
    """In a child process with the bench database: migrate, build once, print the sessions."""
    import django

    url = os.environ["DATABASE_URL"]
    if url.startswith("postgres"):
        _create_pg_database(url)
    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from chiso.orgs.models import OrgUnit

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    if not OrgUnit.objects.exists():
        from bench.dataset import build_dataset

        start = time.perf_counter()
        info = build_dataset(units=300, tasks=10_000, reports=100_000, seed=1)
        print(f"built {info['occurrences']} periods in {time.perf_counter() - start:.0f}s")
    if url.startswith("postgres"):
        # A province's database grows over months and autovacuum keeps the planner's statistics;
        # a bulk-built one has none until analysed (a list then took 8 s instead of 30 ms).
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    root = OrgUnit.objects.filter(parent__isnull=True).order_by("pk").first()
    cookies = {}
    for name, user in _personas(root).items():
        client = Client()
        client.force_login(user)
        cookies[name] = f"sessionid={client.cookies['sessionid'].value}"
    print("COOKIES " + json.dumps(cookies))


def _create_pg_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _personas(root) -> dict:
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from chiso.orgs.models import Membership, Role
    from chiso.tracking.models import Occurrence

    User = get_user_model()
    busiest = Occurrence.objects.values("unit_id").annotate(n=Count("pk")).order_by("-n").first()
    people = {}
    for name, unit_id, role in [
        ("officer", busiest["unit_id"], Role.OFFICER),
        ("leader", root.pk, Role.LEADER),
    ]:
        user, new = User.objects.get_or_create(username=f"served-{name}")
        if new:
            Membership.objects.create(user=user, unit_id=unit_id, role=role)
        people[name] = user
    return people


def start_server(env, port: int, threads: int, processes: int) -> subprocess.Popen:
    command = [CHISO, "serve", "--host", HOST, "--port", str(port), "--no-worker"]
    command += ["--threads", str(threads), "--processes", str(processes)]
    log = open(VAR / "server.log", "w")  # noqa: SIM115 - closed with the process
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if _get(port, "/healthz", "")[0] == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"the server did not start; see {VAR / 'server.log'}")


def _get(port: int, path: str, cookie: str) -> tuple[int, int]:
    conn = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, len(response.read())
    finally:
        conn.close()


def load(port: int, path: str, cookie: str, clients: int, seconds: float) -> dict:
    """`clients` threads, each sending the next request when the answer arrives."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client() -> None:
        while time.monotonic() < stop:
            start = time.monotonic()
            try:
                status, _ = _get(port, path, cookie)
                ok = status == 200
            except OSError:
                ok = False
            took = time.monotonic() - start
            with lock:
                latencies.append(took)
                errors[0] += 0 if ok else 1

    began = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] if latencies else 0
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else 0,
        "p99_ms": p99 * 1000,
        "errors": errors[0],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", default="8,32")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--port", type=int, default=8104)
    parser.add_argument("--threads", type=int, default=8, help="server threads (chiso serve)")
    parser.add_argument(
        "--processes", type=int, default=os.cpu_count() or 1, help="web processes (chiso serve)"
    )
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare()
        return 0
    if not 0 < args.seconds <= 300:
        raise SystemExit("seconds must be in (0, 300]")
    VAR.mkdir(parents=True, exist_ok=True)
    env = _env(args)
    out = subprocess.run(
        [sys.executable, __file__, "--prepare"], env=env, stdout=subprocess.PIPE, text=True
    )
    if out.returncode:
        raise SystemExit("preparing the dataset failed")
    cookies = {}
    for line in out.stdout.splitlines():
        if line.startswith("COOKIES "):
            cookies = json.loads(line[len("COOKIES ") :])
        else:
            print(line)
    database = "SQLite" if args.sqlite else "PostgreSQL"
    server = start_server(env, args.port, args.threads, args.processes)
    over = False
    try:
        print(
            f"chiso serve ({database}, {args.processes} processes × {args.threads} threads), "
            f"{args.seconds:g} s per row"
        )
        print(f"{'page':<20} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
        for label, persona, path in PAGES:
            _get(args.port, path, cookies[persona])  # warm-up
            for clients in [int(c) for c in args.clients.split(",") if c.strip()]:
                r = load(args.port, path, cookies[persona], clients, args.seconds)
                mark = ""
                if label == BUDGET["page"] and clients == BUDGET["clients"]:
                    bad = r["rps"] < BUDGET["rps"] or r["errors"] or r["p99_ms"] > BUDGET["p99_ms"]
                    over = over or bool(bad)
                    mark = "  OVER budget" if bad else "  within budget"
                print(
                    f"{label:<20} {clients:7d} {r['rps']:8.1f} {r['p50_ms']:8.0f} "
                    f"{r['p99_ms']:8.0f} {r['errors']:6d}{mark}",
                    flush=True,
                )
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
    print(
        f"Budget: {BUDGET['page']} >= {BUDGET['rps']:g} req/s with {BUDGET['clients']} clients, "
        f"0 errors, p99 <= {BUDGET['p99_ms']:g} ms" + (" — OVER" if over else " — met")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
