"""Lists judged today read each period's stored status; judged on another day they compute the
rule. Either way they show the same rows with the same statuses: the dashboard's drill-down, the
reviewer's inbox, the officer's list and the counts behind every rate."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from chiso.dashboard.rows import occurrence_rows
from chiso.dashboard.selectors import Filters
from chiso.tracking import rates
from chiso.tracking.models import Occurrence, StatusClock, advance_statuses
from chiso.tracking.selectors import inbox_reports, unit_tasks
from chiso.tracking.status import Status
from tests.builders import build_period_plan

TODAY = date(2024, 12, 10)
NOT_STORED = date(2000, 1, 1)


def _status_sql(f) -> str:
    return str(occurrence_rows(f).values("st").query)


def _reads(data, persona) -> dict:
    f = Filters(unit=data.units["root"], year=TODAY.year, today=TODAY)
    lead, _ = unit_tasks([data.units["stp"], data.units["vp"]], TODAY, include_done=True)
    return {
        "drill": dict(occurrence_rows(f).values_list("pk", "st")),
        "drill_overdue": list(occurrence_rows(f, status="overdue").values_list("pk", flat=True)),
        "inbox": dict(inbox_reports(persona("noivu"), TODAY).values_list("pk", "occ_status")),
        "officer_list": dict(lead.values_list("pk", "status")),
        "counts": rates.count_by(Occurrence.objects.all(), TODAY, "unit_id"),
    }


def test_stored_and_computed_statuses_show_the_same_rows(province, persona):
    with time_machine.travel(datetime(2024, 12, 10, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        data = build_period_plan()
        advance_statuses(TODAY)
        f = Filters(unit=data.units["root"], year=TODAY.year, today=TODAY)
        assert "CASE" not in _status_sql(f)  # judged today: the stored column

        stored = _reads(data, persona)
        StatusClock.objects.update(as_of=NOT_STORED)  # as if judged on another day: the rule
        assert "CASE" in _status_sql(f)
        computed = _reads(data, persona)

    assert stored == computed
    o = data.occ
    assert stored["drill"][o["overdue"].pk] == Status.OVERDUE
    assert stored["drill"][o["late_done"].pk] == Status.DONE_LATE
    assert stored["drill"][o["in_progress"].pk] == Status.IN_PROGRESS
    assert stored["drill_overdue"] == [o["overdue"].pk, o["overdue_silent"].pk]
    assert set(stored["inbox"].values()) == {Status.OVERDUE}  # the one report waiting
    assert stored["officer_list"][o["on_time"].pk] == Status.DONE_ON_TIME
    assert stored["counts"][data.units["stc"].pk]["cancelled"] == 1
