"""The stored status of each period (and the roll-ups of counts) equals the national rule,
whatever happened to it: reports submitted, returned, accepted, reopened, deadlines moved, work
reassigned or stopped, and days passing (the daily job moves periods that became due or
overdue)."""

from contextlib import suppress
from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chiso.core.errors import DomainError
from chiso.orgs.models import OrgUnit
from chiso.tracking import services
from chiso.tracking.models import (
    Occurrence,
    ProgressReport,
    ReportState,
    StatusClock,
    StatusRollup,
    WorkStatus,
    advance_statuses,
    rollup_differences,
    stored_status_differences,
)
from chiso.tracking.rates import due_q
from chiso.tracking.selectors import plan_completion, task_status_counts, unit_completion_rates
from chiso.tracking.status import Status, status_changes_on, status_of

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
dates = st.dates(min_value=date(2025, 10, 1), max_value=date(2027, 3, 31))


def _due(day, due_date, cancelled):
    return due_date is not None and due_date < day and not cancelled


@given(
    today=dates,
    start=st.none() | dates,
    due=st.none() | dates,
    done=st.none() | dates,
    cancelled=st.booleans(),
)
def test_status_holds_until_the_stored_change_date(today, start, due, done, cancelled):
    inputs = dict(period_start=start, due_date=due, completed_on=done, cancelled=cancelled)
    change = status_changes_on(today=today, **inputs)
    assert change is None or change > today
    now = (status_of(today=today, **inputs), _due(today, due, cancelled))
    last = change or today + timedelta(days=800)
    for offset in range(1, (last - today).days):
        day = today + timedelta(days=offset)
        assert (status_of(today=day, **inputs), _due(day, due, cancelled)) == now
    if change is not None:
        later = (status_of(today=change, **inputs), _due(change, due, cancelled))
        assert later != now or change in (start, done)  # a threshold, even if nothing moved


def _at(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=HANOI), tick=False)


ACTIONS = ["days", "job", "submit", "accept", "return", "reopen", "deadline", "reassign", "stop"]
steps = st.lists(
    st.tuples(st.sampled_from(ACTIONS), st.integers(0, 50), st.integers(-40, 90)),
    min_size=1,
    max_size=14,
)


def _act(action: str, pick: int, amount: int, today: date, by, other: OrgUnit) -> None:
    occs = list(Occurrence.objects.order_by("pk"))
    occ = occs[pick % len(occs)]
    report = ProgressReport.objects.filter(occurrence=occ).first()
    if action == "submit":
        done = amount % 2 == 0
        services.report_save(
            occurrence=occ,
            by=by,
            work_status=WorkStatus.DONE if done else WorkStatus.IN_PROGRESS,
            percent=100 if done else 40,
            narrative="Đã triển khai",
            completed_on=today - timedelta(days=abs(amount) % 30) if done else None,
            submit=True,
            version=report.version if report else None,
        )
    elif action == "accept" and report:
        services.report_accept(report=report, by=by)
    elif action == "return" and report:
        services.report_return(report=report, by=by, comment="Bổ sung minh chứng")
    elif action == "reopen" and report:
        services.report_reopen(report=report, by=by, reason="Sửa số liệu")
    elif action == "deadline":
        new_due = today + timedelta(days=amount)
        if occ.period_start and new_due < occ.period_start:
            return  # moving a period before its start can clash with the previous period
        services.occurrence_change_deadline(
            occurrence=occ, due_date=new_due, reason="Lùi hạn", by=by
        )
    elif action == "reassign":
        services.occurrence_reassign(occurrence=occ, unit=other, reason="Đổi đơn vị", by=by)
    elif action == "stop" and amount % 5 == 0:
        services.occurrence_cancel(occurrence=occ, reason="Không còn phù hợp", by=by)


def _figures(plan, day: date) -> tuple:
    units = OrgUnit.objects.filter(pk__in=Occurrence.objects.values("unit_id")).order_by("pk")
    return (
        plan_completion(plan, day),
        task_status_counts(plan, day),
        unit_completion_rates(units, day, period=(date(day.year, 1, 1), date(day.year, 12, 31))),
    )


def _stored_equals_rule(plan) -> None:
    """Stored statuses and roll-ups are right for the clock's day, and what the pages judged
    today read from them equals the rule computed over every period."""
    clock = StatusClock.objects.get()
    assert stored_status_differences(clock.as_of) == []
    assert rollup_differences(clock.as_of) == []
    if clock.as_of == timezone.localdate():
        stored = dict(Occurrence.objects.with_status(clock.as_of).values_list("pk", "status"))
        expected = {o.pk: o.status_on(clock.as_of) for o in Occurrence.objects.all()}
        assert stored == expected
        from_rollups = _figures(plan, clock.as_of)
        StatusClock.objects.update(as_of=date(2000, 1, 1))  # read as if not stored: computed
        computed = _figures(plan, clock.as_of)
        StatusClock.objects.update(as_of=clock.as_of)
        assert from_rollups == computed


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(start=st.dates(min_value=date(2025, 12, 1), max_value=date(2026, 12, 31)), history=steps)
def test_stored_statuses_follow_any_history(plan, persona, start, history):
    by = persona("noivu")
    other = OrgUnit.objects.get(name="Sở Tài chính")
    today = start
    with transaction.atomic():
        for action, pick, amount in history:
            if action == "days":
                today += timedelta(days=abs(amount) + 1)
            with _at(today):
                if action == "job":
                    advance_statuses(today)
                else:
                    with suppress(DomainError):  # refused as a user would be: nothing written
                        _act(action, pick, amount, today, by, other)
                _stored_equals_rule(plan)
        transaction.set_rollback(True)


def test_the_daily_job_marks_periods_that_became_overdue(plan):
    task = plan.tasks.get(content__startswith="Kiểm soát")
    with _at(date(2026, 3, 31)):
        advance_statuses(date(2026, 3, 31))
        q1 = task.occurrences.get(period_label="Quý I/2026")
        assert q1.stored_status == Status.IN_PROGRESS
    with _at(date(2026, 4, 1)):
        out = StringIO()
        call_command("jobs", "tracking-statuses", stdout=out)
        assert "tracking-statuses:" in out.getvalue()
        q1.refresh_from_db()
        q2 = task.occurrences.get(period_label="Quý II/2026")
        assert (q1.stored_status, q2.stored_status) == (Status.OVERDUE, Status.IN_PROGRESS)
        assert StatusClock.objects.get().as_of == date(2026, 4, 1)
        # only the periods whose status could change were rewritten: Q3 and Q4 wait
        q3 = task.occurrences.get(period_label="Quý III/2026")
        assert q3.status_changes_on == q3.period_start
        assert stored_status_differences(date(2026, 4, 1)) == []


def test_pages_judged_on_another_day_compute_the_rule(plan):
    with _at(date(2026, 4, 1)):
        advance_statuses(date(2026, 4, 1))
        q1 = Occurrence.objects.get(period_label="Quý I/2026")
        on_march_31 = Occurrence.objects.with_status(date(2026, 3, 31)).get(pk=q1.pk)
        assert on_march_31.status == Status.IN_PROGRESS
        assert Occurrence.objects.with_status(date(2026, 4, 1)).get(pk=q1.pk).status == (
            Status.OVERDUE
        )
        assert Occurrence.objects.filter(due_q(date(2026, 4, 1))).filter(pk=q1.pk).exists()


def test_an_update_of_a_deadline_keeps_the_stored_status(plan):
    with _at(date(2026, 5, 1)):
        occ = Occurrence.objects.get(period_label="Quý I/2026")
        assert Occurrence.objects.get(pk=occ.pk).stored_status == Status.OVERDUE
        Occurrence.objects.filter(pk=occ.pk).update(due_date=date(2026, 6, 30))
        assert Occurrence.objects.get(pk=occ.pk).stored_status == Status.IN_PROGRESS
        assert ProgressReport.objects.filter(state=ReportState.SUBMITTED).count() == 0


def test_rebuild_check_reports_a_wrong_roll_up_and_the_rebuild_repairs_it(plan):
    with _at(date(2026, 5, 1)):
        out = StringIO()
        call_command("rollups_rebuild", "--check", stdout=out)
        assert "Không có khác biệt." in out.getvalue()
        row = StatusRollup.objects.filter(overdue__gt=0).first()
        StatusRollup.objects.filter(pk=row.pk).update(overdue=0)
        Occurrence.objects.filter(pk=Occurrence.objects.first().pk).update(stored_status="x")
        out = StringIO()
        with pytest.raises(CommandError) as refused:
            call_command("rollups_rebuild", "--check", stdout=out)
        assert refused.value.returncode == 1
        assert f"Tổng hợp nhiệm vụ #{row.task_id}" in out.getvalue()
        assert "1 kỳ thực hiện có tình trạng đã lưu sai, 1 dòng tổng hợp sai" in str(refused.value)
        assert StatusRollup.objects.get(pk=row.pk).overdue == 0  # --check changed nothing
        call_command("rollups_rebuild", stdout=StringIO())
        assert rollup_differences(date(2026, 5, 1)) == []
        assert stored_status_differences(date(2026, 5, 1)) == []
