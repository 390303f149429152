"""Province-scale data for benchmarks: org tree, plans, tasks, assignments, occurrences and
progress reports, built with bulk_create (batches of 5,000) in well under two minutes on SQLite.

    from bench.dataset import build_dataset
    info = build_dataset(units=300, tasks=10_000, reports=100_000, seed=1)

Call after Django is set up on a throw-away database (bench scripts use var/bench/*.sqlite3).
Plans run 2024–2026; 75% of tasks are "Thường xuyên" (one occurrence per quarter), 15% monthly,
10% one-off, so there are ~14 occurrences per task and enough of them for the reports asked.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from chiso.frameworks.vocabulary import INDEX_CODES
from chiso.orgs.models import OrgUnit, UnitType
from chiso.plans.deadline import parse_deadline
from chiso.plans.models import Plan, Task, TaskAssignment
from chiso.tracking.models import Occurrence, ProgressReport
from chiso.tracking.periods import task_periods

BATCH = 5000
START, END, TODAY = date(2024, 1, 1), date(2026, 12, 31), date(2026, 11, 21)
DEADLINES = [("Thường xuyên", 75), ("Hằng tháng", 15), ("31/12/2025", 5), ("30/6/2026", 5)]
TASKS_PER_PLAN = 100


def _units(n: int, rng: random.Random) -> tuple[OrgUnit, list[OrgUnit]]:
    root = OrgUnit.objects.create(
        name="Ủy ban nhân dân tỉnh Thử Nghiệm", short_name="UBND tỉnh", unit_type="province"
    )
    root.path, root.depth = f"{root.pk:07d}/", 0
    root.save(update_fields=["path", "depth"])
    departments = max(10, n // 8)
    children = [
        OrgUnit(
            parent=root,
            name=f"Sở số {i:03d}" if i < departments else f"Ủy ban nhân dân xã số {i:03d}",
            unit_type=UnitType.DEPARTMENT if i < departments else UnitType.COMMUNE,
            depth=1,
        )
        for i in range(n - 1)
    ]
    for unit in children:
        unit.refresh_search_text()
    OrgUnit.objects.bulk_create(children, batch_size=BATCH)
    children = list(OrgUnit.objects.filter(parent=root).order_by("pk"))
    for unit in children:
        unit.path = f"{root.path}{unit.pk:07d}/"
    OrgUnit.objects.bulk_update(children, ["path"], batch_size=BATCH)
    return root, children


def _tasks(plans: list[Plan], n: int, rng: random.Random) -> list[Task]:
    deadlines = {
        raw: parse_deadline(raw, plan_date=START, period=(START, END)).to_dict()
        for raw, _ in DEADLINES
    }
    raws = [raw for raw, _ in DEADLINES]
    weights = [w for _, w in DEADLINES]
    codes = list(INDEX_CODES)
    tasks = []
    for i in range(n):
        raw = rng.choices(raws, weights)[0]
        d = deadlines[raw]
        tasks.append(
            Task(
                plan=plans[i // TASKS_PER_PLAN],
                order=i % TASKS_PER_PLAN + 1,
                number=str(i % TASKS_PER_PLAN + 1),
                index_code=codes[i % 4],
                component_text=f"Thành phần {i % 17}",
                content=f"Nhiệm vụ thử nghiệm số {i}: nâng cao chất lượng giải quyết thủ tục",
                deadline=d,
                deadline_raw=raw,
                deadline_kind=d["kind"],
                due_date=date.fromisoformat(d["dates"][-1]) if d["dates"] else None,
            )
        )
    Task.objects.bulk_create(tasks, batch_size=BATCH)
    return list(Task.objects.order_by("pk"))


def _report(occ: Occurrence, rng: random.Random) -> ProgressReport:
    due = occ.due_date or TODAY
    roll = rng.random()
    if due >= TODAY:
        state, work, sent = rng.choice(["draft", "submitted"]), "in_progress", TODAY
    elif roll < 0.55:
        state, work, sent = "accepted", "done", due - timedelta(days=rng.randint(0, 9))
    elif roll < 0.7:
        state, work, sent = "accepted", "done", due + timedelta(days=rng.randint(1, 30))
    elif roll < 0.8:
        state, work, sent = "returned", "in_progress", due
    else:
        state, work, sent = "submitted", "done", due + timedelta(days=rng.randint(0, 5))
    sent = min(sent, TODAY)
    when = datetime.combine(sent, time(9), tzinfo=UTC) if state != "draft" else None
    if when:
        occ.first_reported_on = sent
    if state == "accepted":
        occ.completed_on, occ.percent = sent, 100
    return ProgressReport(
        occurrence=occ,
        unit_id=occ.unit_id,
        state=state,
        work_status=work,
        completed_on=sent if work == "done" else None,
        percent=100 if work == "done" else rng.choice([20, 50, 70]),
        narrative="Đã triển khai theo kế hoạch.",
        submitted_at=when,
        first_submitted_at=when,
        reviewed_at=when if state in ("accepted", "returned") else None,
    )


def build_dataset(*, units: int = 300, tasks: int = 10_000, reports: int = 100_000, seed: int = 1):
    """Create the dataset; returns the root unit, the coordinator unit and row counts."""
    rng = random.Random(seed)
    root, children = _units(units, rng)
    coordinator = children[0]
    plans = [
        Plan(
            number=f"{i + 1}/KH-UBND",
            issuer="UBND tỉnh",
            owner_unit=root,
            coordinator_unit=coordinator,
            date=START,
            title=f"Kế hoạch thử nghiệm số {i + 1}",
            period_start=START,
            period_end=END,
        )
        for i in range((tasks + TASKS_PER_PLAN - 1) // TASKS_PER_PLAN)
    ]
    Plan.objects.bulk_create(plans, batch_size=BATCH)
    plans = list(Plan.objects.filter(owner_unit=root).order_by("pk"))
    task_rows = _tasks(plans, tasks, rng)
    assignments, occurrences = [], []
    periods_cache: dict[str, list] = {}
    for task in task_rows:
        lead = rng.choice(children)
        assignments.append(TaskAssignment(task=task, role="lead", unit=lead))
        for other in rng.sample(children, 2):
            if other.pk != lead.pk:
                assignments.append(TaskAssignment(task=task, role="coordinating", unit=other))
        if task.deadline_raw not in periods_cache:
            periods_cache[task.deadline_raw] = task_periods(
                task.deadline, plan_start=START, plan_end=END, plan_date=START
            )
        for p in periods_cache[task.deadline_raw]:
            occurrences.append(
                Occurrence(
                    task=task,
                    unit=lead,
                    period_label=p.label,
                    period_start=p.start,
                    period_end=p.end,
                    due_date=p.due,
                )
            )
    TaskAssignment.objects.bulk_create(assignments, batch_size=BATCH)
    # past occurrences first, so the reports look like a province two years into its plans
    chosen = sorted(occurrences, key=lambda o: (o.due_date or TODAY) > TODAY)[:reports]
    report_rows = [_report(o, rng) for o in chosen]
    Occurrence.objects.bulk_create(occurrences, batch_size=BATCH)
    for r in report_rows:
        r.occurrence_id = r.occurrence.pk
    ProgressReport.objects.bulk_create(report_rows, batch_size=BATCH)
    return {
        "root": root,
        "coordinator_unit": coordinator,
        "units": units,
        "tasks": len(task_rows),
        "occurrences": len(occurrences),
        "reports": len(report_rows),
    }
