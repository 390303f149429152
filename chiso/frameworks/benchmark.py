"""Where a province stands among all provinces in national reference results (PAPI 2011–2024):
rank, distance to the best and to the median, per dimension and year. Pure ranking helpers plus
two queries; handles the 2025 merger by naming the old provinces a new one is made of."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from statistics import median

from chiso.core.lib.text import fold
from chiso.frameworks.models import BenchmarkProvince, BenchmarkResult, Framework
from chiso.orgs.models import OrgUnit


def province_for(unit: OrgUnit) -> BenchmarkProvince | None:
    """The reference province a unit is (by name), preferring the pre-2025 one with the series."""
    name = fold(unit.name)
    found = [
        p
        for p in BenchmarkProvince.objects.select_related("merged_into")
        if name == p.search_text or name.endswith(" " + p.search_text)
    ]
    found.sort(key=lambda p: (p.active_to is None, -len(p.search_text)))
    return found[0] if found else None


def standing(scores: dict[int, Decimal], mine: int) -> dict | None:
    """Rank (1 = best), N, best, median and distances for province `mine` among `scores`."""
    if mine not in scores:
        return None
    values = sorted(scores.values(), reverse=True)
    own = scores[mine]
    best = values[0]
    mid = Decimal(str(median(values)))
    return {
        "score": own,
        "rank": 1 + sum(1 for v in values if v > own),
        "rank_of": len(values),
        "best": best,
        "best_ids": [pid for pid, v in scores.items() if v == best],
        "median": mid,
        "to_best": best - own,
        "to_median": own - mid,
    }


def papi_standing(unit: OrgUnit, year: int | None) -> dict | None:
    """Per PAPI dimension and the total: the unit's province standing in `year` (or the latest)."""
    province = province_for(unit)
    framework = Framework.objects.filter(code="PAPI").current().first()
    if province is None or framework is None:
        return None
    years = sorted(
        set(
            BenchmarkResult.objects.filter(framework=framework)
            .values_list("year", flat=True)
            .distinct()
        )
    )
    if not years:
        return None
    chosen = max((y for y in years if year is None or y <= year), default=years[0])
    rows = BenchmarkResult.objects.filter(framework=framework, year=chosen).values_list(
        "province_id", "province__name", "component_id", "score"
    )
    scores: dict[int | None, dict[int, Decimal]] = defaultdict(dict)
    names: dict[int, str] = {}
    for pid, pname, cid, score in rows:
        scores[cid][pid] = score
        names[pid] = pname
    comps = list(framework.components.filter(depth=0).order_by("order"))
    lines = []
    for comp in [None, *comps]:
        found = standing(scores.get(comp.pk if comp else None, {}), province.pk)
        if found:
            found["best_names"] = [names[i] for i in found.pop("best_ids")]
            lines.append({"component": comp, **found})
    return {
        "province": province,
        "year": chosen,
        "years": years,
        "lines": lines,
        "merger": _merger(province, scores.get(None, {}), names),
        "series": _series(framework, province),
        "framework": framework,
    }


def _merger(province: BenchmarkProvince, totals: dict, names: dict) -> dict | None:
    """Which old provinces form the province's successor from 01/7/2025, with their totals."""
    new = province.merged_into
    if new is None:
        return None
    members = list(new.merged_from.order_by("name"))
    return {
        "new": new,
        "members": [{"name": m.name, "total": totals.get(m.pk)} for m in members],
        "changed": len(members) > 1,
    }


def _series(framework: Framework, province: BenchmarkProvince) -> list[dict]:
    """The province's total per year with the national median (one query)."""
    rows = BenchmarkResult.objects.filter(framework=framework, component__isnull=True).values_list(
        "year", "province_id", "score"
    )
    by_year: dict[int, list[Decimal]] = defaultdict(list)
    own: dict[int, Decimal] = {}
    for year, pid, score in rows:
        by_year[year].append(score)
        if pid == province.pk:
            own[year] = score
    return [
        {"year": y, "score": own.get(y), "median": Decimal(str(median(v))), "count": len(v)}
        for y, v in sorted(by_year.items())
    ]
