"""Generators for the dashboard benchmark: 5 years of index results (and targets), links from
tasks to components, and — when the tracking dataset generator is not available — a minimal
province-scale org tree, plan, tasks, occurrences and progress reports. Bulk inserts only.

Call after Django is set up and the shipped frameworks are loaded.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from chiso.frameworks.models import Component, Framework, Result, Source, Target, TaskComponent
from chiso.orgs.models import OrgUnit, UnitType

YEARS = range(2020, 2025)


def _score(rng: random.Random, top: Decimal | None) -> Decimal:
    top = top or Decimal(100)
    return (top * Decimal(rng.uniform(0.45, 0.95))).quantize(Decimal("0.01"))


def add_results(units: list[OrgUnit], *, seed: int = 1) -> int:
    """Five years of results of every current framework for the root unit, and of the PAR
    district framework for every other unit; targets for 2025. Returns the rows created."""
    rng = random.Random(seed)
    rows, goals = [], []
    current = list(Framework.objects.current())
    comps = {f.pk: list(Component.objects.filter(framework=f)) for f in current}
    local = next((f for f in current if f.level != "province"), None)
    for unit in units:
        frameworks = current if unit.parent_id is None else [local] if local else []
        for fw in frameworks:
            for comp in comps[fw.pk]:
                top = comp.max_points or Decimal(10)
                for year in YEARS:
                    rows.append(
                        Result(
                            unit=unit,
                            framework=fw,
                            component=comp,
                            year=year,
                            score=_score(rng, top),
                            source=Source.PUBLISHED,
                        )
                    )
                goals.append(
                    Target(
                        unit=unit, framework=fw, component=comp, year=2025, value=_score(rng, top)
                    )
                )
    Result.objects.bulk_create(rows, batch_size=2000)
    Target.objects.bulk_create(goals, batch_size=2000)
    return len(rows)


def link_tasks(task_ids: list[int], *, seed: int = 1) -> int:
    """Each task serves one component of one of the four national frameworks."""
    rng = random.Random(seed)
    comps = list(Component.objects.filter(framework__in=Framework.objects.current(), depth__lte=1))
    links = [TaskComponent(task_id=t, component=rng.choice(comps)) for t in task_ids]
    TaskComponent.objects.bulk_create(links, batch_size=2000, ignore_conflicts=True)
    return len(links)


def _tree(units: int) -> list[OrgUnit]:
    """A province with departments, districts and communes (about `units` units in all)."""
    root = OrgUnit(name="Ủy ban nhân dân tỉnh Thử nghiệm", unit_type=UnitType.PROVINCE)
    root.save()
    root.path, root.depth = f"{root.pk:07d}/", 0
    root.save(update_fields=["path", "depth"])
    made = [root]
    districts = max(1, units // 12)
    for i in range(units - 1):
        kind = UnitType.DEPARTMENT if i < units // 6 else UnitType.DISTRICT
        parent = root
        if i >= units // 6 + districts:
            kind, parent = UnitType.COMMUNE, made[1 + units // 6 + (i % districts)]
        made.append(OrgUnit(name=f"Đơn vị {i + 1}", unit_type=kind, parent=parent))
        if kind != UnitType.COMMUNE:
            made[-1].save()
            made[-1].path, made[-1].depth = f"{parent.path}{made[-1].pk:07d}/", parent.depth + 1
            made[-1].save(update_fields=["path", "depth"])
    communes = [u for u in made if u.pk is None]
    OrgUnit.objects.bulk_create(communes, batch_size=1000)
    for u in communes:
        u.path, u.depth = f"{u.parent.path}{u.pk:07d}/", u.parent.depth + 1
    OrgUnit.objects.bulk_update(communes, ["path", "depth"], batch_size=1000)
    return made


def build_minimal_dataset(*, units=300, tasks=10_000, reports=100_000, seed=1) -> dict:
    """Org tree, one plan, tasks with a lead unit, quarterly occurrences, progress reports."""
    from chiso.plans.models import Plan, Task, TaskAssignment
    from chiso.tracking.models import Occurrence, ProgressReport

    rng = random.Random(seed)
    tree = _tree(units)
    root = tree[0]
    plan = Plan.objects.create(
        owner_unit=root,
        title="Kế hoạch thử nghiệm",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
    )
    Task.objects.bulk_create(
        [Task(plan=plan, order=i, content=f"Nhiệm vụ {i}") for i in range(tasks)], batch_size=2000
    )
    task_ids = list(plan.tasks.values_list("pk", flat=True))
    leads = {t: rng.choice(tree[1:]) for t in task_ids}
    TaskAssignment.objects.bulk_create(
        [TaskAssignment(task_id=t, role="lead", unit=u) for t, u in leads.items()], batch_size=2000
    )
    # Monthly reporting: 12 occurrences per task, so 100,000 reports fit one per occurrence.
    quarters = [(date(2025, m, 1), date(2025, m, 28)) for m in range(1, 13)]
    occs = []
    for t, unit in leads.items():
        for start, end in quarters:
            done = end - timedelta(days=rng.randint(-20, 20)) if rng.random() < 0.6 else None
            occs.append(
                Occurrence(
                    task_id=t,
                    unit=unit,
                    period_start=start,
                    period_end=end,
                    due_date=end,
                    completed_on=done,
                    period_label="Quý",
                )
            )
    Occurrence.objects.bulk_create(occs, batch_size=2000)
    occ_rows = list(Occurrence.objects.values_list("pk", "unit_id", "due_date"))
    made = []
    for pk, unit_id, due in occ_rows[:reports]:
        when = datetime.combine(due, datetime.min.time(), tzinfo=UTC) - timedelta(
            days=rng.randint(-10, 10)
        )
        made.append(
            ProgressReport(
                occurrence_id=pk,
                unit_id=unit_id,
                state="submitted",
                work_status="in_progress",
                percent=50,
                submitted_at=when,
                first_submitted_at=when,
            )
        )
    ProgressReport.objects.bulk_create(made, batch_size=5000)
    return {
        "root": root,
        "units": tree,
        "task_ids": task_ids,
        "occurrences": len(occs),
        "reports": min(reports, len(occ_rows)),
    }
