"""The emulation ranking at demo scale and at a generated larger scale.

`python bench/bench_emulation.py` builds a throw-away SQLite database under var/bench/ with the
demo organisation, then for two groups — the demo departments (about 20 units) and a generated
group of 300 units — a year of plan periods (12 a unit, every status), explanation requests and
one-stop roll-up rows, and the group's emulation model. It times, as the coordinator (median of
5 runs, query count): the live ranking page of the draft, the scores API, one unit's breakdown,
the what-if recomputation (each again right after a write, when the sources' cached values are
read anew: after a change of every module, and after one report on a period of the unit
shown), then freezing and the frozen ranking page. Each page's time is also
given as a multiple of the profile page's (`/tai-khoan/`, timed in the same run); a page over
the budget of 5× is flagged "vượt 5×".
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
DB = BENCH_DIR / "emulation.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
RUNS = int(os.environ.get("BENCH_RUNS", "5"))  # more on a noisy machine
BUDGET = 5  # a page may cost at most this many times the profile page (issue #17)
LARGE = 300
YEAR = 2025


def _work(units, noivu) -> None:
    """12 monthly periods a unit in every status, some explanation requests, one-stop rows."""
    from chiso.dossiers.models import DossierUnitMonthly
    from chiso.orgs.models import OrgUnit
    from chiso.plans.services import AssigneeSpec, TaskSpec, plan_create
    from chiso.tracking.models import ExplanationRequest, Occurrence

    province = units[0].parent
    plan = plan_create(
        owner_unit=province,
        coordinator_unit=OrgUnit.objects.get(name="Sở Nội vụ"),
        number=f"{len(units)}/KH-UBND",
        title=f"Kế hoạch đo tải {len(units)} đơn vị",
        period_start=date(YEAR, 1, 1),
        period_end=date(YEAR, 12, 31),
        tasks=[TaskSpec(content="Nhiệm vụ đo tải", assignees=[AssigneeSpec("lead", units[0])])],
    )
    task = plan.tasks.get()
    occurrences = []
    for i, unit in enumerate(units):
        for month in range(1, 13):
            due = date(YEAR, month, 28)
            late = (i + month) % 5 == 0
            done = None if (i + month) % 7 == 0 else due + timedelta(days=3 if late else -2)
            occurrences.append(
                Occurrence(
                    task=task,
                    unit=unit,
                    period_label=f"Tháng {month}/{YEAR}",
                    period_start=date(YEAR, month, 1),
                    period_end=due,
                    due_date=due,
                    completed_on=done,
                    first_reported_on=done,
                )
            )
    Occurrence.objects.filter(task=task).delete()
    created = Occurrence.objects.bulk_create(occurrences, batch_size=2000)
    ExplanationRequest.objects.bulk_create(
        ExplanationRequest(occurrence=o, requested_by=noivu, question="Vì sao chậm?")
        for o in created[::17]
    )
    DossierUnitMonthly.objects.bulk_create(
        DossierUnitMonthly(
            unit=u, month=YEAR * 100 + m, resolved=50, early=10, on_time=35 - (i % 9), late=5
        )
        for i, u in enumerate(units)
        for m in range(1, 13)
    )


def build():
    import django
    from django.core.management import call_command

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    DB.unlink(missing_ok=True)
    django.setup()
    call_command("migrate", verbosity=0)

    from django.contrib.auth import get_user_model

    from chiso.emulation import services
    from chiso.orgs import services as org_services
    from chiso.orgs.demo import load_demo_orgs
    from chiso.orgs.models import UnitGroup, UnitType
    from chiso.orgs.services import group_resolved_members

    province = load_demo_orgs()
    noivu = get_user_model().objects.get(username="noivu")
    departments = UnitGroup.objects.get(name="Các Sở, ban, ngành", scope=province)
    start = time.perf_counter()
    _work(list(group_resolved_members(departments)), noivu)
    large_units = [
        org_services.unit_create(
            name=f"Xã thử nghiệm {i:03d}", unit_type=UnitType.COMMUNE, parent=province
        )
        for i in range(LARGE)
    ]
    large = org_services.group_save(name="Nhóm đo tải", scope=province, members=large_units)
    _work(large_units, noivu)
    models = [
        services.model_create(year=YEAR, group=group, by=noivu) for group in (departments, large)
    ]
    print(f"dữ liệu tạo trong {time.perf_counter() - start:.1f} s")
    return models


def any_write() -> None:
    """What moves before each request of a row "after a change": every module's data version
    (the worst case, a reorganisation): every source is read again."""
    from chiso.core import figures

    figures.bump()


def report_on(unit_id: int):
    """A write before each request of a row "after a report": one period of the unit turns
    done (or back), as an accepted report does, the most frequent write of a province. Its
    roll-ups and data version move as in use; the sources that do not read tasks stay kept."""
    from chiso.tracking.models import Occurrence

    occurrence = Occurrence.objects.filter(unit_id=unit_id).order_by("due_date", "pk").first()

    def write() -> None:
        if occurrence.completed_on is None:
            occurrence.completed_on = occurrence.first_reported_on = occurrence.due_date
        else:
            occurrence.completed_on = occurrence.first_reported_on = None
        occurrence.save()

    return write


def measure(client, url: str, data=None, *, before=None):
    """(median ms, queries, bytes) of RUNS requests; with `before`, each request follows that
    write, so the values it changed are read anew as on the first view after it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries, size = [], 0, 0
    for _ in range(RUNS):
        if before is not None:
            before()
        connection.queries_log.clear()  # past 9,000 logged queries the count would read 0
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.post(url, data) if data is not None else client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries, size = len(captured), len(response.content)
    return statistics.median(times), queries, size


def main() -> None:
    models = build()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from chiso.emulation import services
    from chiso.emulation.selectors import group_units

    noivu = get_user_model().objects.get(username="noivu")
    client = Client()
    client.force_login(noivu)
    base_ms, base_queries, base_size = measure(client, "/tai-khoan/")
    print(f"{'trang':<40} {'trung vị ms':>11} {'× hồ sơ':>8} {'truy vấn':>9} {'kB':>7}")

    def row(label: str, ms: float, queries: int, size: int) -> None:
        ratio = ms / base_ms
        flag = "" if round(ratio, 1) <= BUDGET else f"  vượt {BUDGET}×"
        print(f"{label:<40} {ms:>11.1f} {ratio:>8.1f} {queries:>9} {size / 1024:>7.1f}{flag}")

    row("trang hồ sơ (mốc so sánh)", base_ms, base_queries, base_size)
    for model in models:
        units = group_units(model)
        unit = units[len(units) // 2]
        scale = f"{len(units)} đv"
        pages = [
            (f"xếp hạng dự thảo, {scale}", f"/thi-dua/{model.pk}/", None),
            (f"API điểm, {scale}", f"/api/v1/emulation/{YEAR}/scores?group={model.group_id}", None),
            (f"một đơn vị, {scale}", f"/thi-dua/{model.pk}/don-vi/{unit.pk}/", None),
            (f"xem thử trọng số, {scale}", f"/thi-dua/{model.pk}/thu/", {"trong_so_TD1": "50"}),
        ]
        for label, url, data in pages:
            row(label, *measure(client, url, data))
        # the values are kept until the data change: the first view after a change reads them
        for label, url, data in pages:
            row(f"{label}, sau thay đổi", *measure(client, url, data, before=any_write))
        report = report_on(unit.pk)
        for label, url, data in pages:
            row(f"{label}, sau một báo cáo", *measure(client, url, data, before=report))
        start = time.perf_counter()
        model.refresh_from_db()
        services.model_freeze(model=model, by=noivu, version=model.version)
        print(f"{'chốt kết quả, ' + scale:<40} {(time.perf_counter() - start) * 1000:>11.1f}")
        row(f"xếp hạng đã chốt, {scale}", *measure(client, f"/thi-dua/{model.pk}/"))


if __name__ == "__main__":
    main()
