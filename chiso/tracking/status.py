"""Status of an occurrence under the national rule for tracking assigned tasks.

Computed from dates and accepted reports, never typed by hand. `status_of` is the pure rule;
`status_expression` is the same rule as a database expression so lists and dashboards can
filter and count by status in one query.

`completed_on` is the date the work was actually completed (entered by the unit, kept once the
report is accepted), not the date of acceptance. Judged on a past day (a report's cut-off), work
completed after that day was not done yet on it.
"""

from datetime import date, timedelta

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Cast, Least, NullIf


class Status(models.TextChoices):
    NOT_DUE = "not_due", "Chưa đến hạn"
    IN_PROGRESS = "in_progress", "Đang thực hiện trong hạn"
    OVERDUE = "overdue", "Quá hạn chưa hoàn thành"
    DONE_ON_TIME = "done_on_time", "Hoàn thành đúng hạn"
    DONE_LATE = "done_late", "Hoàn thành quá hạn"
    CANCELLED = "cancelled", "Không thực hiện, dừng"


def status_of(
    *,
    today: date,
    period_start: date | None,
    due_date: date | None,
    completed_on: date | None,
    cancelled: bool = False,
) -> str:
    if cancelled:
        return Status.CANCELLED
    if completed_on is not None and completed_on <= today:
        late = due_date is not None and completed_on > due_date
        return Status.DONE_LATE if late else Status.DONE_ON_TIME
    if due_date is not None and today > due_date:
        return Status.OVERDUE
    if period_start is not None and today < period_start:
        return Status.NOT_DUE
    if due_date is None and period_start is None:
        return Status.NOT_DUE  # conditional: not assessable until its event happens
    return Status.IN_PROGRESS


def status_expression(today: date, prefix: str = "") -> Case:
    """`status_of` as SQL over an Occurrence (or a relation to it through `prefix`)."""
    p = f"{prefix}__" if prefix else ""
    done = Q(**{f"{p}completed_on__isnull": False, f"{p}completed_on__lte": today})
    return Case(
        When(Q(**{f"{p}is_cancelled": True}), then=Value(Status.CANCELLED)),
        When(
            done
            & Q(**{f"{p}due_date__isnull": False})
            & Q(**{f"{p}completed_on__gt": F(f"{p}due_date")}),
            then=Value(Status.DONE_LATE),
        ),
        When(done, then=Value(Status.DONE_ON_TIME)),
        When(Q(**{f"{p}due_date__lt": today}), then=Value(Status.OVERDUE)),
        When(Q(**{f"{p}period_start__gt": today}), then=Value(Status.NOT_DUE)),
        When(
            Q(**{f"{p}due_date__isnull": True, f"{p}period_start__isnull": True}),
            then=Value(Status.NOT_DUE),
        ),
        default=Value(Status.IN_PROGRESS),
        output_field=models.CharField(),
    )


# The status depends on the day only through thresholds (the period's start, the day after its
# due date, the completion date). `status_changes_on` is the first day after `today` on which
# the status (or whether the period counts as due, `rates.due_q`) may change, None when it never
# will; a stored status computed on `today` stays right until that day.

NEVER = date(9999, 12, 31)


def status_changes_on(
    *,
    today: date,
    period_start: date | None,
    due_date: date | None,
    completed_on: date | None,
    cancelled: bool = False,
) -> date | None:
    if cancelled:
        return None
    candidates = []
    if period_start is not None and period_start > today:
        candidates.append(period_start)
    if due_date is not None and due_date >= today:
        candidates.append(due_date + timedelta(days=1))
    if completed_on is not None and completed_on > today:
        candidates.append(completed_on)
    return min(candidates, default=None)


def status_changes_on_expression(today: date) -> NullIf:
    """`status_changes_on` as SQL over an Occurrence (the day after the due date is compared
    as `due_date >= today`, then stored as due_date + 1 day)."""
    field = models.DateField()
    after_due = Case(
        # Cast: PostgreSQL gives a timestamp for date + interval
        When(Q(due_date__gte=today), then=Cast(F("due_date") + Value(timedelta(days=1)), field)),
        default=Value(NEVER),
        output_field=field,
    )
    start = Case(
        When(Q(period_start__gt=today), then=F("period_start")),
        default=Value(NEVER),
        output_field=field,
    )
    done = Case(
        When(Q(completed_on__gt=today), then=F("completed_on")),
        default=Value(NEVER),
        output_field=field,
    )
    earliest = Case(
        When(Q(is_cancelled=True), then=Value(NEVER)),
        default=Least(start, after_due, done, output_field=field),
        output_field=field,
    )
    return NullIf(earliest, Value(NEVER), output_field=field)


# --- traffic-light flags ------------------------------------------------------------------------

AT_RISK_DAYS = 14  # due within this many days ...
AT_RISK_PERCENT = 50  # ... with less progress than this is "at risk" (red)
ON_TRACK_PERCENT = 80


class Flag(models.TextChoices):
    RED = "red", "Đỏ: quá hạn hoặc có nguy cơ chậm"
    AMBER = "amber", "Vàng: đang thực hiện"
    GREEN = "green", "Xanh: hoàn thành hoặc đúng tiến độ"
    GREY = "grey", "Xám: chưa đánh giá được"


def flag_of(status: str, due_date: date | None, percent: int, today: date) -> str:
    """red: overdue or at risk; amber: in progress; green: done or on track; grey: not yet."""
    if status in (Status.DONE_ON_TIME, Status.DONE_LATE):
        return Flag.GREEN
    if status == Status.OVERDUE:
        return Flag.RED
    if status != Status.IN_PROGRESS:
        return Flag.GREY
    if due_date is not None and (due_date - today).days <= AT_RISK_DAYS:
        return Flag.RED if percent < AT_RISK_PERCENT else Flag.AMBER
    return Flag.GREEN if percent >= ON_TRACK_PERCENT else Flag.AMBER


def unit_flag(counts: dict) -> str:
    """Flag of a unit (or a task) from its occurrence counts by status: the worst one wins."""
    if counts.get("overdue"):
        return Flag.RED
    if counts.get("in_progress"):
        return Flag.AMBER
    if counts.get("done_on_time") or counts.get("done_late"):
        return Flag.GREEN
    return Flag.GREY
