"""The set-based roll-up gives exactly the numbers of the KPI definitions (kpi.dossier_counts)."""

import io
import random
from datetime import date, timedelta

import pytest

from chiso.dossiers import kpi, rollup, services
from chiso.dossiers.kpi import DossierFacts, FeedbackFacts
from chiso.dossiers.models import Kind
from chiso.dossiers.selectors import Period, dossier_kpi, feedback_kpi
from chiso.dossiers.tests.helpers import FEEDBACK_HEADERS, csv_bytes, dossier

pytestmark = pytest.mark.django_db
UNITS = ("Sở Tư pháp", "Sở Tài chính", "Sở Y tế")
YES_NO = {True: "Có", False: "Không", None: ""}


def _random_dossiers(rnd: random.Random, n: int):
    facts, rows = {u: [] for u in UNITS}, []
    for i in range(n):
        received = date(2024, 11, 1) + timedelta(days=rnd.randrange(200))
        due = received + timedelta(days=rnd.randrange(20))
        returned = rnd.choice([None, received + timedelta(days=rnd.randrange(40))])
        f = DossierFacts(
            received, due, returned, rnd.choice(["direct", "online", "post"]),
            rnd.random() < 0.6, rnd.choice([None, True, False]), rnd.random() < 0.5,
        )  # fmt: skip
        unit = rnd.choice(UNITS)
        facts[unit].append(f)
        channel = {"direct": "Trực tiếp", "online": "Trực tuyến", "post": "Bưu chính công ích"}
        rows.append(dossier(
            f"H{i}", unit, f"{received:%d/%m/%Y} 10:00", f"{due:%d/%m/%Y}",
            f"{returned:%d/%m/%Y}" if returned else "", channel[f.channel],
            YES_NO[f.digitised], YES_NO[f.paid_online], YES_NO[f.apology],
            procedure=rnd.choice(["P1", "P2"]),
        ))  # fmt: skip
    return facts, rows


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_unit_month_table_matches_the_definitions(province, seed):
    rnd = random.Random(seed)
    facts, rows = _random_dossiers(rnd, 300)
    # imported in two halves, the second re-sending some rows changed, as later exports do
    services.records_import(
        kind=Kind.DOSSIER, filename="a.csv", stream=io.BytesIO(csv_bytes(rows[:200]))
    )
    report = services.records_import(
        kind=Kind.DOSSIER, filename="b.csv", stream=io.BytesIO(csv_bytes(rows))
    )
    assert report.inserted == 100 and report.unchanged == 200
    period = Period(202412, 202505)
    got = {(r["unit"], r["month"]): r for r in dossier_kpi(period=period)}
    for unit in UNITS:
        for month in period.months:
            expected = kpi.with_rates(kpi.dossier_counts(facts[unit], month))
            row = got[(unit, kpi.month_label(month))]
            assert {k: row[k] for k in expected} == expected, (unit, month)


def test_by_unit_sums_flows_and_takes_the_last_pending_stock(province):
    facts, rows = _random_dossiers(random.Random(9), 200)
    services.records_import(kind=Kind.DOSSIER, filename="a.csv", stream=io.BytesIO(csv_bytes(rows)))
    period = Period(202501, 202503)
    by_month = dossier_kpi(period=period)
    for row in dossier_kpi(period=period, by=("unit",)):
        months = [r for r in by_month if r["unit"] == row["unit"]]
        assert row["received"] == sum(r["received"] for r in months)
        assert row["late"] == sum(r["late"] for r in months)
        assert row["pending_overdue"] == months[-1]["pending_overdue"]
        assert "month" not in row


def test_feedback_table_matches_the_definitions(province):
    rnd = random.Random(5)
    facts, rows = [], []
    for i in range(150):
        received = date(2025, 1, 1) + timedelta(days=rnd.randrange(90))
        due = received + timedelta(days=rnd.choice([5, 10, 15]))
        handled = rnd.choice([None, received + timedelta(days=rnd.randrange(25))])
        satisfied = rnd.choice([None, True, False])
        f = FeedbackFacts(received, due, handled, rnd.random() < 0.7, satisfied)
        facts.append(f)
        rows.append([f"PA{i}", "Sở Tư pháp", f"{received:%d/%m/%Y}", f"{due:%d/%m/%Y}",
                     f"{handled:%d/%m/%Y}" if handled else "", "Cổng DVC",
                     YES_NO[f.published], YES_NO[satisfied]])  # fmt: skip
    data = csv_bytes(rows, FEEDBACK_HEADERS)
    services.records_import(kind=Kind.FEEDBACK, filename="f.csv", stream=io.BytesIO(data))
    period = Period(202501, 202504)
    got = {r["month"]: r for r in feedback_kpi(period=period)}
    for month in period.months:
        expected = kpi.feedback_rates(kpi.feedback_counts(facts, month))
        assert {k: got[kpi.month_label(month)][k] for k in expected} == expected


def _rollup_rows():
    from chiso.dossiers.models import DossierMonthly, DossierProcedureMonthly, DossierUnitMonthly

    keep = lambda qs, keys: {tuple(r[k] for k in keys): r for r in qs.values()}  # noqa: E731
    by_proc = keep(DossierMonthly.objects, ("unit_id", "procedure_id", "month"))
    by_unit = keep(DossierUnitMonthly.objects, ("unit_id", "month"))
    by_procedure = keep(DossierProcedureMonthly.objects, ("procedure_id", "month"))
    strip = lambda rows: {k: {c: r[c] for c in rollup.DOSSIER_COUNTERS} for k, r in rows.items()}  # noqa: E731
    return strip(by_proc), strip(by_unit), strip(by_procedure)


@pytest.mark.parametrize("seed", [4, 5])
def test_roll_up_added_at_each_import_equals_a_full_recomputation(province, seed):
    """Later exports change returned dates, units, procedures and flags of rows already stored;
    another source re-uses codes. The roll-up kept by adding each import's changes equals one
    rebuilt from all stored records."""
    from django.db import connection

    rnd = random.Random(seed)
    _, rows = _random_dossiers(rnd, 240)
    _, changed = _random_dossiers(random.Random(seed + 100), 240)
    services.records_import(
        kind=Kind.DOSSIER, filename="a.csv", stream=io.BytesIO(csv_bytes(rows[:160]))
    )
    later = [changed[i] if i % 3 == 0 else row for i, row in enumerate(rows)]
    report = services.records_import(
        kind=Kind.DOSSIER, filename="b.csv", stream=io.BytesIO(csv_bytes(later))
    )
    assert report.updated > 20 and report.inserted == 80
    services.records_import(
        kind=Kind.DOSSIER,
        filename="c.csv",
        stream=io.BytesIO(csv_bytes(changed[:50])),
        source_name="Cổng dịch vụ công quốc gia",
    )
    kept = _rollup_rows()
    with connection.cursor() as cursor:
        rollup.recompute_all(cursor)
    assert kept == _rollup_rows()
