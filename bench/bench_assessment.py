"""PAR assessment at province scale: a round of 150 units × 90 leaves.

`python bench/bench_assessment.py` builds a throw-away SQLite database under var/bench/ with a
generated criteria set (9 fields × 5 criteria × 2 leaves = 90 leaves, every scoring method), a
group of 150 departments, a round where every unit has self-scored and been appraised, then
times the ranking page, a unit's page, the ranking API and a unit's API detail as the
coordinator (median of 5 runs, query count) next to the logged-in profile page, then the
publication annex (.docx and .xlsx) of the round once closed (target: under 10 s each).
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
DB = BENCH_DIR / "assessment.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
RUNS = int(os.environ.get("BENCH_RUNS", "5"))  # more on a noisy machine
UNITS, FIELDS, CRITERIA, LEAVES = 150, 9, 5, 2
METHODS = [
    ("steps", {"steps": [[1.0, 1], [0.8, 0.5], [0, 0]]}, 1),
    ("yes_no", {}, 1),
    ("ratio", {}, 1),
    ("deduction", {"per_violation": 0.25}, 1),
    ("free", {}, 1),
]


def spec() -> dict:
    tree = []
    for f in range(1, FIELDS + 1):
        criteria = []
        for c in range(1, CRITERIA + 1):
            leaves = []
            for leaf in range(1, LEAVES + 1):
                method, params, points = METHODS[(f + c + leaf) % len(METHODS)]
                leaves.append(
                    {
                        "code": f"{f}.{c}.{leaf}",
                        "name": f"Tiêu chí thành phần {f}.{c}.{leaf}",
                        "max": points,
                        "method": method,
                        "params": params,
                    }
                )
            criteria.append(
                {"code": f"{f}.{c}", "name": f"Tiêu chí {f}.{c}", "max": LEAVES, "children": leaves}
            )
        tree.append(
            {
                "code": str(f),
                "name": f"Lĩnh vực {f}",
                "max": CRITERIA * LEAVES,
                "children": criteria,
            }
        )
    return {"name": "Bộ tiêu chí đo tải", "level": "department", "year": 2025, "tree": tree}


def build():
    import django
    from django.core.management import call_command

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    DB.unlink(missing_ok=True)
    django.setup()
    call_command("migrate", verbosity=0)

    from chiso.assessment import services
    from chiso.assessment.models import LeafScore, UnitAssessment
    from chiso.orgs import services as org_services
    from chiso.orgs.demo import load_demo_orgs
    from chiso.orgs.models import OrgUnit, UnitType

    province = load_demo_orgs()
    start = time.perf_counter()
    units = [
        org_services.unit_create(
            name=f"Sở thử nghiệm {i:03d}", unit_type=UnitType.DEPARTMENT, parent=province
        )
        for i in range(UNITS)
    ]
    group = org_services.group_save(name="Nhóm đo tải", scope=province, members=units)
    cset = services.criteria_set_create(spec=spec())
    round_ = services.round_create(
        name="Đợt đo tải",
        year=2025,
        criteria_set=cset,
        group=group,
        coordinator_unit=OrgUnit.objects.get(name="Sở Nội vụ"),
    )
    rows = list(LeafScore.objects.filter(assessment__round=round_).select_related("criterion"))
    for i, row in enumerate(rows):
        row.self_score = row.criterion.max_points if i % 7 else 0
        row.appraised_score = row.self_score if i % 11 else 0
    LeafScore.objects.bulk_update(rows, ["self_score", "appraised_score"], batch_size=2000)
    UnitAssessment.objects.filter(round=round_).update(status="final")
    services.totals_refresh(list(round_.units.values_list("pk", flat=True)))
    print(
        f"dữ liệu: {UNITS} đơn vị × {FIELDS * CRITERIA * LEAVES} tiêu chí thành phần = "
        f"{len(rows)} điểm, tạo trong {time.perf_counter() - start:.1f} s"
    )
    return round_, units[UNITS // 2]


def measure(client, url: str) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries, size = [], 0, 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries, size = len(captured), len(response.content)
    return statistics.median(times), queries, size


def main() -> None:
    round_, unit = build()
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="noivu"))
    base_ms, _, _ = measure(client, "/tai-khoan/")
    pages = [
        ("trang hồ sơ (mốc so sánh)", "/tai-khoan/"),
        ("xếp hạng đợt (trang)", f"/cham-diem/{round_.pk}/"),
        ("một đơn vị (trang)", f"/cham-diem/{round_.pk}/don-vi/{unit.pk}/"),
        ("xếp hạng (API)", f"/api/v1/assessment-rounds/{round_.pk}/ranking"),
        ("một đơn vị (API)", f"/api/v1/assessment-rounds/{round_.pk}/units/{unit.pk}"),
    ]
    print(f"{'trang':<28} {'trung vị ms':>11} {'× hồ sơ':>8} {'truy vấn':>9} {'HTML kB':>8}")
    for label, url in pages:
        ms, queries, size = measure(client, url)
        print(f"{label:<28} {ms:>11.1f} {ms / base_ms:>8.1f} {queries:>9} {size / 1024:>8.1f}")
    publish(round_)


def publish(round_) -> None:
    from chiso.assessment import publication

    publication.round_close(round_=round_, by=None)
    round_.refresh_from_db()
    print(f"{'phụ lục công bố':<28} {'giây':>11} {'kB':>8}")
    for kind in ("docx", "xlsx"):
        start = time.perf_counter()
        data, _type, _name = publication.annex_file(round_, kind)
        seconds = time.perf_counter() - start
        flag = "" if seconds < 10 else "  vượt mục tiêu 10 s"
        print(f"{kind:<28} {seconds:>11.2f} {len(data) / 1024:>8.1f}{flag}")


if __name__ == "__main__":
    main()
