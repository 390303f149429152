"""Reads: a round's results (one SQL pass per breakdown over the value columns), quotas, the
weakest items with the tasks serving them, and the official results to compare with."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404

from chiso.core import figures as kept_figures
from chiso.core.lib.text import fold
from chiso.frameworks.models import Result, Source, TaskComponent
from chiso.orgs.models import OrgUnit
from chiso.plans.models import Plan
from chiso.surveys import stats, sums
from chiso.surveys.models import Item, Mode, Questionnaire, Response, RoundStatus, SurveyRound

BREAKDOWNS = {
    "unit": ("unit_id",),
    "village": ("unit_id", "village"),
    "mode": ("mode",),
    "month": ("month",),
}
BREAKDOWN_LABELS = {
    "unit": "Theo xã, phường, đơn vị",
    "village": "Theo thôn, ấp",
    "mode": "Theo hình thức thu phiếu",
    "month": "Theo tháng",
}


UNIT_PREFIXES = ("uy ban nhan dan ", "ubnd ")


def unit_keys(unit) -> set[str]:
    """The folded names a spreadsheet may use for a unit, with or without "UBND"."""
    keys = set()
    for name in unit.all_names():
        folded = fold(name)
        keys.add(folded)
        keys.update(folded.removeprefix(p) for p in UNIT_PREFIXES if folded.startswith(p))
    return keys


def _public_round_sql() -> tuple[str, list[tuple]]:
    """SELECT of a round with its unit and questionnaire, built once from the models, with the
    converters the ORM would apply to each column (dates, JSON, decimals, booleans).

    The public pages and the submit API read a round by its code on every answer; compiling the
    equivalent `select_related` queryset each time cost more than the rest of the lookup."""
    quote = connection.ops.quote_name
    parts = [(SurveyRound, "r"), (OrgUnit, "u"), (Questionnaire, "q")]
    shapes, columns = [], []
    for model, alias in parts:
        fields = list(model._meta.concrete_fields)
        converters = []
        for f in fields:
            col = f.get_col(alias)
            found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            converters.append((col, found))
        shapes.append((model, [f.attname for f in fields], converters))
        columns += [f"{alias}.{quote(f.column)}" for f in fields]
    sql = (
        f"SELECT {', '.join(columns)} FROM {quote(SurveyRound._meta.db_table)} r "
        f"JOIN {quote(OrgUnit._meta.db_table)} u ON u.id = r.unit_id "
        f"JOIN {quote(Questionnaire._meta.db_table)} q ON q.id = r.questionnaire_id "
        "WHERE r.code = %s AND r.status <> %s"
    )
    return sql, shapes


_PUBLIC_ROUND: dict[str, tuple[str, list[tuple]]] = {}


def public_round(code: str) -> SurveyRound:
    """A round reachable by its public code (opened at least once), with its unit and
    questionnaire; 404 otherwise."""
    prepared = _PUBLIC_ROUND.get(connection.vendor)
    if prepared is None:
        prepared = _PUBLIC_ROUND[connection.vendor] = _public_round_sql()
    sql, shapes = prepared
    with connection.cursor() as cursor:
        cursor.execute(sql, [str(code)[:40], RoundStatus.DRAFT])
        row = cursor.fetchone()
    if row is None:
        raise Http404("Không tìm thấy đợt khảo sát")
    built, start = [], 0
    for model, names, converters in shapes:
        values = []
        for value, (col, found) in zip(row[start : start + len(names)], converters, strict=True):
            for convert in found:
                value = convert(value, col, connection)
            values.append(value)
        built.append(model.from_db(connection.alias, names, values))
        start += len(names)
    survey, survey.unit, survey.questionnaire = built
    return survey


def rated_items(survey: SurveyRound) -> list[Item]:
    """Items that count in the satisfaction %, in questionnaire order, with their criterion.

    A questionnaire version is never edited (an edit is a new version, see
    `services.questionnaire_import`), so its items are kept between views; only the framework
    components its criteria serve can change, and they are read again when they do."""
    return kept_figures.cached(
        "survey-rated-items",
        (survey.questionnaire_id,),
        lambda: _read_rated_items(survey.questionnaire_id),
        reads=("frameworks",),
    )


def _read_rated_items(questionnaire_id: int) -> list[Item]:
    items = Item.objects.filter(questionnaire_id=questionnaire_id, counts=True, slot__isnull=False)
    related = ("criterion__part__component", "criterion__component")
    return list(items.select_related(*related).order_by("order"))


def _aggregates(items: list[Item], rule: str) -> dict:
    """Per item: valid answers and answers in the top two levels; with the mean rule also the
    sum and the sum of squares. Every value is additive, so groups can be summed up later."""
    aggs: dict = {"responses": Count("pk")}
    for it in items:
        col, high = it.column, it.spec().bounds()[1]
        aggs[f"n{it.pk}"] = Count(col)
        aggs[f"t{it.pk}"] = Count(col, filter=Q(**{f"{col}__gte": high - 1}))
        if rule == stats.RULE_MEAN:
            aggs[f"s{it.pk}"] = Sum(col)
            aggs[f"q{it.pk}"] = Sum(F(col) * F(col))
    return aggs


def answer_sums(items: list[Item], rule: str) -> sums.Measure:
    """`_aggregates` as a `sums.Measure`: the same sums also added one answer row at a time."""
    rated = [(it.pk, it.column, it.spec().bounds()[1]) for it in items]
    mean = rule == stats.RULE_MEAN
    names = ["responses"]
    for pk, _col, _high in rated:
        names += [f"n{pk}", f"t{pk}"] + ([f"s{pk}", f"q{pk}"] if mean else [])

    def add(into: dict, row: dict, sign: int) -> None:
        into["responses"] += sign
        for pk, col, high in rated:
            value = row[col]
            if value is None:  # Count(col) and Sum(col) leave out an unanswered item
                continue
            into[f"n{pk}"] = (into[f"n{pk}"] or 0) + sign
            if value >= high - 1:
                into[f"t{pk}"] = (into[f"t{pk}"] or 0) + sign
            if mean:
                into[f"s{pk}"] = (into[f"s{pk}"] or 0) + sign * value
                into[f"q{pk}"] = (into[f"q{pk}"] or 0) + sign * value * value

    return sums.Measure(
        key=(rule, [(it.pk, it.slot, it.spec().bounds()) for it in items]),
        names=tuple(names),
        columns=tuple(col for _pk, col, _high in rated),
        aggregates=lambda: _aggregates(items, rule),
        add=add,
    )


def _sum_rows(rows: list[dict], keys) -> dict:
    return {k: sum(r[k] or 0 for r in rows) for k in keys}


@dataclass(frozen=True)
class _Rated:
    """What `figures` reads of an item, read once per page rather than once per group."""

    pk: int
    low: int
    high: int
    criterion_id: int
    part_id: int


def _rated(items: list[Item]) -> list[_Rated]:
    return [
        _Rated(it.pk, *it.spec().bounds(), it.criterion_id, it.criterion.part_id) for it in items
    ]


def _tally(row: dict, item: _Rated) -> stats.Tally:
    low, high = item.low, item.high
    n = row[f"n{item.pk}"] or 0
    s, q = float(row.get(f"s{item.pk}") or 0), float(row.get(f"q{item.pk}") or 0)
    width = (high - low) or 1
    total = (s - n * low) / width
    squares = (q - 2 * low * s + n * low * low) / (width * width)
    return stats.Tally(n, row[f"t{item.pk}"] or 0, total, squares, low, high)


def _measure(tally: stats.Tally, rule: str) -> dict:
    m = stats.measure(tally, rule)
    return {"n": m.n, "pct": m.pct, "ci_low": m.ci_low, "ci_high": m.ci_high}


def figures(
    row: dict, items: list[Item], rule: str, *, rated: list[_Rated] | None = None, detail=True
) -> dict:
    """Items, criteria, parts and overall from one aggregate row (a breakdown's group needs
    only its overall and criteria: `detail=False` leaves items and parts out)."""
    rated = _rated(items) if rated is None else rated
    tallies = [_tally(row, it) for it in rated]
    by_criterion: dict[int, list] = defaultdict(list)
    by_part: dict[int, list] = defaultdict(list)
    for it, tally in zip(rated, tallies, strict=True):
        by_criterion[it.criterion_id].append(tally)
        by_part[it.part_id].append(tally)
    criteria_of = {it.criterion_id: it.criterion for it in items}
    criteria = [
        {"criterion": c, "code": c.code, "name": c.name, "component": c.component}
        | _measure(stats.pooled(by_criterion[c.pk]), rule)
        for c in criteria_of.values()
    ]
    out = {
        "responses": row.get("responses") or 0,
        "overall": _measure(stats.pooled(tallies), rule),
        "criteria": criteria,
    }
    if detail:
        parts_of = {it.criterion.part_id: it.criterion.part for it in items}
        out["parts"] = [
            {"part": p, "code": p.code, "name": p.name, "component": p.component}
            | _measure(stats.pooled(by_part[p.pk]), rule)
            for p in parts_of.values()
        ]
        out["items"] = [
            {"item": it, "code": it.code, "text": it.text, "criterion": it.criterion}
            | _measure(tally, rule)
            for it, tally in zip(items, tallies, strict=True)
        ]
    return out


def current_responses(survey: SurveyRound) -> QuerySet[Response]:
    return Response.objects.filter(round=survey, is_current=True)


def round_results(survey: SurveyRound, items: list[Item] | None = None) -> dict:
    """Results of a round over its current responses: one query."""
    items = rated_items(survey) if items is None else items
    rule = survey.questionnaire.rule
    row = current_responses(survey).aggregate(**_aggregates(items, rule))
    return figures(row, items, rule)


def breakdown(survey: SurveyRound, by: str, items: list[Item] | None = None) -> list[dict]:
    """Results per unit, village, mode or month: one grouped query."""
    return results_with_breakdown(survey, by, items)[1]


def results_with_breakdown(
    survey: SurveyRound, by: str, items: list[Item] | None = None
) -> tuple[dict, list[dict]]:
    """The round's results and its breakdown from one grouped query (the sums are additive)."""
    items = rated_items(survey) if items is None else items
    rule = survey.questionnaire.rule
    fields = BREAKDOWNS[by]
    measure = answer_sums(items, rule)
    rows = sums.group_sums(survey, fields, measure)
    names = {}
    if "unit_id" in fields:
        ids = {r["unit_id"] for r in rows}
        names = dict(OrgUnit.objects.filter(pk__in=ids).values_list("pk", "name"))
    rated = _rated(items)
    groups = [
        {"label": _label(by, r, names), "key": [r[f] for f in fields]}
        | figures(r, items, rule, rated=rated, detail=False)
        for r in rows
    ]
    return figures(_sum_rows(rows, measure.names), items, rule, rated=rated), groups


def _label(by: str, row: dict, names: dict) -> str:
    if by == "mode":
        return Mode(row["mode"]).label if row["mode"] in Mode.values else row["mode"]
    if by == "month":
        return row["month"].strftime("%m/%Y")
    unit = names.get(row["unit_id"], "Không rõ")
    return f"{unit} — {row['village'] or 'chung'}" if by == "village" else unit


class ServingTask(NamedTuple):
    """A plan task serving a criterion, as the results page links to it."""

    pk: int
    plan_id: int
    content: str


def weakest_items(result: dict, user, limit: int = 10) -> list[dict]:
    """Lowest-scoring items first, each with the plan tasks serving its criterion's component."""
    rows = [r for r in result["items"] if r["pct"] is not None]
    rows.sort(key=lambda r: r["pct"])
    rows = rows[:limit]
    components = {r["criterion"].component_id for r in rows} - {None}
    tasks: dict[int, list] = defaultdict(list)
    visible = Plan.objects.visible_to(user).values("pk")
    links = TaskComponent.objects.filter(component_id__in=components, task__plan_id__in=visible)
    fields = ("component_id", "task_id", "task__plan_id", "task__content")
    for component_id, *task in links.order_by("task__plan_id", "task__order").values_list(*fields)[
        :200
    ]:
        tasks[component_id].append(ServingTask(*task))
    return [r | {"tasks": tasks.get(r["criterion"].component_id, [])[:5]} for r in rows]


def quotas(survey: SurveyRound) -> list[dict]:
    """Each cell of the sample: needed vs collected (current responses)."""
    counts = {
        (r["unit_id"], r["village"]): r["c"]
        for r in current_responses(survey).values("unit_id", "village").annotate(c=Count("pk"))
    }
    out = []
    for cell in survey.cells.select_related("unit"):
        got = counts.get((cell.unit_id, cell.village), 0)
        if not cell.village:  # a commune-level cell collects all answers of the commune
            got = sum(c for (u, _), c in counts.items() if u == cell.unit_id)
        share = got / cell.needed * 100 if cell.needed else None
        out.append({"cell": cell, "collected": got, "share": share, "done": got >= cell.needed})
    return out


def official_results(survey: SurveyRound) -> dict[int, Result]:
    """The latest official result per component of the questionnaire's framework, for the
    round's unit or, failing that, the nearest unit above it (kept apart from internal ones)."""
    framework = survey.questionnaire.framework
    if framework is None:
        return {}
    chain = [*survey.unit.ancestor_ids(), survey.unit.pk]
    depth = {uid: i for i, uid in enumerate(chain)}
    rows = Result.objects.filter(framework=framework, unit_id__in=chain).exclude(
        source=Source.INTERNAL_SURVEY
    )
    best: dict = {}
    for r in rows:
        key = (depth[r.unit_id], r.year)
        if r.component_id not in best or key > best[r.component_id][0]:
            best[r.component_id] = (key, r)
    return {cid: r for cid, (_, r) in best.items()}
