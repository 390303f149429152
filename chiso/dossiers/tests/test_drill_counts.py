"""The list behind a KPI figure: its length is the figure (taken from the roll-ups, never
counted row by row), it holds exactly the dossiers the figure counts, in a stable order."""

import csv
import io
from datetime import date

import pytest

from chiso.dossiers import generate, selectors, services
from chiso.dossiers.models import Kind
from chiso.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db
UNITS = ["Sở Tư pháp", "Sở Tài chính", "Sở Nội vụ"]
PERIOD = selectors.Period(202504, 202509)


@pytest.fixture
def imported(province):
    out = io.StringIO()
    rows = generate.dossier_rows(
        UNITS, 150, date(2025, 1, 1), date(2025, 10, 31), date(2025, 12, 31)
    )
    csv.writer(out).writerows(rows)
    services.records_import(
        kind=Kind.DOSSIER, filename="hs.csv", stream=io.BytesIO(out.getvalue().encode())
    )
    return province


@pytest.mark.parametrize("counter", list(selectors.DRILL))
def test_each_figure_is_the_number_of_rows_listed(imported, counter):
    total = selectors.dossier_kpi(period=PERIOD, by=(), subtree=imported)[0]
    rows = list(selectors.drill(imported, counter, PERIOD.months))
    assert len(rows) == selectors.drill_count(total, counter)
    keys = [(d.unit_id, d.code) for d in rows]
    assert len(set(keys)) == len(keys)


def test_the_drill_page_numbers_pages_from_the_figure(imported, client_as):
    total = selectors.dossier_kpi(period=PERIOD, by=(), subtree=imported)[0]
    assert total["received"] > 50
    client = client_as("lanhdao")
    url = "/dich-vu-cong/ho-so/?chi_so=received&tu=2025-04&den=2025-09"
    page = client.get(url).content.decode()
    last = (total["received"] + 49) // 50
    assert f"Trang 1/{last} ({total['received']} dòng)" in page
    final = client.get(f"{url}&trang={last}").content.decode()
    shown = final.count("<tr><td>")
    assert shown == total["received"] - 50 * (last - 1)


def test_an_officer_lists_only_her_units_dossiers(imported, client_as):
    justice = OrgUnit.objects.get(name="Sở Tư pháp")
    mine = selectors.drill(justice, "received", PERIOD.months)
    assert {d.unit_id for d in mine} == {justice.pk}
    page = (
        client_as("tuphap")
        .get(f"/dich-vu-cong/ho-so/?chi_so=received&don_vi={justice.pk}&tu=2025-04&den=2025-09")
        .content.decode()
    )
    assert "Sở Tài chính" not in page and "Sở Tư pháp" in page
