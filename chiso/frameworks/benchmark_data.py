"""Load national PAPI results (every province, 2011–2024) as reference data, and the 2025
province merger (63 provinces → 34 from 01/7/2025) as an explicit old → new mapping.

Every series up to 2024 is on the 63 old provinces, so results stay attached to them; the new
provinces only record which old ones they are made of.
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal

from django.db import transaction

from chiso.frameworks.loader import DATA_DIR
from chiso.frameworks.models import BenchmarkProvince, BenchmarkResult, Framework

PAPI_DIR = DATA_DIR / "papi"
MERGER_FILE = DATA_DIR / "province_merger_2025.csv"
OLD_LAYOUT_END = date(2025, 6, 30)
NEW_LAYOUT_START = date(2025, 7, 1)
PAPI_SOURCE = "PAPI (UNDP, CECODES), bản xử lý của tunah72/papi-dashboard"


def _read(path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@transaction.atomic
def load_provinces() -> dict[str, BenchmarkProvince]:
    """The 63 old provinces and the 34 new ones, linked old → new. Returns old ones by id."""
    merger = {r["old_province"]: r["new_province"] for r in _read(MERGER_FILE)}
    new = {}
    for name in sorted(set(merger.values())):
        new[name], _ = BenchmarkProvince.objects.get_or_create(
            name=name, active_from=NEW_LAYOUT_START, active_to=None
        )
    old = {}
    for row in _read(PAPI_DIR / "dim_province.csv"):
        name = row["province_vi"]
        province, _ = BenchmarkProvince.objects.get_or_create(
            name=name,
            active_to=OLD_LAYOUT_END,
            defaults={"region": row["region"], "merged_into": new[merger[name]]},
        )
        old[row["province_id"]] = province
    return old


@transaction.atomic
def load_papi_reference(framework: Framework | None = None) -> int:
    """PAPI dimension scores and totals per province and year; idempotent. Returns rows added."""
    framework = framework or Framework.objects.filter(code="PAPI").current().first()
    if framework is None:
        return 0
    if BenchmarkResult.objects.filter(framework=framework).exists():
        return 0
    provinces = load_provinces()
    dims = {c.code.removeprefix("PAPI."): c for c in framework.components.filter(depth=0)}
    rows = []
    for r in _read(PAPI_DIR / "agg_province_year.csv"):
        province, year = provinces[r["province_id"]], int(r["year"])
        for code, component in dims.items():
            if r.get(code):
                rows.append(_row(province, framework, component, year, r[code]))
        if r["total_papi"]:
            rows.append(_row(province, framework, None, year, r["total_papi"]))
    BenchmarkResult.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _row(province, framework, component, year, value) -> BenchmarkResult:
    return BenchmarkResult(
        province=province,
        framework=framework,
        component=component,
        year=year,
        score=Decimal(value).quantize(Decimal("0.000001")),
        source=PAPI_SOURCE,
    )
