"""Reporting periods of a task: which occurrences a deadline implies. Pure, no database.

A recurring deadline gives one period per due date (the calendar month, quarter, half-year or
year that contains it); a continuous task ("Thường xuyên") one per reporting period of the plan
(quarterly by default); a one-off deadline one period per stated date; a conditional or
unparsed deadline one period without a due date until a coordinator sets one.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from chiso.plans.deadline import Deadline

_MONTHS = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}
_ROMAN = ["I", "II", "III", "IV"]


@dataclass(frozen=True)
class Period:
    label: str
    start: date | None
    end: date | None
    due: date | None


def period_bounds(day: date, frequency: str) -> tuple[date, date]:
    """The calendar period of `frequency` that contains `day`."""
    length = _MONTHS.get(frequency, 3)
    first_month = ((day.month - 1) // length) * length + 1
    last_month = first_month + length - 1
    end = date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])
    return date(day.year, first_month, 1), end


def period_label(start: date, frequency: str) -> str:
    if frequency == "month":
        return f"Tháng {start.month}/{start.year}"
    if frequency == "quarter":
        return f"Quý {_ROMAN[(start.month - 1) // 3]}/{start.year}"
    if frequency == "half_year":
        half = "6 tháng đầu năm" if start.month <= 6 else "6 tháng cuối năm"
        return f"{half} {start.year}"
    return f"Năm {start.year}"


def _continuous(
    plan_start: date, plan_end: date, frequency: str, lo: date | None, hi: date | None
) -> list[Period]:
    first = max(d for d in (plan_start, lo) if d)
    last = min(d for d in (plan_end, hi) if d)
    periods, day = [], first
    while day <= last:
        start, end = period_bounds(day, frequency)
        periods.append(
            Period(period_label(start, frequency), max(start, first), end, min(end, last))
        )
        day = end + timedelta(days=1)
    return periods


def _one_off(dates: list[date], plan_start: date) -> list[Period]:
    periods, start = [], plan_start
    for due in sorted(set(dates)):
        label = f"Hạn {due:%d/%m/%Y}" if len(dates) > 1 else "Cả kỳ kế hoạch"
        periods.append(Period(label, min(start, due), due, due))
        start = due + timedelta(days=1)
    return periods


def task_periods(
    deadline: dict,
    *,
    plan_start: date,
    plan_end: date,
    plan_date: date | None = None,
    reporting_frequency: str = "quarter",
) -> list[Period]:
    """Every reporting period a task owes, from its structured deadline and its plan."""
    value = Deadline.from_dict(deadline or {})
    if value.kind == "continuous":
        return _continuous(plan_start, plan_end, reporting_frequency, value.start, value.end)
    if value.kind == "recurring" and value.frequency in _MONTHS:
        dues = value.due_dates(plan_start, plan_end, plan_date)
        out = []
        for due in dues:
            start, end = period_bounds(due, value.frequency)
            out.append(Period(period_label(start, value.frequency), start, end, due))
        return out
    dates = value.due_dates(plan_start, plan_end, plan_date)
    if dates:
        return _one_off(dates, plan_start)
    return [Period("Khi có điều kiện thực hiện", None, None, None)]
