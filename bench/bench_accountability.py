"""Inspections, initiatives and dialogues: the main pages at demo scale and at province scale.

`python bench/bench_accountability.py` builds a throw-away SQLite database under var/bench/:

1. demo scale: the demo organisation and `chiso.accountability.demo` (a 2025 inspection plan on
   a third of the departments, initiatives, dialogues);
2. province scale: 300 more units in one group, an inspection plan covering 100 of them with
   3 recommendations each (300 follow-up tasks, a third closed through report and acceptance),
   2 initiatives per unit (600), and 300 dialogues with 2 commitments each (600 tasks);

and after each times, as the coordinator, the inspection plan list and page, an inspection, the
initiative and dialogue lists of the group, the recommendations API, and the three per-unit
selectors the emulation score reads (median of 5 runs, query count), next to the profile page:
each row's time is also given as a multiple of the profile page's in the same run, and a row
above the budget of issue #17 (5×) is flagged "vượt 5×".
BENCH_DATABASE_URL=postgres://… runs it on PostgreSQL instead (the database must exist).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
DB = BENCH_DIR / "accountability.sqlite3"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
RUNS = int(os.environ.get("BENCH_RUNS", "5"))  # more on a noisy machine
BUDGET = 5  # issue #17: a page costs at most 5× the profile page of the same run
UNITS, INSPECTED, RECS, INITIATIVES, DIALOGUES, COMMITMENTS = 300, 100, 3, 2, 300, 2
YEAR = 2025
TODAY = date(2025, 12, 31)


def fresh_database() -> None:
    import django
    from django.core.management import call_command

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("BENCH_DATABASE_URL"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DB}{suffix}").unlink(missing_ok=True)
    django.setup()
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)


def demo_scale():
    from chiso.accountability import demo
    from chiso.frameworks.loader import load_shipped_frameworks
    from chiso.orgs.demo import load_demo_orgs

    load_demo_orgs()
    load_shipped_frameworks()
    started = time.perf_counter()
    demo.load_demo()
    print(f"demo: tạo trong {time.perf_counter() - started:.1f} s")


def _close(item, completed: date, reviewer) -> None:
    from chiso.tracking.models import Occurrence
    from chiso.tracking.services import report_accept, report_save

    occurrence = Occurrence.objects.get(task=item.task)
    report = report_save(
        occurrence=occurrence,
        by=None,
        work_status="done",
        percent=100,
        narrative="Đã thực hiện.",
        completed_on=completed,
        submit=True,
    )
    report_accept(report=report, by=reviewer)


def province_scale():
    from django.contrib.auth import get_user_model

    from chiso.accountability import services
    from chiso.orgs import services as org_services
    from chiso.orgs.models import OrgUnit, UnitType

    started = time.perf_counter()
    province = OrgUnit.objects.get(name="Ủy ban nhân dân tỉnh Đồng Nai", parent=None)
    noivu = OrgUnit.objects.get(name="Sở Nội vụ", parent=province)
    reviewer = get_user_model().objects.get(username="noivu")
    units = [
        org_services.unit_create(
            name=f"Ủy ban nhân dân xã Đo Tải {i:03d}", unit_type=UnitType.COMMUNE, parent=province
        )
        for i in range(UNITS)
    ]
    group = org_services.group_save(name="Các xã đo tải", scope=province, members=units)
    plan = services.inspection_plan_create(
        year=YEAR,
        title="Kiểm tra CCHC các xã năm 2025 (đo tải)",
        owner_unit=province,
        inspecting_unit=noivu,
        group=group,
    )
    for n, unit in enumerate(units[:INSPECTED]):
        inspection = services.inspection_add(inspection_plan=plan, unit=unit)
        held = date(YEAR, 3 + n % 6, 10)
        services.inspection_record(
            inspection=inspection, inspected_on=held, findings="Còn tồn tại.", today=TODAY
        )
        for r in range(RECS):
            due = held + timedelta(days=30 * (r + 1))
            rec = services.recommendation_add(
                inspection=inspection, content=f"Kiến nghị {r + 1}", deadline=due
            )
            if r == 0:
                _close(rec, due - timedelta(days=3), reviewer)
    for unit in units:
        for k in range(INITIATIVES):
            services.initiative_save(
                unit=unit,
                year=YEAR,
                title=f"Sáng kiến {k + 1}",
                status="recognised" if k == 0 else "proposed",
                recognition_level="base" if k == 0 else "",
                decision_number="1/QĐ" if k == 0 else "",
                decision_date=date(YEAR, 11, 1) if k == 0 else None,
            )
    services.dialogue_target_save(year=YEAR, group=group, per_year=4, per_quarter=1)
    for n in range(DIALOGUES):
        dialogue = services.dialogue_create(
            unit=units[n % UNITS],
            held_on=date(YEAR, 1 + n % 12, 5),
            chair="Chủ tịch UBND xã",
            audience="citizens",
            topics=f"Đối thoại số {n}",
            monitoring_unit=noivu,
            today=TODAY,
        )
        for k in range(COMMITMENTS):
            services.commitment_add(
                dialogue=dialogue, content=f"Cam kết {k + 1}", deadline=date(YEAR + 1, 3, 31)
            )
    print(
        f"quy mô tỉnh: {UNITS} đơn vị, {INSPECTED} cuộc kiểm tra × {RECS} kiến nghị, "
        f"{UNITS * INITIATIVES} sáng kiến, {DIALOGUES} đối thoại × {COMMITMENTS} cam kết; "
        f"tạo trong {time.perf_counter() - started:.1f} s"
    )
    return plan, group, units


def measure(fn) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            fn()
            times.append((time.perf_counter() - start) * 1000)
        queries = len(captured)
    return statistics.median(times), queries


def page(client, url):
    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return get


def report(title: str, client, plan, group, unit_ids) -> None:
    from chiso.accountability import selectors

    inspection = plan.inspections.order_by("pk").first()
    rows = [
        ("trang hồ sơ (mốc so sánh)", page(client, "/tai-khoan/")),
        ("danh sách kế hoạch kiểm tra", page(client, "/kiem-tra/")),
        ("kế hoạch kiểm tra (tỉ lệ)", page(client, f"/kiem-tra/{plan.pk}/")),
        ("một cuộc kiểm tra", page(client, f"/kiem-tra/cuoc/{inspection.pk}/")),
        ("sáng kiến của nhóm", page(client, f"/sang-kien/?nam={YEAR}&nhom={group.pk}")),
        ("đối thoại của nhóm", page(client, f"/doi-thoai/?nam={YEAR}&nhom={group.pk}")),
        ("API kiến nghị (100 dòng)", page(client, "/api/v1/recommendations?limit=100")),
        (
            "số liệu thi đua (3 hàm)",
            lambda: (
                selectors.recommendation_counts(year=YEAR, unit_ids=unit_ids, today=TODAY),
                selectors.commitment_counts(year=YEAR, unit_ids=unit_ids, today=TODAY),
                selectors.initiative_counts(year=YEAR, unit_ids=unit_ids),
            ),
        ),
    ]
    print(f"\n{title}")
    print(f"{'trang':<30} {'trung vị ms':>11} {'× hồ sơ':>8} {'truy vấn':>9}")
    base_ms = None
    for label, fn in rows:
        ms, queries = measure(fn)
        base_ms = base_ms or ms  # the first row: the profile page of this run
        ratio = ms / base_ms
        flag = f"  vượt {BUDGET}×" if ratio > BUDGET else ""
        print(f"{label:<30} {ms:>11.1f} {ratio:>8.1f} {queries:>9}{flag}")


def main() -> None:
    fresh_database()
    demo_scale()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from chiso.accountability.models import InspectionPlan
    from chiso.orgs.models import OrgUnit, UnitGroup

    client = Client()
    client.force_login(get_user_model().objects.get(username="noivu"))
    demo_plan = InspectionPlan.objects.get(year=YEAR)
    report(
        "Quy mô dữ liệu mẫu",
        client,
        demo_plan,
        demo_plan.group or UnitGroup.objects.first(),
        list(OrgUnit.objects.values_list("pk", flat=True)),
    )
    plan, group, units = province_scale()
    report(
        "Quy mô tỉnh",
        client,
        plan,
        group,
        list(OrgUnit.objects.values_list("pk", flat=True)),
    )


if __name__ == "__main__":
    main()
