"""Reads behind the periodic reports: which occurrences a period covers, completion statistics,
and the JSON-ready data snapshots the report builders render.

Every function runs a bounded number of queries whatever the size of the plan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from chiso.core.builders.base import cell_text, score
from chiso.frameworks.selectors import index_cards
from chiso.orgs.models import OrgUnit
from chiso.plans.models import Plan
from chiso.reports import extras
from chiso.reports.models import ClosedPeriodContent
from chiso.reports.periods import ReportPeriod
from chiso.tracking import rates
from chiso.tracking.models import ExplanationRequest, Occurrence, PeriodClose, ProgressReport
from chiso.tracking.selectors import rates_row, unit_completion_rates
from chiso.tracking.status import Status

REPORTED_STATES = ("submitted", "accepted")
STATUS_KEYS = list(rates.STATUS_KEYS)


def _window(period) -> tuple[date, date]:
    if isinstance(period, ReportPeriod):
        return period.data_start, period.data_end
    start, end = period
    return start, end


def as_of(period: ReportPeriod, today: date) -> date:
    """Statuses are judged on the cut-off date once it has passed, else today."""
    return min(today, period.data_end)


def period_occurrences_q(period) -> Q:
    """Occurrences a period's statistics count: those due inside the data window.

    The same rule as the tracking selector `unit_completion_rates(period=(start, end))`, so the
    report's task list and its totals agree with the dashboard.
    """
    start, end = _window(period)
    return Q(due_date__range=(start, end))


def late_q(period, day: date) -> Q:
    """Late work a report lists: due in the window or before and still open on `day`, or
    finished late inside the window (earlier periods' unfinished tasks are carried over)."""
    start, end = _window(period)
    still_open = Q(due_date__lt=day, completed_on__isnull=True, is_cancelled=False)
    finished_late = Q(completed_on__gt=F("due_date"), completed_on__range=(start, end))
    return Q(due_date__lte=end) & (still_open | finished_late)


def period_occurrences(plan: Plan | None, period, units=None) -> QuerySet[Occurrence]:
    qs = Occurrence.objects.filter(period_occurrences_q(period))
    if plan is not None:
        qs = qs.filter(task__plan=plan)
    if units is not None:
        qs = qs.filter(unit__in=units)
    return qs


def late_occurrences(plan: Plan, period, day: date, units=None) -> QuerySet[Occurrence]:
    qs = Occurrence.objects.filter(late_q(period, day), task__plan=plan)
    return qs.filter(unit__in=units) if units is not None else qs


def closed_period(plan: Plan, period) -> PeriodClose | None:
    """The close of this plan's period, if its figures are frozen (chốt số liệu)."""
    code = period.code if isinstance(period, ReportPeriod) else None
    if code is None:
        return None
    return PeriodClose.objects.filter(plan=plan, period_code=code, is_closed=True).first()


def frozen_rates(close: PeriodClose, units=None) -> list[dict]:
    """Per unit rows from the snapshot taken at the close, in the shape of the live ones."""
    figures = close.figures.select_related("unit").order_by("unit__path")
    if units is not None:
        figures = figures.filter(unit__in=units)
    return [
        {"unit": f.unit, **rates_row({k: getattr(f, k) for k in rates.COUNT_KEYS})} for f in figures
    ]


def reported_after_close(plan: Plan, period, units=None) -> QuerySet[Occurrence]:
    """Earlier periods' work whose first report came in this period's window after that earlier
    period was closed: late, and counted here."""
    start, end = _window(period)
    late_reports = ProgressReport.objects.filter(
        after_close=True,
        occurrence__task__plan=plan,
        occurrence__due_date__lt=start,
        first_submitted_at__date__range=(start, end),
    )
    if units is not None:
        late_reports = late_reports.filter(unit__in=units)
    return Occurrence.objects.filter(pk__in=late_reports.values("occurrence_id"))


def completion_rates(units_qs, today: date, *, plan: Plan, period) -> list[dict]:
    """Per unit completion statistics: the tracking selector the dashboard uses, so both agree
    by construction."""
    return unit_completion_rates(units_qs, today, plan=plan, period=_window(period))


def summarise(rows: Iterable[dict]) -> dict:
    """Totals over per-unit rows, with the rates of `tracking.rates` (the one definition)."""
    return rates.rates_of(rates.add_counts(rows))


# --- per-occurrence rows --------------------------------------------------------------------


def _latest_reports(ids: QuerySet) -> dict[int, tuple[str, object]]:
    """occurrence id -> (narrative, submitted_at) of its latest report sent, in one query."""
    found: dict[int, tuple[str, object]] = {}
    reports = (
        ProgressReport.objects.filter(occurrence_id__in=ids, state__in=REPORTED_STATES)
        .order_by("occurrence_id", "-submitted_at", "-pk")
        .values_list("occurrence_id", "narrative", "submitted_at")
    )
    for occurrence_id, narrative, submitted_at in reports.iterator(chunk_size=5000):
        found.setdefault(occurrence_id, (narrative, submitted_at))
    return found


def _latest_explanations(ids: QuerySet) -> dict[int, str]:
    """occurrence id -> the latest answer to an explanation request, in one query."""
    found: dict[int, str] = {}
    answers = (
        ExplanationRequest.objects.filter(occurrence_id__in=ids, answered_at__isnull=False)
        .order_by("occurrence_id", "-answered_at", "-pk")
        .values_list("occurrence_id", "answer")
    )
    for occurrence_id, answer in answers.iterator(chunk_size=5000):
        found.setdefault(occurrence_id, answer)
    return found


_ROW_FIELDS = (
    "pk",
    "task_id",
    "status",
    "due_date",
    "completed_on",
    "percent",
    "period_label",
    "cancel_reason",
    "unit_id",
    "unit__name",
    "task__number",
    "task__content",
    "task__index_code",
    "task__component_text",
    "task__expected_output",
    "task__deadline_raw",
)


def occurrence_rows(qs: QuerySet[Occurrence], today: date) -> list[dict]:
    """JSON-ready rows (three queries, one pass, no model instances): task, unit, status,
    progress and the unit's own words."""
    ids = qs.values("pk")
    reports, explanations = _latest_reports(ids), _latest_explanations(ids)
    ordered = (
        qs.with_status(today)
        .order_by("task__plan_id", "task__order", "task_id", "unit__path", "period_start")
        .values_list(*_ROW_FIELDS)
    )
    labels = dict(Status.choices)
    rows = []
    for (
        pk,
        task_id,
        status,
        due_date,
        completed_on,
        percent,
        period_label,
        cancel_reason,
        unit_id,
        unit_name,
        number,
        content,
        index_code,
        component,
        expected_output,
        deadline_raw,
    ) in ordered.iterator(chunk_size=5000):
        days_late = (today - due_date).days if status == Status.OVERDUE else 0
        if status == Status.DONE_LATE:
            days_late = (completed_on - due_date).days
        narrative, reported_at = reports.get(pk, (None, None))
        explanation = explanations.get(pk)
        rows.append(
            {
                "occurrence_id": pk,
                "task_id": task_id,
                "number": number,
                "content": content,
                "index_code": index_code,
                "component": component,
                "expected_output": expected_output,
                "deadline": deadline_raw,
                "due_date": due_date.isoformat() if due_date else None,
                "period_label": period_label,
                "unit_id": unit_id,
                "unit": unit_name,
                "status": status,
                "status_label": labels[status],
                "percent": percent,
                "completed_on": completed_on.isoformat() if completed_on else None,
                "days_late": days_late,
                "reported": reported_at is not None,
                "narrative": narrative or "",
                "reason": explanation or cancel_reason or narrative or "",
            }
        )
    return rows


def component_stats(rows: list[dict]) -> list[dict]:
    """Completion per index and component as the plan names them (pure over the rows)."""
    groups: dict[tuple[str, str], dict] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        if r["status"] == Status.CANCELLED:
            continue
        g = groups[(r["index_code"] or "Khác", r["component"] or "(không ghi chỉ số thành phần)")]
        g["total"] += 1
        g[r["status"]] += 1
    out = []
    for (index_code, component), g in sorted(groups.items()):
        done = g[Status.DONE_ON_TIME] + g[Status.DONE_LATE]
        out.append(
            {
                "index_code": index_code,
                "component": component,
                "total": g["total"],
                "done": done,
                "overdue": g[Status.OVERDUE],
                "in_progress": g[Status.IN_PROGRESS],
                "done_rate": rates.rate(done, g["total"]),
            }
        )
    return out


# --- index results against targets ---------------------------------------------------------


def _num(value) -> str | None:
    """Render a result/target value whatever shape the frameworks selector gives it."""
    if isinstance(value, dict):
        year = value.get("year")
        shown = _num(next((value[k] for k in ("value", "score") if value.get(k) is not None), None))
        return f"{shown} ({year})" if shown and year else shown
    if value is None or value == "":
        return None
    if isinstance(value, float | Decimal | int):
        return cell_text(score(value))
    return str(value)


def index_rows(unit: OrgUnit, year: int) -> list[dict]:
    """Index and component results vs targets from `frameworks.selectors.index_cards`."""
    rows = []
    for card in index_cards(unit, year):
        if not any(card.get(k) for k in ("baseline", "latest", "target")):
            continue  # a framework the unit has no figure in
        framework = card.get("framework")
        label = getattr(framework, "name", "") or card.get("index_code", "")
        rows.append(_index_row(card.get("index_code", ""), label, card))
        for comp in card.get("components") or []:
            c = comp.get("component")
            name = f"{c.code}. {c.name}" if c is not None else comp.get("name", "")
            rows.append(_index_row(card.get("index_code", ""), f"– {name}", comp))
    return rows


def _index_row(index_code: str, label: str, data: dict) -> dict:
    return {
        "index_code": index_code,
        "label": label,
        "baseline": _num(data.get("baseline")),
        "latest": _num(data.get("latest")),
        "target": _num(data.get("target")),
        "gap": _num(data.get("gap")),
    }


# --- report snapshots ------------------------------------------------------------------------


def unit_info(unit: OrgUnit) -> dict:
    """A unit as the report header prints it (its name, superiors and document code)."""
    ancestors = list(OrgUnit.objects.filter(pk__in=unit.ancestor_ids()).order_by("depth"))
    return {
        "id": unit.pk,
        "name": unit.name,
        "short_name": unit.short_name,
        "document_code": unit.document_code,
        "unit_type": unit.unit_type,
        "parent": ancestors[-1].name if ancestors else "",
        "province": next((a.name for a in ancestors if a.unit_type == "province"), ""),
    }


def _plan_info(plan: Plan) -> dict:
    return {
        "id": plan.pk,
        "number": plan.number,
        "title": plan.title,
        "date": plan.date.isoformat() if plan.date else None,
        "place": plan.place,
        "issuer": plan.issuer,
    }


def _period_info(period: ReportPeriod, day: date, close: PeriodClose | None = None) -> dict:
    return {
        "code": period.code,
        "label": period.label,
        "year": period.year,
        "data_start": period.data_start.isoformat(),
        "data_end": period.data_end.isoformat(),
        "as_of": day.isoformat(),
        "closed_on": timezone.localdate(close.closed_at).isoformat() if close else None,
    }


def _unit_rows(unit_rates: list[dict]) -> list[dict]:
    keep = [*rates.COUNT_KEYS, *rates.RATE_KEYS]
    return [
        {"unit": r["unit"].name, "unit_id": r["unit"].pk, **{k: r.get(k) for k in keep}}
        for r in unit_rates
        if r["total"]
    ]


ROW_LISTS = ("tasks", "late", "after_close")


def live_rows(plan: Plan, period, day: date, units=None) -> dict[str, list[dict]]:
    """The task rows a report of the period prints, read from the live data on `day`: every
    occurrence due in the window, the late work, the earlier periods' late reports."""
    return {
        "tasks": occurrence_rows(period_occurrences(plan, period, units=units), day),
        "late": occurrence_rows(late_occurrences(plan, period, day, units=units), day),
        "after_close": occurrence_rows(reported_after_close(plan, period, units=units), day),
    }


def frozen_content(close: PeriodClose | None) -> ClosedPeriodContent | None:
    """The report content stored when the period was closed (None if open, or closed before
    such snapshots were kept)."""
    if close is None:
        return None
    return ClosedPeriodContent.objects.filter(close=close).first()


def period_rows(
    plan: Plan, period, day: date, frozen: ClosedPeriodContent | None, unit: OrgUnit | None = None
) -> dict[str, list[dict]]:
    """The rows of a report: from the close's snapshot when the period is closed, else live."""
    if frozen is None:
        return live_rows(plan, period, day, units=[unit] if unit is not None else None)
    rows = {key: getattr(frozen, key) for key in ROW_LISTS}
    if unit is not None:
        rows = {key: [r for r in found if r["unit_id"] == unit.pk] for key, found in rows.items()}
    return rows


def unit_report_data(*, plan: Plan, unit: OrgUnit, period: ReportPeriod, today: date) -> dict:
    close = closed_period(plan, period)
    day = close.as_of if close else as_of(period, today)
    if close:
        unit_rates = frozen_rates(close, units=[unit])
    else:
        units = OrgUnit.objects.filter(pk=unit.pk)
        unit_rates = completion_rates(units, day, plan=plan, period=period)
    rows = period_rows(plan, period, day, frozen_content(close), unit=unit)
    return {
        "kind": "unit",
        "plan": _plan_info(plan),
        "unit": unit_info(unit),
        "period": _period_info(period, day, close),
        "summary": summarise(unit_rates),
        "tasks": rows["tasks"],
        "late": rows["late"],
        "after_close": rows["after_close"],
        "indices": index_rows(unit, period.year),
    }


def plan_lead_units(plan: Plan) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(
        pk__in=Occurrence.objects.filter(task__plan=plan).values("unit_id")
    ).order_by("path")


def plan_extras(plan: Plan, period: ReportPeriod) -> list[dict]:
    return extras.collect(
        unit_id=plan.owner_unit_id,
        year=period.year,
        first_month=period.first_month,
        last_month=period.last_month,
    )


def compiled_report_data(*, plan: Plan, period: ReportPeriod, today: date, progress=None) -> dict:
    """The compiled report's content. For a closed period every figure it prints (per unit
    counts, task rows, per-component table, late work, units owing a report, the sections of
    other modules) comes from what was stored at the close; only the index results (official
    results by year, not the period's work) are read live."""
    step = progress or (lambda pct, msg: None)
    close = closed_period(plan, period)
    frozen = frozen_content(close)
    day = close.as_of if close else as_of(period, today)
    step(15, "Đang tổng hợp số liệu theo đơn vị")
    if close:
        unit_rows = _unit_rows(frozen_rates(close))
    else:
        live = completion_rates(plan_lead_units(plan), day, plan=plan, period=period)
        unit_rows = _unit_rows(live)
    step(30, "Đang lấy tình hình thực hiện từng nhiệm vụ, nhiệm vụ chậm, quá hạn")
    rows = period_rows(plan, period, day, frozen)
    step(55, "Đang tổng hợp theo chỉ số thành phần")
    unit = plan.coordinator_unit or plan.owner_unit
    return {
        "kind": "compiled",
        "plan": _plan_info(plan),
        "unit": unit_info(unit),
        "period": _period_info(period, day, close),
        "summary": summarise(unit_rows),
        "units": unit_rows,
        "components": component_stats(rows["tasks"]),
        "indices": index_rows(plan.owner_unit, period.year),
        "late": rows["late"],
        "after_close": rows["after_close"],
        "not_reported": not_reported(rows["tasks"], day),
        "tasks": rows["tasks"],
        "extras": frozen.extras if frozen is not None else plan_extras(plan, period),
    }


def not_reported(rows: list[dict], day: date) -> list[dict]:
    """Units owing a report: an occurrence due by `day`, unfinished, with no report sent."""
    owing: dict[tuple[int, str], int] = defaultdict(int)
    for r in rows:
        due = r["due_date"]
        open_ = r["status"] in (Status.OVERDUE, Status.IN_PROGRESS)
        if due and due <= day.isoformat() and open_ and not r["reported"]:
            owing[(r["unit_id"], r["unit"])] += 1
    return [
        {"unit_id": k[0], "unit": k[1], "count": n}
        for k, n in sorted(owing.items(), key=lambda i: i[0][1])
    ]
