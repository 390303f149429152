"""Reads for the emulation pages, the exports and the API: the live ranking of a draft model
(computed from the modules' data by the sources), the stored one of a frozen model, and one
unit's breakdown with the rows behind each value."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone

from chiso.core import figures
from chiso.emulation import scored, scoring
from chiso.emulation.models import Component, EmulationModel
from chiso.emulation.sources import REGISTRY, Context, Measure, Row
from chiso.orgs import access
from chiso.orgs.models import OrgUnit
from chiso.orgs.services import group_resolved_members


def _members(model: EmulationModel):
    start, end = date(model.year, 1, 1), date(model.year, 12, 31)
    return group_resolved_members(model.group).filter(
        (Q(active_from__isnull=True) | Q(active_from__lte=end))
        & (Q(active_to__isnull=True) | Q(active_to__gte=start))
    )


def group_units(model: EmulationModel) -> list[OrgUnit]:
    """Units of the group that operated at some point in the model's year (dissolved ones
    included: they are scored and flagged, not ranked)."""
    return list(_members(model))


class Member(NamedTuple):
    """What the ranking reads of a unit of the group (`group_units`, without the models)."""

    pk: int
    name: str
    active_to: date | None


def group_members(model: EmulationModel) -> list[Member]:
    """Kept until the org tree changes: a task report leaves the group as it was."""
    return figures.cached(
        "emulation-members",
        (model.group_id, model.year),
        lambda: [Member(*row) for row in _members(model).values_list("pk", "name", "active_to")],
        reads=("orgs",),
        shared=True,  # a list of tuples, only read
    )


def specs_of(components: list[Component], weights: dict[str, Decimal] | None = None):
    weights = weights or {}
    return [
        scoring.ComponentSpec(
            code=c.code,
            name=c.name,
            weight=weights.get(c.code, c.weight),
            kind=REGISTRY[c.source].kind if c.source in REGISTRY else scoring.RATE,
            params=c.params,
        )
        for c in components
    ]


def thresholds_of(model: EmulationModel) -> scoring.Thresholds:
    return scoring.Thresholds(model.excellent_from, model.good_from, model.done_from)


def judging_day(model: EmulationModel) -> date:
    """The day data are judged on, as on the dashboard: today (the periods due in the model's
    year, with the outcome known today). A frozen model keeps the day it was frozen on."""
    return timezone.localdate()


@dataclass
class Computed:
    scores: list[scoring.UnitScore]
    measures: dict[str, dict[int, Measure]]  # component code -> unit id -> measure
    units: dict[int, OrgUnit | Member]
    component_rows: dict[int, list[dict]]  # unit id -> its component rows (read only)


def source_values(code: str, ctx: Context) -> dict[int, Measure]:
    """One source's values for the context's units, kept until the data behind them change
    (the models each source `reads` move the data version): a group of 300 units costs each
    source a few grouped queries, paid once for every page, export and weight preview."""
    source = REGISTRY.get(code)
    if source is None:
        return {}
    key = (ctx.year, ctx.unit_ids, ctx.today)
    return figures.cached(
        f"emulation-source-{code}",
        key,
        lambda: source.values(ctx),
        reads=_reads(source),
        shared=True,  # read, never changed: `compute` builds the scores anew from them
    )


def source_rows(source, ctx: Context, unit: OrgUnit) -> list[Row]:
    """The records behind one unit's value, kept as the values are."""
    key = (ctx.year, unit.pk, ctx.today)
    return figures.cached(
        f"emulation-rows-{source.code}", key, lambda: source.rows(ctx, unit), reads=_reads(source)
    )


def _reads(source) -> tuple[str, ...]:
    # The modules of the models the source reads, and the org tree (units, groups): a write
    # elsewhere (a dossier import for the on-time source, say) leaves its values kept.
    return (*source.reads, "orgs")


def compute(
    model: EmulationModel,
    *,
    weights: dict[str, Decimal] | None = None,
    units: list[OrgUnit] | None = None,
    today: date | None = None,
    components: list[Component] | None = None,
) -> Computed:
    """The live ranking: each source asked once for every unit of the group; a unit whose
    measures are those it had at an earlier computation keeps the result it had (`scored`)."""
    units = group_members(model) if units is None else units
    components = list(model.components.all()) if components is None else components
    ctx = Context(model.year, [u.pk for u in units], today or judging_day(model))
    by_source: dict[str, dict[int, Measure]] = {}
    measures: dict[str, dict[int, Measure]] = {}
    for c in components:
        if c.source not in by_source:
            by_source[c.source] = source_values(c.source, ctx)
        measures[c.code] = by_source[c.source]
    specs = specs_of(components, weights)
    thresholds = thresholds_of(model)
    setting = scored.setting_key(specs, thresholds)
    per_component = [measures[s.code] for s in specs]
    memo: dict = {}  # component scores shared by the units scored here (see `score_unit`)
    results, component_rows = [], {}
    for u in units:
        unit_measures = tuple(m.get(u.pk) for m in per_component)
        key = (setting, u.pk, u.active_to, unit_measures)
        found = scored.get(key)
        if found is None:
            found = _score(u, specs, thresholds, unit_measures, memo)
            scored.put(key, found)
        component_rows[u.pk] = found.rows
        results.append(
            scoring.UnitScore(
                unit_id=u.pk,
                name=u.name,
                score=found.score,
                classification=found.classification,
                components=list(found.components),
                partial=found.partial,
                ended=u.active_to,
                coverage=found.coverage,
            )
        )
    ranked = scoring.rank(results, year_end=date(model.year, 12, 31))
    return Computed(ranked, measures, {u.pk: u for u in units}, component_rows)


def _score(unit, specs, thresholds, unit_measures, memo) -> scored.Scored:
    values = {
        spec.code: (m.value if m is not None else None)
        for spec, m in zip(specs, unit_measures, strict=True)
    }
    result = scoring.score_unit(
        scoring.UnitInput(unit.pk, unit.name, values, unit.active_to), specs, thresholds, memo=memo
    )
    rows = [_component_row(c, m) for c, m in zip(result.components, unit_measures, strict=True)]
    return scored.Scored(
        result.score,
        result.classification,
        result.partial,
        result.coverage,
        tuple(result.components),
        rows,
    )


def _num(value) -> float | None:
    return None if value is None else float(value)


def _component_row(c: scoring.ComponentScore, measure: Measure | None) -> dict:
    return {
        "code": c.code,
        "name": c.name,
        "weight": c.weight,
        "kind": c.kind,
        "value": c.value,
        "points": c.points,
        "detail": measure.detail if measure else "",
    }


def _row(computed: Computed, s: scoring.UnitScore) -> dict:
    return {
        "unit_id": s.unit_id,
        "unit": s.name,
        "score": s.score,
        "rank": s.rank,
        "classification": s.classification,
        "partial": s.partial,
        "note": s.note,
        "ended": s.ended,
        "components": computed.component_rows[s.unit_id],
    }


def rows_of(computed: Computed) -> list[dict]:
    """Rows the ranking page, the exports and the API show (decimals kept as Decimal). The
    component rows of a unit are shared with every ranking that kept its result: read only."""
    return [_row(computed, s) for s in computed.scores]


def live_rows(
    model: EmulationModel,
    *,
    weights: dict[str, Decimal] | None = None,
    components: list[Component] | None = None,
) -> list[dict]:
    """A draft's rows computed live (`rows_of(compute(...))`). Without trial weights they are
    kept until something they are computed from changes: the model's settings and components
    are part of the key, and the versions of the org tree and of every module its sources
    read guard it (a source's own values are kept the same way, so after a task report only
    the sources reading tasks are read again). The rows are shared by every reader of the
    process: build new rows from them, never change them."""
    components = list(model.components.all()) if components is None else components
    if weights:
        return rows_of(compute(model, weights=weights, components=components))
    today = judging_day(model)
    key = (
        model.pk,
        model.year,
        model.group_id,
        (model.excellent_from, model.good_from, model.done_from),
        [(c.code, c.name, c.weight, c.source, c.params) for c in components],
        today,
    )
    reads = {"orgs"}
    for c in components:
        if c.source in REGISTRY:
            reads.update(_reads(REGISTRY[c.source]))
    return figures.cached(
        "emulation-ranking",
        key,
        lambda: rows_of(compute(model, components=components, today=today)),
        reads=tuple(sorted(reads)),
        shared=True,  # 2,400 component rows for 300 units: copying them cost more than the page
    )


def _dec(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


STORED = (
    "unit_id",
    "unit_name",
    "score",
    "rank",
    "classification",
    "partial",
    "note",
    "ended",
    "components",
)


def stored_rows(results) -> list[dict]:
    """The rows of a queryset of `EmulationResult`, as `rows_of` gives them."""
    decimals: dict = {}  # the same few texts ("35.00", "0.00"...) recur in every row

    def dec(value) -> Decimal | None:
        key = (value.__class__, value)
        found = decimals.get(key)
        if found is None and key not in decimals:
            found = decimals[key] = _dec(value)
        return found

    return [
        {
            "unit_id": unit_id,
            "unit": unit_name,
            "score": score,
            "rank": rank,
            "classification": classification,
            "partial": partial,
            "note": note,
            "ended": ended,
            "components": [
                {
                    **c,
                    "weight": dec(c["weight"]),
                    "value": dec(c["value"]),
                    "points": dec(c["points"]),
                }
                for c in components
            ],
        }
        for (
            unit_id,
            unit_name,
            score,
            rank,
            classification,
            partial,
            note,
            ended,
            components,
        ) in results.values_list(*STORED)
    ]


def frozen_rows(model: EmulationModel) -> list[dict]:
    """A frozen model's stored rows, kept (shared, read only) until its results are written
    again: they never are once frozen, but a restored database may hold others."""
    return figures.cached(
        "emulation-frozen",
        (model.pk, model.version),
        lambda: stored_rows(model.results.all()),
        reads=("emulation",),
        shared=True,
    )


def ranking(
    model: EmulationModel,
    user,
    *,
    weights: dict[str, Decimal] | None = None,
    components: list[Component] | None = None,
) -> list[dict]:
    """The rows the user may see: stored when frozen, computed live for a draft. The ranks are
    those of the whole group whatever the user sees (an officer sees their own unit's row)."""
    visible = (
        set(access.visible_units(user).values_list("pk", flat=True))
        if not access.is_admin(user)
        else None
    )
    if model.is_frozen:
        rows = frozen_rows(model)
    else:
        rows = live_rows(model, weights=weights, components=components)
    return [r for r in rows if visible is None or r["unit_id"] in visible]


def breakdown(model: EmulationModel, unit: OrgUnit) -> dict:
    """One unit's row, and for each component the records its value came from."""
    model_components = list(model.components.all())
    if model.is_frozen:
        found = stored_rows(model.results.filter(unit=unit))
        row = found[0] if found else None
    else:
        # the whole group is computed: the rank is the unit's place in it
        rows = live_rows(model, components=model_components)
        row = next((r for r in rows if r["unit_id"] == unit.pk), None)
    if row is None:
        return {"row": None, "components": []}
    ctx = Context(model.year, [unit.pk], model.frozen_on or judging_day(model))
    sources = {c.code: c.source for c in model_components}
    components = []
    for c in row["components"]:
        source = REGISTRY.get(sources.get(c["code"], ""))
        # A draft's values are those of the data now: one that says there is no record spares
        # the query (a frozen value is of its day, the records shown are of today).
        wanted = source is not None and (model.is_frozen or source.has_rows(c["value"]))
        records = source_rows(source, ctx, unit) if wanted else []
        components.append(
            {
                **c,
                "source": source,
                "records": records,
            }
        )
    return {"row": row, "components": components}


__all__ = [
    "Computed",
    "Member",
    "breakdown",
    "compute",
    "group_members",
    "group_units",
    "ranking",
    "rows_of",
    "stored_rows",
]
