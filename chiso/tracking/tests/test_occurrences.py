from datetime import date

import pytest

from chiso.core.errors import DomainError
from chiso.plans.deadline import parse_deadline
from chiso.plans.models import Task
from chiso.tracking.models import Occurrence
from chiso.tracking.periods import task_periods
from chiso.tracking.services import occurrence_change_deadline, occurrences_sync
from chiso.tracking.status import Status
from tests.builders import make_plan, unit


def _periods(raw, start=date(2024, 1, 1), end=date(2025, 12, 31), freq="quarter"):
    d = parse_deadline(raw, plan_date=start, period=(start, end)).to_dict()
    return task_periods(
        d, plan_start=start, plan_end=end, plan_date=start, reporting_frequency=freq
    )


def test_continuous_task_has_one_period_per_quarter_across_years():
    periods = _periods("Thường xuyên")
    assert [p.label for p in periods[:5]] == [
        "Quý I/2024",
        "Quý II/2024",
        "Quý III/2024",
        "Quý IV/2024",
        "Quý I/2025",
    ]
    assert len(periods) == 8
    assert periods[3].start == date(2024, 10, 1) and periods[3].due == date(2024, 12, 31)
    assert periods[4].start == date(2025, 1, 1)


def test_continuous_task_follows_the_plan_reporting_frequency():
    periods = _periods("Thường xuyên", freq="half_year")
    assert [p.label for p in periods] == [
        "6 tháng đầu năm 2024",
        "6 tháng cuối năm 2024",
        "6 tháng đầu năm 2025",
        "6 tháng cuối năm 2025",
    ]


def test_plan_starting_mid_quarter_clips_the_first_period():
    periods = _periods("Thường xuyên", start=date(2024, 8, 15), end=date(2025, 3, 31))
    assert periods[0].label == "Quý III/2024" and periods[0].start == date(2024, 8, 15)
    assert [p.due for p in periods] == [date(2024, 9, 30), date(2024, 12, 31), date(2025, 3, 31)]


def test_recurring_quarterly_deadline():
    periods = _periods("Định kỳ hằng quý")
    assert len(periods) == 8
    assert periods[0].due == date(2024, 3, 31) and periods[0].label == "Quý I/2024"


def test_one_off_and_conditional_deadlines():
    [one] = _periods("31/12/2024")
    assert one.due == date(2024, 12, 31) and one.start == date(2024, 1, 1)
    [cond] = _periods("Sau khi UBND tỉnh phê duyệt")
    assert cond.due is None and cond.start is None


def test_sync_creates_one_occurrence_per_lead_unit_and_period_idempotently(province):
    plan = make_plan(deadlines={"Kiểm soát TTHC": "Thường xuyên"})
    task = plan.tasks.get()
    assert task.occurrences.count() == 4
    assert occurrences_sync(task) == {"created": 0, "updated": 0, "removed": 0}
    assert set(task.occurrences.values_list("unit__name", flat=True)) == {"Sở Tư pháp"}


def test_conditional_task_is_not_due_until_a_coordinator_sets_a_date(province, persona):
    plan = make_plan(deadlines={"Triển khai đề án": "Sau khi UBND tỉnh phê duyệt"})
    occ = Occurrence.objects.get(task__plan=plan)
    assert occ.status_on(date(2026, 5, 1)) == Status.NOT_DUE
    occurrence_change_deadline(
        occurrence=occ,
        due_date=date(2026, 4, 30),
        reason="Đề án đã được phê duyệt",
        by=persona("noivu"),
    )
    assert occ.status_on(date(2026, 5, 1)) == Status.OVERDUE
    # a re-sync keeps the date the coordinator set
    occurrences_sync(Task.objects.get(pk=occ.task_id))
    assert Occurrence.objects.get(pk=occ.pk).due_date == date(2026, 4, 30)
    record = occ.history.first()
    assert "Đề án đã được phê duyệt" in record.history_change_reason


def test_group_lead_gets_one_occurrence_per_member(province):
    from chiso.orgs.models import UnitGroup
    from chiso.plans.services import AssigneeSpec, assignment_add

    plan = make_plan(deadlines={"Niêm yết TTHC": "31/12/2026"})
    task = plan.tasks.get()
    group = UnitGroup.objects.get(name="UBND các xã, phường, thị trấn")
    assignment_add(task=task, spec=AssigneeSpec(role="lead", group=group))
    occurrences_sync(task)
    from chiso.orgs.services import group_resolved_members

    members = group_resolved_members(group).count()
    assert members >= 9
    assert task.occurrences.count() == 1 + members
    assert unit("Sở Tư pháp").occurrences.filter(task=task).count() == 1


def test_occurrences_command_is_idempotent(province):
    import io

    import pytest
    from django.core.management import CommandError, call_command

    plan = make_plan(deadlines={"Kiểm soát TTHC": "Thường xuyên"})
    Occurrence.objects.all().delete()
    out = io.StringIO()
    call_command("occurrences", plan=[plan.pk], stdout=out)
    assert "tạo 4," in out.getvalue()
    call_command("occurrences", all=True, stdout=out)
    assert Occurrence.objects.count() == 4
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command("occurrences", plan=[plan.pk + 100])


def test_group_members_abolished_before_the_plan_get_no_occurrence(province):
    from chiso.orgs.models import UnitGroup
    from chiso.plans.services import AssigneeSpec, assignment_add

    plan = make_plan(deadlines={"Báo cáo": "31/12/2026"})  # 2026: districts ended 30/06/2025
    task = plan.tasks.get()
    group = UnitGroup.objects.get(name="UBND các huyện, thành phố")
    assignment_add(task=task, spec=AssigneeSpec(role="lead", group=group))
    occurrences_sync(task)
    assert not task.occurrences.filter(unit__unit_type="district").exists()


def test_a_deadline_moved_onto_an_earlier_period_is_refused_and_nothing_changes(province, persona):
    plan = make_plan(deadlines={"Kiểm soát TTHC": "Thường xuyên"})
    first, second = Occurrence.objects.filter(task__plan=plan).order_by("period_start")[:2]
    with pytest.raises(DomainError, match="rơi vào một kỳ báo cáo khác"):
        occurrence_change_deadline(
            occurrence=second,
            due_date=first.period_start,
            reason="Nhập nhầm",
            by=persona("noivu"),
        )
    kept = Occurrence.objects.get(pk=second.pk)
    assert (kept.period_start, kept.due_date) == (second.period_start, second.due_date)
