"""What users feel: every page a persona lands on or clicks next, at 1x and 10x the province.

    python bench/bench_pages.py                # 1x and 10x (10x builds 1.4 million periods: slow)
    python bench/bench_pages.py --scales 1     # quick run (or BENCH_SCALES=1)

Each scale is built once into a throw-away SQLite database under var/bench/ (delete the file
to rebuild; BENCH_DATABASE_URL=postgres://... measures a throw-away PostgreSQL database
instead; BENCH_AFTER_BUILD=cmd1,cmd2 runs management commands once after a build, such as a
rebuild of stored figures) and measured in its own process, since Django binds one database
per process. The clock is fixed at the dataset's "today" (time-machine) while building and
measuring, so the mix of overdue, due and done periods is the same on every run, whatever the
calendar says.

For each page: median server time (Django test client), its ratio to the logged-in profile page
of the same run, query count, HTML size, and the growth of its time from 1x to 10x. Budgets
(printed and marked "OVER", never asserted): every page <= 5x the profile page at 1x, and
<= 1.5x its own 1x time at 10x.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
DATASET_VERSION = 1  # bump when bench/dataset.py changes shape: older files are rebuilt
SCALES = {
    1: dict(units=300, tasks=10_000, reports=100_000),
    10: dict(units=300, tasks=100_000, reports=1_000_000),
}
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
BUDGET_VS_PROFILE = 5.0
BUDGET_GROWTH = 1.5
SEED_PLAN = ROOT / "data" / "seeds" / "tuy-phuoc-2023-par-sipas.txt"


# --- one scale, in its own process -------------------------------------------------------------


def _setup(scale: int) -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        os.environ["DATABASE_URL"] = url.rstrip("/") + f"_{scale}x"
    else:
        db = BENCH_DIR / f"pages-{scale}x-v{DATASET_VERSION}.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("MEDIA_ROOT", str(BENCH_DIR / "media"))
    if url:
        _create_pg_database(os.environ["DATABASE_URL"])
    import django

    django.setup()


def _create_pg_database(url: str) -> None:
    # The throw-away database is created on first use (bench only; psycopg is a dependency).
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not found:
            conn.execute(f'CREATE DATABASE "{name}"')


def _build(scale: int):
    from django.core.management import call_command

    from bench.dataset import build_dataset
    from chiso.orgs.models import OrgUnit

    call_command("migrate", verbosity=0)
    if not OrgUnit.objects.exists():
        start = time.perf_counter()
        info = build_dataset(**SCALES[scale], seed=1)
        took = time.perf_counter() - start
        print(f"  built {info['occurrences']} periods, {info['reports']} reports in {took:.0f}s")
        for command in filter(None, os.environ.get("BENCH_AFTER_BUILD", "").split(",")):
            call_command(command.strip(), verbosity=0)  # e.g. a rebuild of stored figures
        _analyse()
    return OrgUnit.objects.filter(parent__isnull=True).order_by("pk").first()


def _analyse() -> None:
    """Planner statistics, as autovacuum keeps them on a database that grew over months (a
    bulk-built PostgreSQL database has none; SQLite's planner does without)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _personas(root):
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from chiso.orgs.models import Membership, Role
    from chiso.tracking.models import Occurrence

    User = get_user_model()
    busiest = Occurrence.objects.values("unit_id").annotate(n=Count("pk")).order_by("-n").first()
    people = {}
    for name, unit_id, role in [
        ("officer", busiest["unit_id"], Role.OFFICER),
        ("coordinator", root.pk, Role.COORDINATOR),
        ("leader", root.pk, Role.LEADER),
    ]:
        user, new = User.objects.get_or_create(username=f"bench-{name}")
        if new:
            Membership.objects.create(user=user, unit_id=unit_id, role=role)
        people[name] = user
    return people


def _import_job(user, root) -> int:
    from chiso.importer.models import ImportJob
    from chiso.importer.services import import_start

    job = ImportJob.objects.filter(user=user).order_by("-pk").first()
    if job is None:
        job = import_start(
            user=user,
            filename=SEED_PLAN.name,
            data=SEED_PLAN.read_bytes(),
            owner_unit=root,
            background=False,
        )
    return job.pk


def _pages(root, people) -> list[tuple[str, str, str]]:
    """(label, persona, url) of every page measured; the profile page first."""
    from chiso.plans.models import Plan

    plan = Plan.objects.order_by("-date", "-pk").first()
    job = _import_job(people["coordinator"], root)
    unit = people["officer"].memberships.get().unit_id
    return [
        ("profile page (reference)", "officer", "/tai-khoan/"),
        ("officer home", "officer", "/"),
        ("coordinator home", "coordinator", "/"),
        ("leader home (→ dashboard)", "leader", "/"),
        ("dashboard", "leader", "/tong-quan/"),
        ("dashboard, year 2026", "leader", "/tong-quan/?nam=2026"),
        ("dashboard, one plan", "leader", f"/tong-quan/?ke_hoach={plan.pk}"),
        (
            "dashboard drill: overdue",
            "leader",
            "/tong-quan/chi-tiet/ky-thuc-hien/?trang_thai=overdue",
        ),
        ("officer task list (open)", "officer", "/nhiem-vu/cua-don-vi/"),
        ("officer task list (all)", "officer", "/nhiem-vu/cua-don-vi/?tat_ca=1"),
        ("officer task list, page 2", "officer", "/nhiem-vu/cua-don-vi/?tat_ca=1&trang=2"),
        ("coordinator inbox", "coordinator", "/nhiem-vu/tham-dinh/"),
        ("inbox filtered (PCI)", "coordinator", "/nhiem-vu/tham-dinh/?chi_so=PCI"),
        ("completion rates", "coordinator", "/nhiem-vu/ti-le-hoan-thanh/"),
        ("plan list", "coordinator", "/ke-hoach/"),
        ("plan page", "coordinator", f"/ke-hoach/{plan.pk}/"),
        ("import review", "coordinator", f"/nhap-ke-hoach/{job}/"),
        ("unit page (officer's unit)", "coordinator", f"/don-vi/{unit}/"),
        ("unit page (province)", "coordinator", f"/don-vi/{root.pk}/"),
    ]


def _measure(client, url: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # A page that sends its persona on (a leader's home opens the dashboard) is timed with the
    # page it leads to: that is what the user waits for.
    response = client.get(url, follow=True)  # warm-up
    if response.status_code != 200:
        return {"error": f"HTTP {response.status_code}"}
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(url, follow=True)
        times.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, follow=True)
    return {
        "ms": statistics.median(times) * 1000,
        "queries": len(ctx.captured_queries),
        "kb": len(response.content) / 1024,
    }


def run_scale(scale: int) -> dict:
    import time_machine

    _setup(scale)
    from bench.dataset import TODAY

    with time_machine.travel(f"{TODAY.isoformat()} 09:00 +0700", tick=False):
        from django.test import Client

        root = _build(scale)
        people = _personas(root)
        clients = {}
        for name, user in people.items():
            clients[name] = Client()
            clients[name].force_login(user)
        results = {}
        for label, persona, url in _pages(root, people):
            results[label] = {"url": url, **_measure(clients[persona], url)}
            print(f"  {scale:>2}x {label:<30} {results[label].get('ms', 0):9.1f} ms", flush=True)
    return results


# --- the table -------------------------------------------------------------------------------


def _table(runs: dict[int, dict]) -> str:
    scales = sorted(runs)
    base = runs[scales[0]]
    big = runs[scales[-1]] if len(scales) > 1 else None
    ref = base["profile page (reference)"].get("ms") or 1.0
    head = f"{'page':<30} {'ms 1x':>8} {'x prof':>7} {'queries':>7} {'KB':>7}"
    if big:
        head += f" {'ms 10x':>8} {'x prof':>7} {'KB 10x':>7} {'growth':>7}"
    lines = [head + "  budget", "-" * (len(head) + 8)]
    big_ref = (big or {}).get("profile page (reference)", {}).get("ms") or 1.0
    for label, row in base.items():
        if "error" in row:
            lines.append(f"{label:<30} {row['error']}")
            continue
        ratio = row["ms"] / ref
        over = []
        if ratio > BUDGET_VS_PROFILE and not label.startswith("profile"):
            over.append(f">{BUDGET_VS_PROFILE:g}x profile")
        line = f"{label:<30} {row['ms']:8.1f} {ratio:7.1f} {row['queries']:7d} {row['kb']:7.1f}"
        if big:
            other = big.get(label, {})
            if "ms" in other:
                growth = other["ms"] / row["ms"]
                line += (
                    f" {other['ms']:8.1f} {other['ms'] / big_ref:7.1f} {other['kb']:7.1f}"
                    f" {growth:6.1f}x"
                )
                if growth > BUDGET_GROWTH:
                    over.append(f"grows >{BUDGET_GROWTH:g}x")
            else:
                line += f" {other.get('error', 'not measured'):>33}"
        lines.append(line + ("  OVER: " + ", ".join(over) if over else "  ok"))
    lines.append(
        f"Budgets: <= {BUDGET_VS_PROFILE:g}x the profile page at 1x; <= {BUDGET_GROWTH:g}x own "
        "1x time at 10x. Times are server-side (Django test client), median of "
        f"{RUNS} after a warm-up."
    )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default=os.environ.get("BENCH_SCALES", "1,10"))
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child process: one scale
    args = parser.parse_args(argv)
    if args.one:
        print("RESULT " + json.dumps(run_scale(args.one)))
        return 0
    runs = {}
    for scale in [int(s) for s in args.scales.split(",") if s.strip()]:
        print(f"== {scale}x: {SCALES[scale]}", flush=True)
        with subprocess.Popen(
            [sys.executable, __file__, "--one", str(scale)], stdout=subprocess.PIPE, text=True
        ) as proc:
            for line in proc.stdout:
                if line.startswith("RESULT "):
                    runs[scale] = json.loads(line[len("RESULT ") :])
                else:
                    print(line, end="", flush=True)
        if proc.returncode:
            return proc.returncode
    print(_table(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
