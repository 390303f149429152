"""Demo data: the shipped frameworks, Đồng Nai's 2023 results and 2025 targets (Kế hoạch
336/KH-UBND), the national PAPI reference series, and task ↔ component links for demo plans.
Running it twice changes nothing."""

from __future__ import annotations

from decimal import Decimal

import yaml
from django.db import transaction

from chiso.frameworks import services
from chiso.frameworks.benchmark_data import load_papi_reference
from chiso.frameworks.loader import DATA_DIR, load_shipped_frameworks
from chiso.frameworks.models import Framework, Source
from chiso.orgs.models import OrgUnit

DEMO_FILE = DATA_DIR / "dong_nai_demo.yaml"


def _d(value) -> Decimal:
    return Decimal(str(value))


def _load_index(unit, framework: Framework, data: dict, years: tuple[int, int]) -> None:
    base_year, target_year = years
    components = {c.code: c for c in framework.components.all()}
    ranks = data.get("result_ranks", {})
    target_ranks = data.get("target_ranks", {})
    for code, value in data.get("results", {}).items():
        rank, rank_of = ranks.get(code, (None, None))
        spec = services.ResultSpec(
            unit, framework, components[code], base_year, _d(value), None, rank, rank_of
        )
        services.result_save(spec=spec)
    for code, value in data.get("targets", {}).items():
        spec = services.TargetSpec(
            unit, framework, components[code], target_year, _d(value), target_ranks.get(code, "")
        )
        services.target_save(spec=spec)
    stated = data.get("stated_total")
    if stated:
        total = services.ResultSpec(
            unit, framework, None, base_year, _d(stated["result"]), source=Source.PLAN_DOCUMENT
        )
        total.note = "Tổng như Kế hoạch 336/KH-UBND ghi"
        services.result_save(spec=total)
        goal = services.TargetSpec(
            unit, framework, None, target_year, _d(stated["target"]), stated.get("target_rank", "")
        )
        services.target_save(spec=goal)


@transaction.atomic
def load_dong_nai() -> OrgUnit | None:
    with open(DEMO_FILE, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    unit = OrgUnit.objects.filter(name=data["unit"]).first()
    if unit is None:
        return None
    years = (data["baseline_year"], data["target_year"])
    for code, index_data in data["indices"].items():
        framework = Framework.objects.filter(code=code).current().get()
        _load_index(unit, framework, index_data, years)
    return unit


def load_demo(stdout=None) -> None:
    frameworks = load_shipped_frameworks()
    unit = load_dong_nai()
    added = load_papi_reference()
    if stdout is not None:
        stdout.write(
            f"Chỉ số: {len(frameworks)} bộ chỉ số; kết quả, mục tiêu của "
            f"{unit or '(chưa có đơn vị Đồng Nai)'}; {added} kết quả PAPI tham chiếu.\n"
        )
