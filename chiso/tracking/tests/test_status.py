"""The national status rule at its boundaries, as a pure function and as SQL (same answers)."""

from datetime import date

import pytest

from chiso.tracking.models import Occurrence
from chiso.tracking.status import Flag, Status, flag_of, status_of, unit_flag

DUE = date(2026, 3, 31)
START = date(2026, 1, 1)

CASES = [
    # today, completed_on, expected
    (date(2026, 3, 31), None, Status.IN_PROGRESS),  # due today: still in time
    (date(2026, 4, 1), None, Status.OVERDUE),  # due yesterday
    (date(2025, 12, 31), None, Status.NOT_DUE),  # before the period starts
    (date(2026, 1, 1), None, Status.IN_PROGRESS),  # first day of the period
    (date(2026, 5, 1), date(2026, 3, 31), Status.DONE_ON_TIME),  # done on the due date
    (date(2026, 5, 1), date(2026, 4, 1), Status.DONE_LATE),  # done a day after
    (date(2026, 2, 1), date(2026, 1, 15), Status.DONE_ON_TIME),
    # judged on a cut-off before the work was completed: not done yet on that day
    (date(2026, 3, 14), date(2026, 3, 20), Status.IN_PROGRESS),
    (date(2026, 4, 14), date(2026, 4, 20), Status.OVERDUE),
]


@pytest.mark.parametrize(("today", "completed", "expected"), CASES)
def test_status_of_boundaries(today, completed, expected):
    got = status_of(today=today, period_start=START, due_date=DUE, completed_on=completed)
    assert got == expected


@pytest.mark.parametrize(("today", "completed", "expected"), CASES)
def test_sql_status_matches_the_pure_rule(occ, today, completed, expected):
    Occurrence.objects.filter(pk=occ.pk).update(
        period_start=START, due_date=DUE, completed_on=completed
    )
    assert Occurrence.objects.with_status(today).get(pk=occ.pk).status == expected


def test_recurring_occurrences_across_a_quarter_end(plan):
    task = plan.tasks.get(content__startswith="Kiểm soát")
    q1, q2 = task.occurrences.order_by("due_date")[:2]
    on_march_31 = {
        o.period_label: o.status for o in task.occurrences.with_status(date(2026, 3, 31))
    }
    on_april_1 = {o.period_label: o.status for o in task.occurrences.with_status(date(2026, 4, 1))}
    assert on_march_31["Quý I/2026"] == Status.IN_PROGRESS
    assert on_march_31["Quý II/2026"] == Status.NOT_DUE
    assert on_april_1["Quý I/2026"] == Status.OVERDUE
    assert on_april_1["Quý II/2026"] == Status.IN_PROGRESS
    assert (q1.due_date, q2.period_start) == (date(2026, 3, 31), date(2026, 4, 1))


def test_cancelled_wins_and_is_grey():
    status = status_of(
        today=DUE, period_start=START, due_date=DUE, completed_on=None, cancelled=True
    )
    assert status == Status.CANCELLED
    assert flag_of(status, DUE, 0, DUE) == Flag.GREY


def test_flags():
    today = date(2026, 3, 1)
    assert flag_of(Status.OVERDUE, date(2026, 2, 1), 90, today) == Flag.RED
    assert flag_of(Status.IN_PROGRESS, date(2026, 3, 10), 20, today) == Flag.RED  # at risk
    assert flag_of(Status.IN_PROGRESS, date(2026, 3, 10), 60, today) == Flag.AMBER
    assert flag_of(Status.IN_PROGRESS, date(2026, 6, 30), 30, today) == Flag.AMBER
    assert flag_of(Status.IN_PROGRESS, date(2026, 6, 30), 85, today) == Flag.GREEN  # on track
    assert flag_of(Status.DONE_LATE, date(2026, 2, 1), 100, today) == Flag.GREEN
    assert flag_of(Status.NOT_DUE, date(2026, 6, 30), 0, today) == Flag.GREY
    assert unit_flag({"overdue": 1, "in_progress": 3}) == Flag.RED
    assert unit_flag({"in_progress": 1, "done_on_time": 3}) == Flag.AMBER
    assert unit_flag({"done_late": 1}) == Flag.GREEN
    assert unit_flag({}) == Flag.GREY
