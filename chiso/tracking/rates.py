"""The headline numbers of task tracking, defined once: counts by status, the on-time rate,
the reporting-timeliness rate, and the ranking of units built on them.

As with `status_of` / `status_expression`, each rule exists as a pure function (`rates_of`,
`rank`) and as its SQL counterpart (`count_by`), and every page, report and API endpoint that
shows these numbers goes through this module, so they cannot drift apart.

Definitions (also written on the pages and in the user guide):

- a period is *due* on a day when its deadline has passed (due date before that day) and the task
  was not stopped;
- on-time rate = done on time ÷ (done on time + done late + overdue): among the periods whose
  outcome is known;
- reporting timeliness = due periods whose first report was sent by the deadline ÷ due periods;
- done rate = done (on time or late) ÷ all periods except stopped ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from django.db.models import Count, F, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from chiso.core.plain_rows import plain_rows
from chiso.tracking.models import status_column
from chiso.tracking.status import Status

STATUS_KEYS: dict[str, str] = {
    "done_on_time": Status.DONE_ON_TIME,
    "done_late": Status.DONE_LATE,
    "overdue": Status.OVERDUE,
    "in_progress": Status.IN_PROGRESS,
    "not_due": Status.NOT_DUE,
    "cancelled": Status.CANCELLED,
}
COUNT_KEYS = ["total", *STATUS_KEYS, "due", "due_reported"]
RATE_KEYS = ["on_time_rate", "late_rate", "overdue_rate", "done_rate", "reporting_timeliness"]

RANKING_RULE = (
    "Xếp hạng theo thứ tự: (1) tỷ lệ hoàn thành đúng hạn trong số các kỳ đã có kết quả "
    "(hoàn thành hoặc đã quá hạn) — cao hơn xếp trên; (2) nếu bằng nhau, tỷ lệ báo cáo đúng hạn "
    "— cao hơn xếp trên; (3) nếu vẫn bằng nhau, số kỳ đã đến hạn — nhiều hơn xếp trên. "
    "Đơn vị chưa có kỳ nào đến hạn không được xếp hạng; đơn vị đã sáp nhập, giải thể không được "
    "xếp hạng sau ngày thôi hoạt động."
)
NOTHING_DUE = "chưa có kỳ đến hạn"


def empty_counts() -> dict[str, int]:
    return dict.fromkeys(COUNT_KEYS, 0)


# --- SQL ------------------------------------------------------------------------------------


def due_q(day: date) -> Q:
    """Occurrences due on `day`: deadline passed and not stopped."""
    return Q(due_date__lt=day, is_cancelled=False)


def _aggregates(day: date) -> dict:
    due = due_q(day)
    return {
        "total": Count("pk"),
        **{key: Count("pk", filter=Q(st=value)) for key, value in STATUS_KEYS.items()},
        "due": Count("pk", filter=due),
        "due_reported": Count("pk", filter=due & Q(first_reported_on__lte=F("due_date"))),
    }


def count_by(occurrences: QuerySet, day: date, group_by: str | None = None, **extra) -> dict:
    """Counts (COUNT_KEYS) of `occurrences` judged on `day`, in one query (reading the stored
    status when it holds that day's statuses, else the rule).

    Without `group_by`, one dict; with it, {group value: dict}. `extra` adds aggregates
    (e.g. distinct tasks) to each row.
    """
    qs = occurrences.annotate(st=status_column(day)).order_by()
    aggregates = {**_aggregates(day), **extra}
    if group_by is None:
        return qs.aggregate(**aggregates)
    rows = qs.values(group_by).annotate(**aggregates)
    return {row.pop(group_by): row for row in rows}


def sum_by(rollups: QuerySet, group_by: str | None = None, **extra) -> dict:
    """The same counts as `count_by`, summed over roll-up rows (`StatusRollup`) that hold the
    statuses of the day asked (see `tracking.models.status_is_stored_for`), in one query."""
    if group_by is not None and not extra:
        return _sums_grouped(rollups, group_by)
    aggregates = {
        key: Coalesce(Sum(key), Value(0), output_field=IntegerField()) for key in COUNT_KEYS
    }
    aggregates.update(extra)
    qs = rollups.order_by()
    if group_by is None:
        return qs.aggregate(**aggregates)
    rows = qs.values(group_by).annotate(**aggregates)
    return {row.pop(group_by): row for row in rows}


def _sums_grouped(rollups: QuerySet, group_by: str) -> dict:
    """`sum_by` per group, read by the cursor: a group has at least one row and the counters
    are never NULL, so plain SUMs serve, read without the ORM's converters (a third less time
    for a province's 300 units)."""
    qs = rollups.order_by().values(group_by).annotate(**{key: Sum(key) for key in COUNT_KEYS})
    return {row.pop(group_by): row for row in plain_rows(qs)}


# --- pure -----------------------------------------------------------------------------------


def rate(part: int, whole: int) -> float | None:
    """Percentage with one decimal; None when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None


def rates_of(counts: Mapping[str, int]) -> dict:
    """The counts and every rate derived from them (see the module docstring)."""
    c = {key: counts.get(key) or 0 for key in COUNT_KEYS}
    known = c["done_on_time"] + c["done_late"] + c["overdue"]
    done = c["done_on_time"] + c["done_late"]
    return {
        **counts,
        **c,
        "done": done,
        "on_time_rate": rate(c["done_on_time"], known),
        "late_rate": rate(c["done_late"], known),
        "overdue_rate": rate(c["overdue"], known),
        "done_rate": rate(done, c["total"] - c["cancelled"]),
        "reporting_timeliness": rate(c["due_reported"], c["due"]),
    }


def add_counts(rows: Iterable[Mapping[str, int]]) -> dict[str, int]:
    """Sum of counts over rows (a plan's total from its units' rows)."""
    total = empty_counts()
    for row in rows:
        for key in COUNT_KEYS:
            total[key] += row.get(key) or 0
    return total


def _sort_key(row: Mapping) -> tuple:
    return (
        -(row["on_time_rate"] or 0),
        -(row["reporting_timeliness"] or 0),
        -row["due"],
    )


def rank(rows: Iterable[dict], *, day: date, name=lambda r: r["unit"].name, ended=None) -> list:
    """Rows (rates_of + a unit) ordered by the ranking rule, each given `position` and `note`.

    A unit with nothing due gets no position and the note "chưa có kỳ đến hạn"; a unit whose
    `ended(row)` date is before `day` (dissolved, merged) gets no position either. Ranked rows
    come first; equal keys share a position (1, 2, 2, 4).
    """
    ended = ended or (lambda r: None)
    ranked, unranked = [], []
    for row in rows:
        end = ended(row)
        if end is not None and end < day:
            row["position"], row["note"] = None, f"thôi hoạt động từ {end:%d/%m/%Y}"
            unranked.append(row)
        elif not row["due"]:
            row["position"], row["note"] = None, NOTHING_DUE
            unranked.append(row)
        else:
            row["note"] = ""
            ranked.append(row)
    ranked.sort(key=lambda r: (*_sort_key(r), name(r)))
    previous = None
    for index, row in enumerate(ranked, start=1):
        key = _sort_key(row)
        row["position"] = previous[1] if previous and previous[0] == key else index
        previous = (key, row["position"])
    unranked.sort(key=name)
    return ranked + unranked
