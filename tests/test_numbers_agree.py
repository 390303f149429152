"""One headline number, one implementation: for the same plan, period and unit, the dashboard,
the unit completion page, the compiled report and the API show the same counts and rates."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from chiso.orgs.demo import load_demo_orgs
from chiso.orgs.models import OrgUnit
from chiso.plans.services import AssigneeSpec, TaskSpec, plan_create
from chiso.reports import closing
from chiso.reports.selectors import compiled_report_data
from chiso.reports.services import period_from_code
from chiso.tracking.models import Occurrence

KEYS = [
    "total",
    "done_on_time",
    "done_late",
    "overdue",
    "in_progress",
    "not_due",
    "on_time_rate",
    "reporting_timeliness",
]
# unit -> (due date, completed on, first reported on, cancelled)
WORK = {
    "Sở Tư pháp": [
        (date(2025, 3, 31), date(2025, 3, 20), date(2025, 3, 25), False),  # on time, reported
        (date(2025, 6, 30), None, None, False),  # overdue, never reported
        (date(2025, 9, 30), None, None, True),  # stopped: counted apart
    ],
    "Sở Tài chính": [
        (date(2025, 3, 31), date(2025, 4, 10), date(2025, 4, 12), False),  # late, reported late
        (date(2025, 9, 30), date(2025, 9, 1), date(2025, 9, 2), False),  # early
        (date(2025, 10, 31), date(2025, 10, 30), date(2025, 10, 31), False),
    ],
}
EXPECTED = {
    "Sở Tư pháp": dict(
        total=3,
        done_on_time=1,
        done_late=0,
        overdue=1,
        in_progress=0,
        not_due=0,
        on_time_rate=50.0,
        reporting_timeliness=50.0,
    ),  # fmt: skip
    "Sở Tài chính": dict(
        total=3,
        done_on_time=2,
        done_late=1,
        overdue=0,
        in_progress=0,
        not_due=0,
        on_time_rate=66.7,
        reporting_timeliness=66.7,
    ),  # fmt: skip
}


@pytest.fixture
def plan(db, settings, time_machine):
    settings.REPORT_CUTOFF_RULES = {"year": {"start_day": None, "end_day": None}}
    time_machine.move_to(
        "2026-03-16 09:00 +07:00", tick=False
    )  # judged after the year, as the report is
    province = load_demo_orgs()
    plan = plan_create(
        owner_unit=province,
        coordinator_unit=OrgUnit.objects.get(name="Sở Nội vụ"),
        number="20/KH-UBND",
        title="Kế hoạch cải cách hành chính năm 2025",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        tasks=[
            TaskSpec(
                content=f"Nhiệm vụ của {name}",
                index_code="PAR INDEX",
                assignees=[AssigneeSpec("lead", OrgUnit.objects.get(name=name))],
            )
            for name in WORK
        ],
    )
    for task, rows in zip(plan.tasks.order_by("order"), WORK.values(), strict=True):
        for due, done, reported, cancelled in rows:
            Occurrence.objects.create(
                task=task,
                unit=task.assignments.get().unit,
                period_label=f"{due:%m/%Y}",
                period_start=due.replace(day=1),
                period_end=due,
                due_date=due,
                completed_on=done,
                first_reported_on=reported,
                is_cancelled=cancelled,
            )
    return plan


def _pick(row: dict) -> dict:
    return {k: row[k] for k in KEYS}


def test_dashboard_unit_page_report_and_api_agree(plan, client_as):
    client = client_as("noivu")
    province = plan.owner_unit
    dashboard = client.get(
        reverse("dashboard:index"), {"don_vi": province.pk, "nam": 2025, "ke_hoach": plan.pk}
    ).context["ranking"]
    dashboard_api = client.get(
        "/api/v1/dashboard", {"unit_id": province.pk, "year": 2025, "plan_id": plan.pk}
    ).json()["units"]
    unit_page = client.get(reverse("tracking:rates"), {"plan": plan.pk, "year": 2025}).context[
        "rows"
    ]
    api = client.get("/api/v1/completion-rates", {"plan": plan.pk, "year": 2025}).json()
    report = compiled_report_data(
        plan=plan, period=period_from_code("2025-Y"), today=timezone.localdate()
    )

    for name, expected in EXPECTED.items():
        seen = {
            "dashboard": _pick(next(r for r in dashboard if r["unit"].name == name)),
            "dashboard API": _pick(next(r for r in dashboard_api if r["unit"] == name)),
            "unit page": _pick(next(r for r in unit_page if r["unit"].name == name)),
            "API": _pick(next(r for r in api if r["unit_name"] == name)),
            "report": _pick(next(r for r in report["units"] if r["unit"] == name)),
        }
        for where, got in seen.items():
            assert got == expected, (name, where)

    # the report's plan total is the same rule over the sum of the units' counts
    summary = report["summary"]
    assert (summary["total"], summary["done_on_time"], summary["overdue"]) == (6, 3, 1)
    assert summary["on_time_rate"] == 60.0 and summary["reporting_timeliness"] == 60.0
    assert summary["done_rate"] == 80.0  # 4 done of the 5 not stopped


def _row_counts(tasks: list[dict], name: str) -> dict:
    rows = [t for t in tasks if t["unit"] == name]
    return {
        "total": len(rows),
        "done_on_time": sum(t["status"] == "done_on_time" for t in rows),
        "overdue": sum(t["status"] == "overdue" for t in rows),
    }


def test_a_closed_period_agrees_at_the_close_and_its_report_keeps_it(plan, client_as, persona):
    """At the close the four places agree; after a later edit the live places move together while
    the closed period's report (units table and task rows alike) keeps the figures of the close."""
    period = period_from_code("2025-Y")
    closing.period_close(plan=plan, period=period, by=persona("noivu"))
    client = client_as("noivu")
    closed = compiled_report_data(plan=plan, period=period, today=timezone.localdate())
    for name, expected in EXPECTED.items():
        unit_row = next(r for r in closed["units"] if r["unit"] == name)
        assert _pick(unit_row) == expected, name
        counts = _row_counts(closed["tasks"], name)
        assert counts == {k: unit_row[k] for k in counts}, name

    # Sở Tư pháp's overdue work is recorded done on time afterwards
    Occurrence.objects.filter(unit__name="Sở Tư pháp", due_date=date(2025, 6, 30)).update(
        completed_on=date(2025, 6, 20), first_reported_on=date(2025, 6, 25)
    )
    moved = dict(EXPECTED["Sở Tư pháp"], done_on_time=2, overdue=0, on_time_rate=100.0)
    moved["reporting_timeliness"] = 100.0
    live = {
        "dashboard": client.get(
            reverse("dashboard:index"),
            {"don_vi": plan.owner_unit.pk, "nam": 2025, "ke_hoach": plan.pk},
        ).context["ranking"],
        "API": client.get("/api/v1/completion-rates", {"plan": plan.pk, "year": 2025}).json(),
    }
    assert _pick(next(r for r in live["dashboard"] if r["unit"].name == "Sở Tư pháp")) == moved
    assert _pick(next(r for r in live["API"] if r["unit_name"] == "Sở Tư pháp")) == moved

    again = compiled_report_data(plan=plan, period=period, today=timezone.localdate())
    for key in ("units", "summary", "tasks", "components", "late", "not_reported"):
        assert again[key] == closed[key], key
