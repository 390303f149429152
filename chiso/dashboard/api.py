"""The dashboard summary as JSON (same filters and permissions as the page)."""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from ninja import Router, Schema

from chiso.core.lookup import get_visible_or_404
from chiso.core.params import ApiId, ApiYear
from chiso.dashboard import rules, selectors
from chiso.orgs import access
from chiso.plans.models import Plan

router = Router(tags=["Tổng quan"])


class FigureOut(Schema):
    year: int
    value: Decimal | None
    computed: Decimal | None
    stated: Decimal | None
    disagrees: bool
    source: str = ""
    source_detail: str = ""


class PlanStatementOut(Schema):
    year: int
    value: Decimal
    plan_id: int | None
    plan_name: str


class ComponentRowOut(Schema):
    code: str
    name: str
    baseline: Decimal | None
    latest: Decimal | None
    target: Decimal | None
    gap: Decimal | None
    tasks: int = 0
    overdue: int = 0
    done_on_time: int = 0
    done_late: int = 0


class CardOut(Schema):
    index_code: str
    framework_id: int
    framework: str
    aggregation: str
    baseline: FigureOut | None
    latest: FigureOut | None
    target: FigureOut | None
    plan_statement: PlanStatementOut | None
    target_rank: str
    gap: Decimal | None
    components: list[ComponentRowOut]


class UnitRateOut(Schema):
    unit_id: int
    unit: str
    position: int | None
    note: str
    total: int
    due: int
    done_on_time: int
    done_late: int
    overdue: int
    in_progress: int
    not_due: int
    on_time_rate: float | None
    reporting_timeliness: float | None


UNIT_FIELDS = [
    "position",
    "note",
    "total",
    "due",
    "done_on_time",
    "done_late",
    "overdue",
    "in_progress",
    "not_due",
    "on_time_rate",
    "reporting_timeliness",
]


class SummaryOut(Schema):
    unit_id: int
    year: int
    today: date
    cards: list[CardOut]
    status: dict
    units: list[UnitRateOut]
    ranking_rule: str


def _figure(fig):
    if not fig:
        return None
    keys = ["year", "value", "computed", "stated", "disagrees", "source", "source_detail"]
    return {k: fig.get(k, "") for k in keys}


def _statement(found):
    if not found:
        return None
    plan = found["plan"]
    return {**found, "plan_id": plan.pk if plan else None}


def _card(card) -> dict:
    rows = []
    for r in card["components"]:
        mix = r.get("mix") or {}
        rows.append(
            {
                "code": r["component"].code,
                "name": r["component"].name,
                **{k: r[k] for k in ["baseline", "latest", "target", "gap"]},
                **{k: mix.get(k, 0) for k in ["tasks", "overdue", "done_on_time", "done_late"]},
            }
        )
    return {
        "index_code": card["index_code"],
        "framework_id": card["framework"].pk,
        "framework": card["framework"].name,
        "aggregation": card["framework"].aggregation,
        "baseline": _figure(card["baseline"]),
        "latest": _figure(card["latest"]),
        "target": _figure(card["target"]),
        "plan_statement": _statement(card["plan_statement"]),
        "target_rank": (card["target"] or {}).get("rank_text", ""),
        "gap": card["gap"],
        "components": rows,
    }


@router.get("/dashboard", response=SummaryOut, summary="Tổng quan chỉ số của một đơn vị")
def summary(request, unit_id: ApiId, year: ApiYear | None = None, plan_id: ApiId | None = None):
    access.require(rules.can_view_dashboard(request.user))
    unit = access.get_visible_unit(request.user, unit_id)
    plan = (
        get_visible_or_404(
            Plan.objects.visible_to(request.user), plan_id, "Không tìm thấy kế hoạch"
        )
        if plan_id
        else None
    )
    today = timezone.localdate()
    f = selectors.Filters(
        unit=unit, year=year or today.year, today=today, plan=plan, tasks_year=year
    )
    data = selectors.summary(f)
    units = [
        {
            "unit_id": r["unit"].pk,
            "unit": r["unit"].name,
            **{k: r[k] for k in UNIT_FIELDS},
        }
        for r in data["ranking"]
    ]
    return {
        "unit_id": unit.pk,
        "year": f.year,
        "today": today,
        "cards": [_card(c) for c in data["cards"]],
        "status": data["status"],
        "units": units,
        "ranking_rule": data["ranking_rule"],
    }
