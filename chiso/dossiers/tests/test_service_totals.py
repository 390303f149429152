"""The service page sums its dossier figures in the database (`totals`): per unit and per month
they equal the KPI rows assembled from the roll-up (`dossier_kpi`), whatever the history before
the period, the units a user may see and the subtree."""

import io
import random

import pytest

from chiso.dossiers import kpi, selectors, services, totals
from chiso.dossiers.models import Dossier, Kind, Outcome
from chiso.dossiers.selectors import Period, dossier_kpi
from chiso.dossiers.tests.helpers import csv_bytes
from chiso.dossiers.tests.test_rollup import UNITS, _random_dossiers
from chiso.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_the_database_sums_equal_the_assembled_kpi_rows(province, seed):
    _, rows = _random_dossiers(random.Random(seed), 400)
    services.records_import(kind=Kind.DOSSIER, filename="a.csv", stream=io.BytesIO(csv_bytes(rows)))
    root = province  # Đồng Nai, where the test's units are
    # records start in 11/2024: a period carries a stock in, or starts before them or after them
    periods = [Period(202502, 202504), Period(202410, 202412), Period(202509, 202510)]
    scopes = [None, OrgUnit.objects.filter(name__in=UNITS[:2])]
    for period in periods:
        for units in scopes:
            scope = {"period": period, "units": units, "subtree": root}
            raw = totals.by_unit(period, units, root)
            by_unit = selectors._named_rows(raw)
            assert by_unit == dossier_kpi(by=("unit",), **scope)
            for limit in (1, 2, 10):  # the few units shown, named alone, ties at the cut too
                assert selectors.worst_of(raw, limit) == selectors.worst_units(by_unit, limit)
            months = totals.by_month(period, units, root)
            expected = dossier_kpi(by=("month",), **scope)
            assert [r["pending_overdue"] for r in months] == [
                r["pending_overdue"] for r in expected
            ]
            assert [{"month": e["month"], **r} for r, e in zip(months, expected, strict=True)] == [
                {k: v for k, v in e.items() if k in totals.FLOWS or k in ("month",)}
                | {"pending_overdue": e["pending_overdue"]}
                for e in expected
            ]
            total = selectors._period_row(months)
            assert total == dossier_kpi(by=(), **scope)[0]


def test_the_service_page_shows_the_summed_figures(province, client_as):
    _, rows = _random_dossiers(random.Random(21), 300)
    services.records_import(kind=Kind.DOSSIER, filename="a.csv", stream=io.BytesIO(csv_bytes(rows)))
    period = Period(202502, 202504)
    total = dossier_kpi(by=(), period=period)[0]
    page = client_as("lanhdao").get("/dich-vu-cong/?tu=2025-02&den=2025-04")
    figures = page.context["total"]
    for name in ("received", "resolved", "late", "late_apology", "pending_overdue"):
        assert figures[name] == total[name], name
    worst = [r["unit"] for r in page.context["worst_units"]]
    by_unit = dossier_kpi(by=("unit",), period=period)
    assert worst == [r["unit"] for r in selectors.worst_units(by_unit)]
    assert worst and all(name in page.content.decode() for name in worst)


@pytest.mark.parametrize("visible", [None, 2])
def test_the_worst_procedures_are_counted_from_the_records(province, visible):
    _, rows = _random_dossiers(random.Random(31), 400)
    services.records_import(kind=Kind.DOSSIER, filename="a.csv", stream=io.BytesIO(csv_bytes(rows)))
    period = Period(202502, 202505)
    units = None if visible is None else OrgUnit.objects.filter(name__in=UNITS[:visible])
    returned = Dossier.objects.filter(ret_month__gte=period.first, ret_month__lte=period.last)
    if units is not None:
        returned = returned.filter(unit__in=units)
    expected = []
    for code in ("P1", "P2"):
        mine = returned.filter(procedure__code=code)
        late = mine.filter(outcome=Outcome.LATE).count()
        if late:
            good = mine.filter(outcome__in=[Outcome.EARLY, Outcome.ON_TIME]).count()
            expected.append((code, late, kpi.percent(good, mine.count())))
    expected.sort(key=lambda e: (e[2], -e[1]))
    got = selectors.worst_procedures(period=period, subtree=province, units=units)
    assert [(r["procedure__code"], r["late"], r["on_time_rate"]) for r in got] == expected
    assert len(got) == 2 and all(r["procedure__name"] for r in got)


def test_the_worst_units_shown_break_ties_in_the_order_of_the_org_tree(province):
    units = list(OrgUnit.objects.filter(parent=province).order_by("path")[:6])
    same = {"resolved": 10, "early": 2, "on_time": 3, "late": 5, "late_apology": 1}
    flows = dict.fromkeys(totals.FLOWS, 0)
    by_unit = {u.pk: {**flows, **same, "pending_overdue": 0} for u in reversed(units)}
    by_unit[units[4].pk] = {**by_unit[units[4].pk], "late": 6, "resolved": 11}  # worse: first
    shown = [r["unit"] for r in selectors.worst_of(by_unit, 3)]
    assert shown == [units[4].name, units[0].name, units[1].name]
    assert shown == [r["unit"] for r in selectors.worst_units(selectors._named_rows(by_unit), 3)]


def test_a_province_page_counts_its_own_units_when_another_tree_holds_dossiers(province):
    from chiso.dossiers.tests.helpers import dossier
    from chiso.orgs import services as org_services
    from chiso.orgs.models import UnitType

    other = org_services.unit_create(name="Tỉnh khác", unit_type=UnitType.PROVINCE)
    org_services.unit_create(
        name="Sở Tư pháp tỉnh khác", unit_type=UnitType.DEPARTMENT, parent=other
    )
    rows = [
        dossier("H1", returned="05/03/2025 10:00"),
        dossier("H2", unit="Sở Tư pháp tỉnh khác", returned="12/03/2025 10:00"),
        dossier("H3", unit="Sở Tư pháp tỉnh khác", returned="13/03/2025 10:00"),
    ]
    services.records_import(kind=Kind.DOSSIER, filename="a.csv", stream=io.BytesIO(csv_bytes(rows)))
    period = Period(202503, 202503)
    for root, received, late in ((province, 1, 0), (other, 2, 2)):
        assert selectors.dossier_total(period, None, root)["received"] == received
        assert sum(r["late"] for r in totals.late_procedures(period, None, root)) == late
