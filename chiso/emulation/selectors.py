"""Reads for the emulation pages, the exports and the API: the live ranking of a draft model
(computed from the modules' data by the sources), the stored one of a frozen model, and one
unit's breakdown with the rows behind each value."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from chiso.emulation import scoring
from chiso.emulation.models import Component, EmulationModel
from chiso.emulation.sources import REGISTRY, Context, Measure, Row
from chiso.orgs import access
from chiso.orgs.models import OrgUnit
from chiso.orgs.services import group_resolved_members


def group_units(model: EmulationModel) -> list[OrgUnit]:
    """Units of the group that operated at some point in the model's year (dissolved ones
    included: they are scored and flagged, not ranked)."""
    start, end = date(model.year, 1, 1), date(model.year, 12, 31)
    return list(
        group_resolved_members(model.group).filter(
            (Q(active_from__isnull=True) | Q(active_from__lte=end))
            & (Q(active_to__isnull=True) | Q(active_to__gte=start))
        )
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
    units: dict[int, OrgUnit]


def compute(
    model: EmulationModel,
    *,
    weights: dict[str, Decimal] | None = None,
    units: list[OrgUnit] | None = None,
    today: date | None = None,
) -> Computed:
    """The live ranking: each source asked once for every unit of the group."""
    units = group_units(model) if units is None else units
    components = list(model.components.all())
    ctx = Context(model.year, [u.pk for u in units], today or judging_day(model))
    by_source: dict[str, dict[int, Measure]] = {}
    measures: dict[str, dict[int, Measure]] = {}
    for c in components:
        if c.source not in by_source:
            source = REGISTRY.get(c.source)
            by_source[c.source] = source.values(ctx) if source else {}
        measures[c.code] = by_source[c.source]
    inputs = [
        scoring.UnitInput(
            unit_id=u.pk,
            name=u.name,
            values={code: (m[u.pk].value if u.pk in m else None) for code, m in measures.items()},
            ended=u.active_to,
        )
        for u in units
    ]
    scores = scoring.score_units(
        inputs,
        specs_of(components, weights),
        thresholds_of(model),
        year_end=date(model.year, 12, 31),
    )
    return Computed(scores, measures, {u.pk: u for u in units})


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


def rows_of(computed: Computed) -> list[dict]:
    """Rows the ranking page, the exports and the API show (decimals kept as Decimal)."""
    out = []
    for s in computed.scores:
        out.append(
            {
                "unit_id": s.unit_id,
                "unit": s.name,
                "score": s.score,
                "rank": s.rank,
                "classification": s.classification,
                "partial": s.partial,
                "note": s.note,
                "ended": s.ended,
                "components": [
                    _component_row(c, computed.measures.get(c.code, {}).get(s.unit_id))
                    for c in s.components
                ],
            }
        )
    return out


def _dec(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def stored_rows(results) -> list[dict]:
    return [
        {
            "unit_id": r.unit_id,
            "unit": r.unit_name,
            "score": r.score,
            "rank": r.rank,
            "classification": r.classification,
            "partial": r.partial,
            "note": r.note,
            "ended": r.ended,
            "components": [
                {
                    **c,
                    "weight": _dec(c["weight"]),
                    "value": _dec(c["value"]),
                    "points": _dec(c["points"]),
                }
                for c in r.components
            ],
        }
        for r in results
    ]


def ranking(
    model: EmulationModel, user, *, weights: dict[str, Decimal] | None = None
) -> list[dict]:
    """The rows the user may see: stored when frozen, computed live for a draft. The ranks are
    those of the whole group whatever the user sees (an officer sees their own unit's row)."""
    visible = (
        set(access.visible_units(user).values_list("pk", flat=True))
        if not access.is_admin(user)
        else None
    )
    if model.is_frozen:
        rows = stored_rows(model.results.all())
    else:
        rows = rows_of(compute(model, weights=weights))
    return [r for r in rows if visible is None or r["unit_id"] in visible]


def breakdown(model: EmulationModel, unit: OrgUnit) -> dict:
    """One unit's row, and for each component the records its value came from."""
    if model.is_frozen:
        found = stored_rows(model.results.filter(unit=unit))
        row = found[0] if found else None
    else:
        # the whole group is computed: the rank is the unit's place in it
        row = next((r for r in rows_of(compute(model)) if r["unit_id"] == unit.pk), None)
    if row is None:
        return {"row": None, "components": []}
    ctx = Context(model.year, [unit.pk], model.frozen_on or judging_day(model))
    sources = {c.code: c.source for c in model.components.all()}
    components = []
    for c in row["components"]:
        source = REGISTRY.get(sources.get(c["code"], ""))
        records: list[Row] = source.rows(ctx, unit) if source else []
        components.append(
            {
                **c,
                "source": source,
                "records": records,
            }
        )
    return {"row": row, "components": components}


__all__ = ["Computed", "breakdown", "compute", "group_units", "ranking", "rows_of", "stored_rows"]
