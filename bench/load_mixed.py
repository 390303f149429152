"""Open-loop load on the production server: `python bench/load_mixed.py [--rate 50] [--seconds 60]`.

Starts `chiso serve` (waitress, no scheduler) on 127.0.0.1 against a throw-away copy of the demo
(SQLite under var/load/, or the database in LOAD_DATABASE_URL), logs the demo personas in, then
sends `rate` requests a second for `seconds` seconds on a fixed schedule, whether or not earlier
answers have come back (open loop: a slow server is not given time to recover, as with real
users). The pages are a mix of what people open every day: home, plans, a plan, the unit's tasks,
an occurrence, the inbox, the dashboard, reports, units and the occurrences API.

A request "waits" from the moment it was due to be sent until its answer is complete. The run
fails (exit 1) when any request errs or waits longer than --max-wait seconds (2 by default).
Loopback only, bounded in time and requests; the server is stopped at the end in every case.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var" / "load"
HOST = "127.0.0.1"
CHISO = str(Path(sys.executable).with_name("chiso"))
PASSWORD = "chiso-demo"
PERSONAS = ["noivu", "lanhdao", "tuphap", "vpubnd", "admin"]
CLIENT_TIMEOUT = 10  # seconds; a request slower than this counts as given up


def _env(args) -> dict[str, str]:
    env = dict(os.environ, CHISO_VAR_DIR=str(VAR), ALLOWED_HOSTS=HOST, DEBUG="false")
    env.pop("DATABASE_URL", None)
    if os.environ.get("LOAD_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["LOAD_DATABASE_URL"]
    return env


def prepare(env: dict[str, str]) -> None:
    """Migrate and load the demo once (kept under var/load/ for the next run)."""
    VAR.mkdir(parents=True, exist_ok=True)
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([CHISO, *command], env=env, check=True, cwd=ROOT)
    subprocess.run([CHISO, "demo", "--if-empty", "-v0"], env=env, check=True, cwd=ROOT)


def start_server(env: dict[str, str], port: int, threads: int, processes: int) -> subprocess.Popen:
    command = [CHISO, "serve", "--host", HOST, "--port", str(port), "--no-scheduler"]
    command += ["--threads", str(threads), "--processes", str(processes)]
    log = open(VAR / "server.log", "w")  # noqa: SIM115 - closed with the process
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if _get(port, "/healthz")[0] == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("the server did not start; see var/load/server.log")


def _request(port, method, path, headers=None, body=None, timeout=CLIENT_TIMEOUT):
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read(), response.getheaders()
    finally:
        conn.close()


def _get(port, path, cookie=""):
    status, body, _ = _request(port, "GET", path, {"Cookie": cookie} if cookie else {})
    return status, body.decode("utf-8", "replace")


def _cookies(headers) -> dict[str, str]:
    found = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            found[key] = rest.split(";", 1)[0]
    return found


def login(port: int, username: str) -> str:
    status, body, headers = _request(port, "GET", "/dang-nhap/")
    jar = _cookies(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    status, _, headers = _request(
        port,
        "POST",
        "/dang-nhap/",
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={jar['csrftoken']}",
            "Referer": f"http://{HOST}:{port}/dang-nhap/",
        },
        form,
    )
    session = _cookies(headers).get("sessionid")
    if status != 302 or not session:
        raise SystemExit(f"login failed for {username} ({status})")
    return f"sessionid={session}; csrftoken={jar['csrftoken']}"


def _first(pattern: str, page: str) -> str | None:
    found = re.search(pattern, page)
    return found.group(0) if found else None


def targets(port: int, cookies: dict[str, str]) -> list[tuple[str, str]]:
    """(persona, path) pairs: the pages each persona opens, with ids found on their pages."""
    pairs = []
    plan = _first(r"/ke-hoach/\d+/", _get(port, "/ke-hoach/", cookies["noivu"])[1])
    for persona in ("tuphap", "vpubnd"):
        page = _get(port, "/nhiem-vu/cua-don-vi/", cookies[persona])[1]
        occurrence = _first(r"/nhiem-vu/ky/\d+/", page)
        pairs += [(persona, "/"), (persona, "/nhiem-vu/cua-don-vi/")]
        pairs += [(persona, occurrence)] if occurrence else []
        pairs += [(persona, "/api/v1/occurrences?limit=50")]
    pairs += [("noivu", "/"), ("noivu", "/ke-hoach/"), ("noivu", "/nhiem-vu/tham-dinh/")]
    pairs += [("noivu", plan)] if plan else []
    pairs += [("noivu", "/bao-cao/"), ("noivu", "/don-vi/"), ("noivu", "/tong-quan/")]
    pairs += [("lanhdao", "/tong-quan/"), ("lanhdao", "/"), ("lanhdao", "/ke-hoach/")]
    pairs += [("admin", "/nhiem-vu/ti-le-hoan-thanh/")]
    return pairs


def run(port: int, cookies, pairs, rate: float, seconds: float, max_workers: int):
    """Send on schedule; returns [(path, status or error, wait seconds)]."""
    results: list[tuple[str, str, float]] = []
    lock = threading.Lock()
    plan = itertools.cycle(pairs)

    def one(due: float, persona: str, path: str) -> None:
        try:
            status, _, _ = _request(port, "GET", path, {"Cookie": cookies[persona]})
            outcome = str(status)
        except TimeoutError:
            outcome = "timeout"
        except OSError as exc:
            outcome = type(exc).__name__
        with lock:
            results.append((path, outcome, time.monotonic() - due))

    total = int(rate * seconds)
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        start = time.monotonic() + 0.5
        for i in range(total):
            due = start + i / rate
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            persona, path = next(plan)
            pool.submit(one, due, persona, path)
    return results


def report(results, max_wait: float) -> bool:
    waits = sorted(w for _, _, w in results)
    outcomes = Counter(o for _, o, _ in results)
    slow = sum(1 for w in waits if w > max_wait)
    bad = sum(n for o, n in outcomes.items() if not o.startswith(("2", "3")))

    def pct(p: float) -> float:
        return waits[min(len(waits) - 1, int(p * len(waits)))]

    print(f"requests: {len(results)}   answers: {dict(sorted(outcomes.items()))}")
    print(
        f"wait (s): median {statistics.median(waits):.3f}  p90 {pct(0.9):.3f}  "
        f"p99 {pct(0.99):.3f}  max {waits[-1]:.3f}   over {max_wait:g} s: {slow}   errors: {bad}"
    )
    by_path = defaultdict(list)
    for path, _, wait in results:
        by_path[re.sub(r"\d+", "N", path)].append(wait)
    for path, values in sorted(by_path.items(), key=lambda item: -max(item[1])):
        values.sort()
        print(
            f"  {path:40} n={len(values):5}  median {statistics.median(values):.3f}  "
            f"max {values[-1]:.3f}"
        )
    return slow == 0 and bad == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=50.0, help="requests a second")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--port", type=int, default=8105)
    parser.add_argument("--threads", type=int, default=8, help="server threads (chiso serve)")
    parser.add_argument(
        "--processes", type=int, default=os.cpu_count() or 1, help="web processes (chiso serve)"
    )
    parser.add_argument("--max-wait", type=float, default=2.0)
    parser.add_argument("--fresh", action="store_true", help="rebuild var/load/ first")
    args = parser.parse_args()
    if not 0 < args.rate <= 200 or not 0 < args.seconds <= 600:
        raise SystemExit("rate must be in (0, 200] and seconds in (0, 600]")
    if args.fresh and VAR.exists():
        shutil.rmtree(VAR)
    env = _env(args)
    prepare(env)
    server = start_server(env, args.port, args.threads, args.processes)
    try:
        cookies = {name: login(args.port, name) for name in PERSONAS}
        pairs = targets(args.port, cookies)
        print(f"{len(pairs)} pages, {args.rate:g} requests/s for {args.seconds:g} s")
        # enough client threads that no request waits for a free one (open loop)
        workers = int(args.rate * (CLIENT_TIMEOUT + 1)) + 10
        results = run(args.port, cookies, pairs, args.rate, args.seconds, max_workers=workers)
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
    return 0 if report(results, args.max_wait) else 1


if __name__ == "__main__":
    sys.exit(main())
