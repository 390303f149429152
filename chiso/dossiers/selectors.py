"""Reads: the KPI tables (from the monthly roll-up), the service page, drill-down lists."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import F, Q, QuerySet, Sum

from chiso.core import figures
from chiso.core.plain_rows import plain_rows
from chiso.dossiers import kpi, rollup, totals
from chiso.dossiers.models import (
    Dossier,
    DossierMonthly,
    DossierUnitMonthly,
    Feedback,
    KpiTarget,
    Outcome,
)
from chiso.orgs.models import OrgUnit
from chiso.plans.models import Task

# What the kept one-stop figures read: the dossiers and feedback, the org tree (names, scopes)
# and the plan tasks a target serves. A task report elsewhere leaves them kept.
READS = ("dossiers", "orgs", "plans")

BY_CHOICES = {"unit,month": ("unit", "month"), "unit": ("unit",), "month": ("month",), "": ()}


@dataclass(frozen=True)
class Period:
    first: int  # YYYYMM
    last: int

    @classmethod
    def of(cls, start: date, end: date) -> Period:
        """The months from start's to end's: KPIs are monthly, a partial month counts whole."""
        return cls(kpi.month_of(start), kpi.month_of(end))

    @property
    def months(self) -> list[int]:
        return kpi.months_between(self.first, self.last)


# --- assembling KPI rows from per-unit, per-month counters --------------------------------------


def _series(agg: list[dict], period: Period, names: tuple[str, ...]):
    """Per unit: counters per month of the period, with the pending-overdue stock filled in."""
    flows: dict[int, dict[int, int]] = defaultdict(dict)
    baseline: dict[int, int] = defaultdict(int)
    cells: dict[tuple[int, int], dict] = {}
    for row in agg:
        unit, month = row["unit_id"], row["month"]
        if month > period.last:
            continue
        delta = row["od_open"] - row["od_close"]
        if month < period.first:
            baseline[unit] += delta
            continue
        flows[unit][month] = delta
        cells[(unit, month)] = row
    units = set(flows) | {u for u, v in baseline.items() if v}
    out = {}
    for unit in units:
        pending = kpi.running_pending(flows[unit], period.months, baseline[unit])
        months = {}
        for m in period.months:
            row = cells.get((unit, m), {})
            months[m] = {n: row.get(n) or 0 for n in names} | {"pending_overdue": pending[m]}
        out[unit] = months
    return out


def _combine(months: list[dict], names: tuple[str, ...]) -> dict:
    """Flows add up over months; the pending-overdue stock is the last month's."""
    total = kpi.add_counts(months, names)
    total["pending_overdue"] = months[-1]["pending_overdue"] if months else 0
    return total


def _all_units(agg: list[dict]) -> list[dict]:
    """The rows summed over units, month by month: every counter adds up, and so does the
    pending-overdue stock built from them, so totals need not be built unit by unit."""
    if not agg:
        return []
    names = [n for n in agg[0] if n not in ("unit_id", "month")]  # every row has the same keys
    months: dict[int, dict] = {}
    for row in agg:
        into = months.get(row["month"])
        if into is None:
            into = months[row["month"]] = {"unit_id": 0, "month": row["month"]}
            into.update(dict.fromkeys(names, 0))
        for name in names:
            value = row[name]
            if value:
                into[name] += value
    return list(months.values())


def assemble(
    agg, period: Period, by: tuple[str, ...], counts, rate_fn, unit_names, summed=None
) -> list[dict]:
    """KPI rows of `agg` (per unit and month) by `by`; `summed`: `_all_units(agg)` when the
    caller has it already (the service page assembles the same rows several ways)."""
    flows_names = tuple(n for n in counts if n != "pending_overdue")
    if "unit" not in by:
        agg = _all_units(agg) if summed is None else summed
    series = _series(agg, period, flows_names)
    order = sorted(series, key=lambda u: unit_names.get(u, ("", ""))[1])
    rows: list[dict] = []
    if by == ("unit", "month"):
        for u in order:
            for m, c in series[u].items():
                rows.append({"unit": unit_names[u][0], "month": kpi.month_label(m), **c})
    elif by == ("unit",):
        for u in order:
            total = _combine(list(series[u].values()), flows_names)
            rows.append({"unit": unit_names[u][0], **total})
    elif by == ("month",):
        for m in period.months:
            rows.append({"month": kpi.month_label(m), **_month_total(series, m, counts)})
    else:
        per_month = [_month_total(series, m, counts) for m in period.months]
        rows.append(_combine(per_month, flows_names))
    return [{k: v for k, v in rate_fn(r).items()} for r in rows]


def _month_total(series, month: int, counts) -> dict:
    return kpi.add_counts((s[month] for s in series.values()), counts)


def _unit_names(ids) -> dict[int, tuple[str, str]]:
    found = OrgUnit.objects.filter(pk__in=ids).values_list("id", "name", "path")
    return {u: (name, path) for u, name, path in found}


# --- dossiers ----------------------------------------------------------------------------------


def _monthly(
    units: QuerySet | None,
    subtree: OrgUnit | None,
    last: int,
    procedure_id: int | None = None,
    field: str = "",
):
    """Roll-up rows up to `last`: per unit, or per unit × procedure when a procedure matters."""
    model = DossierMonthly if (procedure_id or field) else DossierUnitMonthly
    qs = model.objects.filter(month__lte=last)
    if units is not None:
        qs = qs.filter(unit__in=units.values("pk"))
    if subtree is not None:
        qs = qs.filter(unit__path__startswith=subtree.path)
    if procedure_id:
        qs = qs.filter(procedure_id=procedure_id)
    if field:
        qs = qs.filter(procedure__field=field)
    return qs


def dossier_kpi(
    *,
    period: Period,
    by: tuple[str, ...] = ("unit", "month"),
    units: QuerySet | None = None,
    subtree: OrgUnit | None = None,
    procedure_id: int | None = None,
    field: str = "",
) -> list[dict]:
    """KPI rows: `units` limits to what a user may see (None = all), `subtree` to one unit's."""
    agg = _dossier_sums(period, units, subtree, procedure_id, field)
    names = _unit_names({r["unit_id"] for r in agg})
    return assemble(agg, period, by, kpi.DOSSIER_COUNTS, kpi.with_rates, names)


def _scope_key(units: QuerySet | None, subtree: OrgUnit | None) -> tuple:
    ids = None if units is None else tuple(units.order_by("pk").values_list("pk", flat=True))
    return ids, None if subtree is None else subtree.pk


def _dossier_sums(period, units, subtree, procedure_id=None, field="") -> list[dict]:
    """Per unit and month, the roll-up's counters up to the period's last month; kept until the
    data change (imports and roll-up rebuilds move the data version)."""

    def read() -> list[dict]:
        qs = _monthly(units, subtree, period.last, procedure_id, field)
        sums = {n: Sum(n) for n in rollup.DOSSIER_COUNTERS}
        return plain_rows(qs.values("unit_id", "month").annotate(**sums).order_by())

    key = (_scope_key(units, subtree), period.last, procedure_id, field)
    return figures.cached("dossier-sums", key, read, reads=READS)


def worst_procedures(*, period: Period, subtree: OrgUnit, units=None, limit: int = 10):
    """The procedures with late dossiers, worst on-time rate first."""
    out = [
        {**r, "on_time_rate": kpi.percent(r["early"] + r["on_time"], r["resolved"])}
        for r in totals.late_procedures(period, units, subtree)
    ]
    out.sort(key=lambda r: (r["on_time_rate"], -r["late"], r["procedure_id"]))
    return out[:limit]


def worst_units(rows_by_unit: list[dict], limit: int = 10) -> list[dict]:
    """Units with late dossiers, worst on-time rate first (more late first, then the order of
    the rows: the org tree's)."""
    rated = [r for r in rows_by_unit if r["on_time_rate"] is not None and r["late"]]
    return sorted(rated, key=_worst_key)[:limit]


def _worst_key(row: dict) -> tuple:
    return (row["on_time_rate"], -row["late"])


def worst_of(by_unit: dict[int, dict], limit: int = 10) -> list[dict]:
    """`worst_units(_named_rows(by_unit))`, naming only the units it can show: the candidates
    up to the key of the last place, ties included (the org tree's order decides between
    them), rather than the province's 200."""
    parts, denominator = kpi.DOSSIER_RATES["on_time_rate"]
    keys = {
        u: (kpi.percent(sum(row[p] for p in parts), row[denominator]), -row["late"])
        for u, row in by_unit.items()
        if row["late"] and row[denominator]
    }
    if not keys:
        return []
    last = sorted(keys.values())[min(limit, len(keys)) - 1]
    names = _unit_names([u for u, key in keys.items() if key <= last])
    order = sorted(names, key=lambda u: (keys[u], names[u][1]))
    return [{"unit": names[u][0], **kpi.with_rates(by_unit[u])} for u in order[:limit]]


def dossiers_in(subtree: OrgUnit, units=None) -> QuerySet[Dossier]:
    qs = Dossier.objects.in_subtree(subtree)
    if units is not None:
        qs = qs.filter(unit__in=units.values("pk"))
    return qs.select_related("unit", "procedure")


def late_without_apology(subtree: OrgUnit, period: Period, units=None) -> QuerySet[Dossier]:
    """Latest first; read in the order of a partial index of these dossiers alone
    (`dossier_late_no_apology`), so a page stops after its rows whatever the history."""
    return (
        dossiers_in(subtree, units)
        .filter(outcome=Outcome.LATE, apology=False)
        .filter(ret_month__gte=period.first, ret_month__lte=period.last)
        .order_by("-returned_on", "code")
    )


# KPI counter → the month column it is counted by and which rows of those months it counts
# (see kpi.dossier_counts); the pending-overdue stock of a month has a rule of its own.
DRILL = {
    "received": ("recv_month", Q()),
    "online": ("recv_month", Q(channel="online")),
    "digitised": ("recv_month", Q(digitised=True)),
    "payable": ("recv_month", Q(paid_online__isnull=False)),
    "paid_online": ("recv_month", Q(paid_online=True)),
    "resolved": ("ret_month", Q()),
    "early": ("ret_month", Q(outcome=Outcome.EARLY)),
    "on_time": ("ret_month", Q(outcome=Outcome.ON_TIME)),
    "late": ("ret_month", Q(outcome=Outcome.LATE)),
    "late_apology": ("ret_month", Q(outcome=Outcome.LATE, apology=True)),
    "late_no_apology": ("ret_month", Q(outcome=Outcome.LATE, apology=False)),
    "pending_overdue": ("recv_month", None),
}
DRILL_LABELS = {
    "received": "Hồ sơ tiếp nhận",
    "online": "Hồ sơ nộp trực tuyến",
    "digitised": "Hồ sơ được số hóa",
    "payable": "Hồ sơ có phí, lệ phí",
    "paid_online": "Hồ sơ thanh toán trực tuyến",
    "resolved": "Hồ sơ đã giải quyết",
    "early": "Hồ sơ giải quyết trước hạn",
    "on_time": "Hồ sơ giải quyết đúng hạn",
    "late": "Hồ sơ giải quyết trễ hạn",
    "late_apology": "Hồ sơ trễ hạn có phiếu xin lỗi",
    "late_no_apology": "Hồ sơ trễ hạn chưa có phiếu xin lỗi",
    "pending_overdue": "Hồ sơ quá hạn chưa giải quyết (cuối tháng)",
}


def drill(subtree: OrgUnit, counter: str, months: list[int], units=None) -> QuerySet[Dossier]:
    """The rows behind a KPI figure of the months `months` (consecutive), by unit in the order
    units were entered, then month and code: the order of the (unit, month) indexes, so a page
    is read from them and stops after its rows whatever the history."""
    month_field, rows = DRILL[counter]
    if rows is None:  # still overdue at the end of the last month
        last = months[-1]
        rows = Q(od_open_month__lte=last) & (
            Q(od_close_month__isnull=True) | Q(od_close_month__gt=last)
        )
    else:
        rows &= Q(**{f"{month_field}__gte": months[0], f"{month_field}__lte": months[-1]})
    in_subtree = OrgUnit.objects.filter(path__startswith=subtree.path).values("pk")
    qs = Dossier.objects.filter(rows, unit_id__in=in_subtree)
    if units is not None:
        qs = qs.filter(unit__in=units.values("pk"))
    return qs.select_related("unit", "procedure").order_by("unit_id", month_field, "code")


def drill_count(total: dict, counter: str) -> int:
    """How many rows `drill` lists, from the KPI total of the same scope and months (the
    roll-ups count exactly those rows)."""
    if counter == "late_no_apology":
        return total["late"] - total["late_apology"]
    return total[counter]


# --- feedback ----------------------------------------------------------------------------------


def feedback_kpi(
    *,
    period: Period,
    by: tuple[str, ...] = ("unit", "month"),
    units: QuerySet | None = None,
    subtree: OrgUnit | None = None,
) -> list[dict]:
    """Feedback volumes are small: one GROUP BY over the records, no roll-up table."""
    agg = _feedback_sums(units, subtree)
    names = _unit_names({r["unit_id"] for r in agg})
    return assemble(agg, period, by, kpi.FEEDBACK_COUNTS, kpi.feedback_rates, names)


def _feedback_sums(units: QuerySet | None, subtree: OrgUnit | None) -> list[dict]:
    return figures.cached(
        "feedback-sums",
        _scope_key(units, subtree),
        lambda: _read_feedback_sums(units, subtree),
        reads=READS,
    )


def _read_feedback_sums(units: QuerySet | None, subtree: OrgUnit | None) -> list[dict]:
    where, params = totals.scope_where(units, subtree)
    select, counters = rollup.flows_sql(
        "dossiers_feedback", "unit_id", rollup.FEEDBACK_FLOWS, where
    )
    with connection.cursor() as cursor:
        cursor.execute(select, params * len(rollup.FEEDBACK_FLOWS))
        return [dict(zip(("unit_id", "month", *counters), r, strict=True)) for r in cursor]


def feedback_in(subtree: OrgUnit, units=None) -> QuerySet[Feedback]:
    qs = Feedback.objects.in_subtree(subtree)
    if units is not None:
        qs = qs.filter(unit__in=units.values("pk"))
    return qs.select_related("unit")


# --- targets -----------------------------------------------------------------------------------


def targets_for(unit: OrgUnit) -> list[KpiTarget]:
    """Targets set for the unit or any unit above it (a province target binds its departments)."""
    return list(
        KpiTarget.objects.filter(unit_id__in=[*unit.ancestor_ids(), unit.pk])
        .select_related("unit", "task")
        .order_by("kpi", F("unit__depth").desc())
    )


def kpi_value(kpi_name: str, dossier_row: dict, feedback_row: dict):
    if kpi_name.startswith("feedback_"):
        return feedback_row.get(kpi_name.removeprefix("feedback_"))
    return dossier_row.get(kpi_name)


def target_suggestions(user) -> list[dict]:
    """Plan tasks whose target reads like a one-stop KPI ('>99% hồ sơ đúng hạn'), kept until
    the plans or the user's units change: finding them reads the text of every task."""
    return figures.cached(
        "dossier-target-suggestions",
        (user.pk, user.is_superuser),
        lambda: _find_suggestions(user),
        reads=("plans", "orgs"),  # the tasks, and who may see them
    )


def _find_suggestions(user) -> list[dict]:
    tasks = Task.objects.visible_to(user).filter(
        Q(expected_output__contains="%") | Q(content__contains="%")
    )
    found = []
    for task in tasks.select_related("plan")[:500]:
        for text in (task.expected_output, task.content):
            guess = kpi.suggest_target(text)
            if guess:
                found.append(
                    {"task": task, "text": text, "kpi": guess[0], "op": guess[1], "value": guess[2]}
                )
                break
    return found[:30]


# --- the service page --------------------------------------------------------------------------


def _flat(dossier: dict, feedback: dict) -> dict:
    return {**dossier, **{f"feedback_{k}": v for k, v in feedback.items()}}


def evaluate_targets(targets: list[KpiTarget], total: dict, trend: list[dict]) -> list[dict]:
    out = []
    for t in targets:
        value = total.get(t.kpi)
        months = [(m["month"], kpi.light(m.get(t.kpi), t.op, t.value)) for m in trend]
        out.append(
            {
                "target": t,
                "label": kpi.KPI_LABELS[t.kpi],
                "value": value,
                "light": kpi.light(value, t.op, t.value),
                "months": months,
            }
        )
    return out


def service_page(unit: OrgUnit, period: Period, units: QuerySet | None) -> dict:
    """Everything the service page shows of `unit`'s subtree over `period`, kept until the data
    change (assembling a province's 200 units three ways cost more than the rest of the page)."""
    key = (_scope_key(units, unit), period)
    return figures.cached(
        "dossier-service-page",
        key,
        lambda: _service_page(unit, period, units),
        reads=READS,
        shared=True,  # read only: the view builds its context around it
    )


LATE_COLUMNS = ("code", "due_on", "returned_on", "procedure__name", "procedure__code", "unit__name")


def _service_page(unit: OrgUnit, period: Period, units: QuerySet | None) -> dict:
    # the dossier figures are summed by the database, per unit and per month; feedback volumes
    # are small: its records' sums are read once and assembled two ways
    d_units, d_months = totals.by_unit(period, units, unit), dossier_months(period, units, unit)
    f_agg = _feedback_sums(units, unit)
    f_all = _all_units(f_agg)

    def feedback(by):
        return assemble(f_agg, period, by, kpi.FEEDBACK_COUNTS, kpi.feedback_rates, {}, f_all)

    d_total, f_total = _period_row(d_months), feedback(())[0]
    d_trend = [
        {"month": kpi.month_label(m), **kpi.with_rates(row)}
        for m, row in zip(period.months, d_months, strict=True)
    ]
    trend = [_flat(d, f) for d, f in zip(d_trend, feedback(("month",)), strict=True)]
    total = _flat(d_total, f_total)
    late = late_without_apology(unit, period, units)
    return {
        "total": total,
        "trend": trend,
        "targets": evaluate_targets(targets_for(unit), total, trend),
        "worst_units": worst_of(d_units),
        "worst_procedures": worst_procedures(period=period, subtree=unit, units=units),
        # the columns the list shows, as values (the units and procedures hold long texts)
        "late_no_apology": list(late.values(*LATE_COLUMNS)[:20]),
        # from the roll-ups, as every other figure of the page: counting the rows took longer
        "late_no_apology_count": d_total["late"] - d_total["late_apology"],
        "has_data": bool(d_total["received"] or d_total["resolved"] or f_total["received"]),
    }


def dossier_months(period: Period, units: QuerySet | None, subtree: OrgUnit) -> list[dict]:
    """`totals.by_month`, kept until the data change: the service page and the list behind one
    of its figures (which counts its rows from them) share it after an import."""
    key = (_scope_key(units, subtree), period)
    return figures.cached(
        "dossier-months", key, lambda: totals.by_month(period, units, subtree), reads=READS
    )


def dossier_total(period: Period, units: QuerySet | None, subtree: OrgUnit) -> dict:
    """The KPI row of the whole period (as `dossier_kpi(by=())`)."""
    return _period_row(dossier_months(period, units, subtree))


def _period_row(months: list[dict]) -> dict:
    """The period's KPI row from its month rows (`totals.by_month`)."""
    return kpi.with_rates(_combine(months, totals.FLOWS))


def _named_rows(by_unit: dict[int, dict]) -> list[dict]:
    """KPI rows by unit (as `dossier_kpi(by=("unit",))`), in the order of the org tree."""
    names = _unit_names(by_unit)
    order = sorted(by_unit, key=lambda u: names[u][1])
    return [{"unit": names[u][0], **kpi.with_rates(by_unit[u])} for u in order]
