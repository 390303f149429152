"""Reads over frameworks, results and targets: the index cards leaders see.

`index_cards(unit, year)` runs a fixed number of queries (frameworks, components, results,
targets, national reference results) whatever the number of years or components.

Where a number comes from: the baseline, latest result and trend use official figures only
(published results, self-assessment, surveys, and the national reference series such as PAPI
2011–2024 for the unit's province). A figure a plan document states ("Năm 2024: 88,10" in its
targets table) is a plan statement: shown apart as what the plan says, never as the result, so a
newer official year is never hidden behind it (nor behind an older one).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet

from chiso.frameworks import scoring
from chiso.frameworks.benchmark import province_for
from chiso.frameworks.models import BenchmarkResult, Component, Framework, Result, Source, Target
from chiso.frameworks.vocabulary import INDEX_CODES
from chiso.orgs.models import OrgUnit

INDEX_ORDER = list(INDEX_CODES)
MAIN_CODES = ["PAR_INDEX_PROVINCE", "SIPAS", "PAPI", "PCI"]
# When several sources give a value for the same year, the first one here wins.
SOURCE_PRIORITY = [
    Source.PUBLISHED,
    Source.SELF_ASSESSMENT,
    Source.SURVEY,
    Source.PLAN_DOCUMENT,
    Source.REFERENCE,
    Source.INTERNAL_SURVEY,
]
# The province's own surveys are shown beside the official figures, never mixed into them.
OFFICIAL = ~Q(source=Source.INTERNAL_SURVEY)
BASELINE_WINDOW = 5  # years back from the selected year in which the baseline is looked for


def frameworks_for(unit: OrgUnit) -> QuerySet[Framework]:
    """The four national frameworks plus any framework the unit has results or targets in."""
    has_results = Exists(Result.objects.filter(framework=OuterRef("pk"), unit=unit))
    has_targets = Exists(Target.objects.filter(framework=OuterRef("pk"), unit=unit))
    main = Framework.objects.filter(code__in=MAIN_CODES).current().values("pk")
    return Framework.objects.filter(has_results | has_targets | Q(pk__in=main))


OFFICIAL_SOURCES = [s for s in SOURCE_PRIORITY if s != Source.PLAN_DOCUMENT]


def _reference_results(unit: OrgUnit, frameworks: list[Framework]) -> list[Result]:
    """National reference results of the unit's province (e.g. PAPI), as unsaved Results."""
    province = province_for(unit) if unit.unit_type == "province" else None
    if province is None:
        return []
    rows = BenchmarkResult.objects.filter(
        province=province, framework__in=[f.pk for f in frameworks]
    )
    return [
        Result(
            unit=unit,
            framework_id=r.framework_id,
            component_id=r.component_id,
            year=r.year,
            score=r.score,
            source=Source.REFERENCE,
            note=r.source,
        )
        for r in rows
    ]


def _pick(rows: list[Result]) -> Result:
    return min(rows, key=lambda r: SOURCE_PRIORITY.index(r.source))


def _by_year(results: list[Result]) -> dict[int, dict[int | None, Result]]:
    grouped: dict[tuple, list[Result]] = defaultdict(list)
    for r in results:
        grouped[(r.year, r.component_id)].append(r)
    out: dict[int, dict[int | None, Result]] = defaultdict(dict)
    for (year, comp), rows in grouped.items():
        out[year][comp] = _pick(rows)
    return out


def _total(framework: Framework, tops: list[Component], values: dict) -> Decimal | None:
    if not tops or any(values.get(c.pk) is None for c in tops):
        return None
    parts = [scoring.Part(values[c.pk], c.max_points, c.weight) for c in tops]
    return scoring.total(framework.aggregation, parts, framework.total_max)


def _figure(framework, comps, tops, values: dict, stated: Decimal | None, year) -> dict:
    nodes = [scoring.Node(c.pk, c.parent_id, c.max_points, c.weight) for c in comps]
    rolled = scoring.rollup(nodes, values, framework.aggregation)
    computed = _total(framework, tops, rolled)
    parts = [scoring.Part(rolled[c.pk]) for c in tops if c.pk in rolled]
    plain = scoring.plain_sum(parts) if len(parts) == len(tops) else None
    value = computed if computed is not None else stated
    return {
        "year": year,
        "value": value,
        "computed": computed,
        "stated": stated,
        "plain_sum": plain if framework.aggregation == scoring.WEIGHTED_MEAN else None,
        "disagrees": scoring.disagrees(stated, computed),
        "values": rolled,
    }


def _source_of(rows: dict) -> tuple[str, str]:
    """(label, detail) of the source the figure's rows come from (the total's, else the first)."""
    row = rows.get(None) or next(iter(rows.values()), None)
    if row is None:
        return "", ""
    detail = row.note if row.source == Source.REFERENCE else ""
    return Source(row.source).label, detail


def _result_figure(framework, comps, tops, by_year, year, stated_in_plans=None) -> dict | None:
    """The official figure of `year`; a total the plan documents state for that year is kept as
    `stated` (to flag a disagreement), never as the value."""
    if year is None:
        return None
    rows = by_year.get(year, {})
    values = {cid: r.score for cid, r in rows.items() if cid is not None}
    stated = rows[None].score if None in rows else None
    plan_total = (stated_in_plans or {}).get(year, {}).get(None)
    if stated is None and plan_total is not None and values:
        stated = plan_total.score
    figure = _figure(framework, comps, tops, values, stated, year)
    if None not in rows and figure["computed"] is None:
        figure["value"] = None  # never let a plan's statement stand in for the result
    figure["rows"] = rows
    figure["source"], figure["source_detail"] = _source_of(rows)
    return figure


def _plan_statement(plan_by_year: dict, year: int) -> dict | None:
    """The newest total a plan document states (up to `year`), with the plan it comes from."""
    years = sorted(y for y, rows in plan_by_year.items() if y <= year and None in rows)
    if not years:
        return None
    row = plan_by_year[years[-1]][None]
    plan = row.source_plan
    return {
        "year": years[-1],
        "value": row.score,
        "plan": plan,
        "plan_name": (plan.number or plan.title[:60]) if plan else "",
    }


def _target_figure(framework, comps, tops, targets: list[Target], year: int) -> dict | None:
    mine = [t for t in targets if t.framework_id == framework.pk]
    later = sorted({t.year for t in mine if t.year >= year}) or sorted({t.year for t in mine})
    if not later:
        return None
    goal_year = later[0]
    chosen = {t.component_id: t for t in mine if t.year == goal_year}
    values = {cid: t.value for cid, t in chosen.items() if cid is not None and t.value is not None}
    stated_row = chosen.get(None)
    figure = _figure(
        framework, comps, tops, values, stated_row.value if stated_row else None, goal_year
    )
    figure["rank_text"] = stated_row.rank_text if stated_row else ""
    figure["rows"] = chosen
    return figure


def _component_rows(comps, baseline, latest, target) -> list[dict]:
    rows = []
    for c in comps:
        base = baseline["values"].get(c.pk) if baseline else None
        last = latest["values"].get(c.pk) if latest else None
        goal = target["values"].get(c.pk) if target else None
        result = latest["rows"].get(c.pk) if latest else None
        goal_row = target["rows"].get(c.pk) if target else None
        rows.append(
            {
                "component": c,
                "baseline": base,
                "latest": last,
                "target": goal,
                "gap": scoring.gap(last, goal),
                "gap_share": scoring.gap_share(last, goal, c.max_points),
                "rank": result.rank if result else None,
                "rank_of": result.rank_of if result else None,
                "target_rank": goal_row.rank_text if goal_row else "",
                "target_below_baseline": base is not None and goal is not None and goal < base,
            }
        )
    return rows


def by_gap(rows: list[dict]) -> list[dict]:
    """Largest gap (as a share of the component's scale) first; no gap known last."""
    return sorted(rows, key=lambda r: (r["gap_share"] is None, -(r["gap_share"] or 0)))


def _card(framework, comps, results, targets, year, baseline_year) -> dict:
    mine = [r for r in results if r.framework_id == framework.pk]
    by_year = _by_year([r for r in mine if r.source != Source.PLAN_DOCUMENT])
    plan_by_year = _by_year([r for r in mine if r.source == Source.PLAN_DOCUMENT])
    years = sorted(y for y in by_year if y <= year)
    tops = [c for c in comps if c.parent_id is None]
    latest_year = years[-1] if years else None
    window = [y for y in years if y >= year - BASELINE_WINDOW]
    base_year = baseline_year if baseline_year in by_year else (window[0] if window else None)
    latest = _result_figure(framework, comps, tops, by_year, latest_year, plan_by_year)
    baseline = _result_figure(framework, comps, tops, by_year, base_year, plan_by_year)
    target = _target_figure(framework, comps, tops, targets, year)
    rows = _component_rows(comps, baseline, latest, target)
    trend = [(y, _result_figure(framework, comps, tops, by_year, y)["value"]) for y in years]
    return {
        "index_code": framework.index_code,
        "framework": framework,
        "baseline": baseline,
        "latest": latest,
        "plan_statement": _plan_statement(plan_by_year, year),
        "target": target,
        "gap": scoring.gap(
            latest["value"] if latest else None, target["value"] if target else None
        ),
        "components": by_gap([r for r in rows if r["component"].parent_id is None]),
        "all_components": rows,
        "trend": [(y, v) for y, v in trend if v is not None],
    }


def index_cards(unit: OrgUnit, year: int, *, baseline_year: int | None = None) -> list[dict]:
    """Per framework: baseline → latest → target, the gap, components sorted by gap."""
    frameworks = list(frameworks_for(unit))
    ids = [f.pk for f in frameworks]
    comps = list(Component.objects.filter(framework_id__in=ids).order_by("framework", "order"))
    mine = Result.objects.filter(unit=unit, framework_id__in=ids, year__lte=year)
    results = list(mine.filter(OFFICIAL).select_related("source_plan"))
    results += [r for r in _reference_results(unit, frameworks) if r.year <= year]
    internal = latest_internal(mine.filter(source=Source.INTERNAL_SURVEY))
    targets = list(Target.objects.filter(unit=unit, framework_id__in=ids))
    by_fw: dict[int, list[Component]] = defaultdict(list)
    for c in comps:
        by_fw[c.framework_id].append(c)
    cards = [_card(f, by_fw[f.pk], results, targets, year, baseline_year) for f in frameworks]
    for card in cards:
        card["internal"] = internal.get(card["framework"].pk)
    order = {code: i for i, code in enumerate(INDEX_ORDER)}
    return sorted(cards, key=lambda c: (order.get(c["index_code"], 9), c["framework"].code))


def latest_internal(results: QuerySet[Result]) -> dict[int, dict]:
    """Per framework, the newest year of internal survey results: its total and components."""
    out: dict[int, dict] = {}
    for r in results.order_by("framework_id", "-year"):
        found = out.setdefault(r.framework_id, {"year": r.year, "total": None, "components": {}})
        if r.year != found["year"]:
            continue
        if r.component_id is None:
            found["total"], found["note"] = r.score, r.note
        else:
            found["components"][r.component_id] = r.score
    return out
