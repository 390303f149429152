"""Server time and query count of the leaders' dashboard on a province-scale dataset.

`python bench/bench_dashboard.py` builds (once) a throw-away SQLite database under var/bench/:
≥ 300 units, ≥ 10,000 tasks, ≥ 100,000 progress reports, 5 years of index results, then
renders the dashboard page, its JSON summary and an xlsx export as the province leader.
Uses tracking's `bench/dataset.py: build_dataset` when present, else a minimal generator.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
DB = BENCH_DIR / "dashboard.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
RUNS = int(os.environ.get("BENCH_RUNS", "5"))  # more on a noisy machine


def setup_django() -> None:
    import django

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    django.setup()


def build() -> dict:
    from django.core.management import call_command

    from chiso.frameworks.loader import load_shipped_frameworks

    fresh = not DB.exists()
    call_command("migrate", verbosity=0)
    from bench import dataset_results as dr
    from chiso.orgs.models import OrgUnit

    if not fresh and OrgUnit.objects.exists():
        return {"root": OrgUnit.objects.filter(parent__isnull=True).order_by("pk").first()}
    start = time.perf_counter()
    load_shipped_frameworks()
    try:
        from bench.dataset import build_dataset  # the tracking engineer's generator
    except ImportError:
        data, generator = dr.build_minimal_dataset(), "bench/dataset_results.py (tối thiểu)"
    else:
        data, generator = (
            build_dataset(units=300, tasks=10_000, reports=100_000),
            "bench/dataset.py",
        )
    from chiso.plans.models import Task

    root = OrgUnit.objects.filter(parent__isnull=True).order_by("pk").first()
    dr.link_tasks(list(Task.objects.values_list("pk", flat=True)))
    results = dr.add_results(list(OrgUnit.objects.all()))
    print(f"dataset: {generator}; {results} results; built in {time.perf_counter() - start:.1f}s")
    return {"root": root, **(data if isinstance(data, dict) else {})}


def leader(root):
    from django.contrib.auth import get_user_model

    from chiso.orgs.models import Membership, Role

    user, created = get_user_model().objects.get_or_create(username="bench-leader")
    if created:
        Membership.objects.create(user=user, unit=root, role=Role.LEADER)
    return user


def measure(client, url: str, params: dict) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, params)  # warm-up
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url, params)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url, params)
    return statistics.median(times), min(times), len(ctx.captured_queries)


def main() -> int:
    setup_django()
    from django.test import Client

    from chiso.orgs.models import OrgUnit
    from chiso.plans.models import Task
    from chiso.tracking.models import Occurrence, ProgressReport

    root = build()["root"]
    client = Client()
    client.force_login(leader(root))
    print(
        f"units={OrgUnit.objects.count()} tasks={Task.objects.count()} "
        f"occurrences={Occurrence.objects.count()} reports={ProgressReport.objects.count()}"
    )
    cases = [
        ("dashboard page", "/tong-quan/", {"don_vi": root.pk}),
        ("dashboard page, year 2025", "/tong-quan/", {"don_vi": root.pk, "nam": 2025}),
        ("dashboard JSON", "/api/v1/dashboard", {"unit_id": root.pk}),
        ("xlsx export: units", "/tong-quan/xuat/don-vi.xlsx", {"don_vi": root.pk}),
    ]
    for label, url, params in cases:
        median, best, queries = measure(client, url, params)
        print(
            f"{label:<28} median {median * 1000:7.1f} ms  best {best * 1000:7.1f} ms  "
            f"{queries} queries"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
