"""Queries and server time of the officer's task list and the reviewer's inbox at two dataset
sizes: `python bench/bench_tracking.py`. The query count must not grow with the data.

Each size is built once into a throw-away SQLite database under var/bench/ (delete the file to
rebuild) and measured in its own process, since Django binds one database per process.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
SIZES = {
    "small": dict(units=100, tasks=2_000, reports=20_000),
    "large": dict(units=300, tasks=10_000, reports=100_000),
}
RUNS = int(os.environ.get("BENCH_RUNS", "5"))  # more on a noisy machine


def _setup(size: str) -> Path:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    db = BENCH_DIR / f"tracking-{size}.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    import django

    django.setup()
    return db


def _build(size: str):
    from django.core.management import call_command

    from chiso.orgs.models import OrgUnit

    call_command("migrate", verbosity=0)
    if not OrgUnit.objects.exists():
        from bench.dataset import build_dataset

        start = time.perf_counter()
        info = build_dataset(**SIZES[size], seed=1)
        print(f"  built {info['occurrences']} occurrences in {time.perf_counter() - start:.1f}s")
    return OrgUnit.objects.filter(parent__isnull=True).order_by("pk").first()


def _users(root):
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from chiso.orgs.models import Membership, Role
    from chiso.tracking.models import Occurrence

    User = get_user_model()
    busiest = Occurrence.objects.values("unit_id").annotate(n=Count("pk")).order_by("-n").first()
    officer, new = User.objects.get_or_create(username="bench-officer")
    if new:
        Membership.objects.create(user=officer, unit_id=busiest["unit_id"], role=Role.OFFICER)
    coordinator, new = User.objects.get_or_create(username="bench-coordinator")
    if new:
        Membership.objects.create(user=coordinator, unit=root, role=Role.COORDINATOR)
    return officer, coordinator, busiest["n"]


def _measure(client, url: str) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200, url  # warm-up
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return statistics.median(times), len(ctx.captured_queries)


def run(size: str) -> None:
    _setup(size)
    from django.test import Client

    from chiso.plans.models import Task
    from chiso.tracking.models import Occurrence, ProgressReport

    root = _build(size)
    officer, coordinator, unit_occ = _users(root)
    print(
        f"== {size}: tasks={Task.objects.count()} occurrences={Occurrence.objects.count()} "
        f"reports={ProgressReport.objects.count()} (officer's unit: {unit_occ} occurrences)"
    )
    cases = [
        (officer, "officer task list (open)", "/nhiem-vu/cua-don-vi/"),
        (officer, "officer task list (all)", "/nhiem-vu/cua-don-vi/?tat_ca=1"),
        (coordinator, "coordinator inbox", "/nhiem-vu/tham-dinh/"),
        (coordinator, "inbox filtered (PCI)", "/nhiem-vu/tham-dinh/?index_code=PCI"),
        (coordinator, "completion rates", "/nhiem-vu/ti-le-hoan-thanh/"),
    ]
    for user, label, url in cases:
        client = Client()
        client.force_login(user)
        median, queries = _measure(client, url)
        print(f"  {label:<28} {queries:3d} queries  median {median * 1000:8.1f} ms")


def main() -> int:
    if len(sys.argv) > 1:
        run(sys.argv[1])
        return 0
    for size in SIZES:
        subprocess.run([sys.executable, __file__, size], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
