"""Coverage arithmetic: the share a target requires, rounding, and units out of operation."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from chiso.accountability import selectors, services
from chiso.accountability.coverage import coverage, required_count, scope_day, share
from chiso.accountability.tests.conftest import TODAY, unit
from chiso.orgs.models import UnitType
from chiso.orgs.services import unit_update


def test_thirty_percent_rounds_up_to_whole_units():
    assert required_count(10, 30) == 3
    assert required_count(11, 30) == 4  # 3.3 units: at least 4
    assert required_count(20, 30) == 6
    assert required_count(1, 30) == 1
    assert required_count(0, 30) == 0


@given(st.integers(min_value=1, max_value=5000), st.integers(min_value=1, max_value=100))
def test_required_is_the_fewest_units_reaching_the_share(units, percent):
    needed = required_count(units, percent)
    assert needed * 100 >= units * percent
    assert (needed - 1) * 100 < units * percent
    assert needed <= units


def test_share_has_one_decimal_half_up():
    assert share(1, 3) == Decimal("33.3")
    assert share(2, 3) == Decimal("66.7")
    assert share(1, 8) == Decimal("12.5")
    assert share(0, 0) is None


def test_units_outside_the_scope_do_not_count():
    c = coverage(
        scope_ids={1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
        planned_ids={1, 2, 3, 99},
        inspected_ids={1, 2, 99},
        target_percent=30,
    )
    assert (c.in_scope, c.planned, c.inspected, c.required, c.missing) == (10, 3, 2, 3, 1)
    assert c.percent == Decimal("20.0") and not c.met


def test_scope_day_stays_inside_the_year():
    assert scope_day(2025, date(2026, 11, 29)) == date(2025, 12, 31)
    assert scope_day(2026, date(2026, 11, 29)) == date(2026, 11, 29)
    assert scope_day(2027, date(2026, 11, 29)) == date(2027, 1, 1)


def test_plan_coverage_counts_departments_in_operation(inspection_plan, held_inspection):
    departments = selectors.scope_ids(inspection_plan, TODAY)
    assert unit("Sở Tư pháp").pk in departments
    assert all(
        u.unit_type == UnitType.DEPARTMENT
        for u in type(unit("Sở Tư pháp")).objects.filter(pk__in=departments)
    )
    c = selectors.plan_coverage(inspection_plan, TODAY)
    assert c.in_scope == len(departments)
    assert (c.planned, c.inspected) == (1, 1)
    assert c.required == required_count(len(departments), 30)


def test_a_dissolved_unit_leaves_the_denominator_and_the_count(
    inspection_plan, held_inspection, persona
):
    before = selectors.plan_coverage(inspection_plan, TODAY)
    unit_update(unit("Sở Tư pháp"), active_to=date(2026, 6, 30))
    after = selectors.plan_coverage(inspection_plan, TODAY)
    assert after.in_scope == before.in_scope - 1
    assert after.inspected == 0
    page = selectors.inspection_plan_page(inspection_plan, TODAY)
    assert page["coverage"] == after
    assert "Sở Tư pháp" not in {u.name for u in page["not_inspected"]}


def test_an_explicit_list_of_units_is_the_scope(province, persona):
    plan = services.inspection_plan_create(
        year=2026,
        title="Kiểm tra các xã",
        owner_unit=province,
        inspecting_unit=unit("Sở Nội vụ"),
        units=[unit("Ủy ban nhân dân phường Tân Phong"), unit("Ủy ban nhân dân xã Hóa An")],
        target_percent=50,
        by=persona("noivu"),
    )
    c = selectors.plan_coverage(plan, TODAY)
    assert (c.in_scope, c.required) == (2, 1)
