"""Compiled report on a province-scale dataset: time and peak memory per step.

    python bench/bench_reports.py [--units 300 --tasks 10000 --reports 100000]

Uses a throw-away SQLite database under var/bench/. The dataset comes from bench/dataset.py
(`build_dataset`, shared with the other benchmarks) when it is there, else from the small
generator below, which makes the same shape: an org tree, one plan, tasks with a lead unit,
quarterly occurrences and progress reports.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var" / "bench" / f"reports-{os.getpid()}"
sys.path.insert(0, str(ROOT))


def setup_django() -> None:
    shutil.rmtree(VAR, ignore_errors=True)
    VAR.mkdir(parents=True)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"sqlite:///{VAR / 'bench.sqlite3'}",
        MEDIA_ROOT=str(VAR / "media"),
        CHISO_VAR_DIR=str(VAR),
        LOG_LEVEL="WARNING",
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def fallback_dataset(*, units: int, tasks: int, reports: int, seed: int = 1) -> dict:
    """One province, `units` lead units, one plan, quarterly occurrences through 2024."""
    from django.utils import timezone

    from chiso.frameworks.vocabulary import INDEX_CODES
    from chiso.orgs.models import OrgUnit
    from chiso.plans.models import Plan, Task
    from chiso.tracking.models import Occurrence, ProgressReport

    rng = random.Random(seed)
    root = OrgUnit.objects.create(unit_type="province", name="Ủy ban nhân dân tỉnh Bench")
    root.path = f"{root.pk:06d}/"
    root.save()
    children = OrgUnit.objects.bulk_create(
        OrgUnit(unit_type="department", name=f"Sở số {i}", parent=root, depth=1)
        for i in range(units)
    )
    for u in children:
        u.path = f"{root.path}{u.pk:06d}/"
    OrgUnit.objects.bulk_update(children, ["path"])
    plan = Plan.objects.create(
        number="1/KH-BENCH",
        owner_unit=root,
        coordinator_unit=children[0],
        title="Kế hoạch thử tải",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )
    components = [f"Chỉ số thành phần {i}" for i in range(1, 31)]
    task_rows = Task.objects.bulk_create(
        Task(
            plan=plan,
            order=i,
            number=str(i),
            content=f"Nhiệm vụ số {i}: triển khai nội dung cải cách hành chính",
            index_code=rng.choice(INDEX_CODES),
            component_text=rng.choice(components),
            deadline_raw="Hằng quý",
        )
        for i in range(1, tasks + 1)
    )
    occurrences = []
    for task in task_rows:
        unit = rng.choice(children)
        for q in range(4):
            start = date(2024, 3 * q + 1, 1)
            due = start + timedelta(days=rng.randint(20, 88))
            done = rng.random() < 0.7 and due < date(2024, 12, 14)
            occurrences.append(
                Occurrence(
                    task=task,
                    unit=unit,
                    period_label=f"Quý {q + 1}/2024",
                    period_start=start,
                    period_end=start + timedelta(days=89),
                    due_date=due,
                    completed_on=due + timedelta(days=rng.randint(-15, 10)) if done else None,
                    percent=100 if done else rng.choice([0, 20, 50, 80]),
                )
            )
    occurrences = Occurrence.objects.bulk_create(occurrences, batch_size=2000)
    now = timezone.now()
    chosen = rng.sample(occurrences, min(reports, len(occurrences)))
    ProgressReport.objects.bulk_create(
        (
            ProgressReport(
                occurrence=o,
                unit_id=o.unit_id,
                state=rng.choice(["submitted", "accepted"]),
                percent=o.percent,
                narrative="Đã triển khai theo kế hoạch, kết quả đạt yêu cầu.",
                submitted_at=now,
                first_submitted_at=now,
            )
            for o in chosen
        ),
        batch_size=2000,
    )
    return {"plan": plan, "units": len(children), "tasks": tasks, "occurrences": len(occurrences)}


def build(units: int, tasks: int, reports: int, one_plan: bool) -> tuple[list, str]:
    from chiso.plans.models import Plan

    try:
        from bench.dataset import build_dataset
    except ImportError:
        one_plan = True
    if one_plan:
        fallback_dataset(units=units, tasks=tasks, reports=reports)
        source = "one plan holding every task (bench_reports generator)"
    else:
        build_dataset(units=units, tasks=tasks, reports=reports, seed=1)
        source = "bench/dataset.py"
    return list(Plan.objects.order_by("pk")), source


def busiest_year(plan) -> int:
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from chiso.tracking.models import Occurrence

    row = (
        Occurrence.objects.filter(task__plan=plan, due_date__isnull=False)
        .annotate(y=ExtractYear("due_date"))
        .values("y")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    return row["y"] if row else date.today().year


def one_report(plan, period) -> tuple[float, object]:
    from chiso.reports import services

    start = time.perf_counter()
    report = services.report_generate(
        kind="compiled", plan=plan, period=period, today=period.data_end
    )
    return time.perf_counter() - start, report


def close_and_report(plan, period) -> None:
    """Period close (chốt số liệu) of the slowest plan, then its report from the snapshot."""
    from chiso.reports import closing

    start = time.perf_counter()
    close = closing.period_close(
        plan=plan,
        period=period,
        by=None,
        today=period.data_end.replace(year=period.data_end.year + 1),
    )
    closed = time.perf_counter() - start
    elapsed, _ = one_report(plan, period)
    print(
        f"period close: {close.figures.count()} unit snapshots in {closed:.2f} s; "
        f"report from the snapshot {elapsed:.2f} s"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument(
        "--one-plan", action="store_true", help="put every task in one plan (worst case)"
    )
    args = parser.parse_args(argv)
    setup_django()
    from chiso.reports import services
    from chiso.reports.models import Report

    start = time.perf_counter()
    plans, source = build(args.units, args.tasks, args.reports, args.one_plan)
    print(f"dataset ({source}): {len(plans)} plans, {time.perf_counter() - start:.1f} s")
    period = services.period_from_code(f"{busiest_year(plans[0])}-Y")
    times = [(one_report(plan, period)[0], plan.pk) for plan in plans]
    slowest, plan_pk = max(times)
    total = sum(t for t, _ in times)
    print(
        f"compiled reports {period.code} for {len(plans)} plans: total {total:.1f} s, "
        f"mean {total / len(times):.2f} s, slowest {slowest:.2f} s"
    )
    report = Report.objects.get(plan_id=plan_pk, kind="compiled", period_code=period.code)
    content = report.content
    print(
        f"slowest: {len(content['tasks'])} occurrences, {len(content['units'])} units, "
        f"{len(content['late'])} late, docx {report.docx.size / 1024:.0f} KB, "
        f"xlsx {report.xlsx.size / 1024:.0f} KB"
    )
    plan = report.plan
    tracemalloc.start()
    one_report(plan, period)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"peak Python memory of the slowest report: {peak / 1024 / 1024:.0f} MB (tracemalloc)")
    steps: list[tuple[float, int, str]] = []
    start = time.perf_counter()
    services.report_generate(
        kind="compiled",
        plan=plan,
        period=period,
        today=period.data_end,
        progress=lambda pct, msg: steps.append((time.perf_counter(), pct, msg)),
    )
    print(f"slowest again, by step: {time.perf_counter() - start:.2f} s")
    previous, label = start, "Kiểm tra, chuẩn bị"
    for moment, _pct, message in steps:
        print(f"  {moment - previous:7.2f} s  {label}")
        previous, label = moment, message
    close_and_report(plan, period)
    shutil.rmtree(VAR, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
