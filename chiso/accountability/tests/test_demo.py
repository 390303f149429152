"""The demo: a 2025 inspection plan on a third of the departments, recommendations closed on
time, late and overdue, initiatives and dialogues; loading it twice changes nothing."""

import io
from datetime import date

from chiso.accountability import demo, selectors
from chiso.accountability.models import (
    Commitment,
    Dialogue,
    Initiative,
    Inspection,
    InspectionPlan,
    Recommendation,
)
from chiso.frameworks.loader import load_shipped_frameworks
from chiso.orgs.models import OrgUnit


def _counts():
    models = [InspectionPlan, Inspection, Recommendation, Initiative, Dialogue, Commitment]
    return [m.objects.count() for m in models]


def test_demo_has_closed_and_overdue_work_and_is_idempotent(province):
    load_shipped_frameworks()
    demo.load_demo(io.StringIO())
    first = _counts()
    demo.load_demo(io.StringIO())
    assert _counts() == first
    plan = InspectionPlan.objects.get(year=2025)
    coverage = selectors.plan_coverage(plan, demo.TODAY)
    assert coverage.planned * 3 >= coverage.in_scope and coverage.met
    units = OrgUnit.objects.filter(pk__in=[i.unit_id for i in plan.inspections.all()])
    counts = selectors.recommendation_counts(
        year=2025, unit_ids=units.values_list("pk", flat=True), today=date(2026, 1, 15)
    )
    total = [
        sum(getattr(c, f) for c in counts.values())
        for f in ("closed_on_time", "closed_late", "open_overdue")
    ]
    assert all(n > 0 for n in total), total
    recognised = selectors.initiative_counts(
        year=2025, unit_ids=Initiative.objects.values_list("unit_id", flat=True)
    )
    assert sum(c.recognised for c in recognised.values()) == 2
    assert Initiative.objects.filter(component__isnull=False).exists()
    assert Commitment.objects.count() == 3
