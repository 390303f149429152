"""KPI definitions (pure): month boundaries, pending overdue, empty denominators, QĐ 766."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chiso.dossiers import kpi
from chiso.dossiers.kpi import DossierFacts, FeedbackFacts

MARCH = 202503


def test_month_helpers():
    assert kpi.month_of(date(2025, 3, 31)) == MARCH
    assert kpi.month_end(202502) == date(2025, 2, 28)
    assert kpi.month_end(202402) == date(2024, 2, 29)
    assert kpi.month_label(MARCH) == "2025-03"
    assert kpi.months_between(202411, 202502) == [202411, 202412, 202501, 202502]
    assert kpi.months_before(202503, 11) == 202404
    assert kpi.months_before(202501, 0) == 202501


def test_received_and_resolved_fall_in_the_month_of_their_own_date():
    rows = [
        DossierFacts(date(2025, 2, 28), date(2025, 3, 3), date(2025, 3, 1)),  # resolved in March
        DossierFacts(date(2025, 3, 1), date(2025, 3, 5), date(2025, 3, 31)),  # both in March, late
        DossierFacts(date(2025, 3, 31), date(2025, 4, 2), date(2025, 4, 1)),  # received only
    ]
    c = kpi.dossier_counts(rows, MARCH)
    assert (c["received"], c["resolved"], c["early"], c["late"]) == (2, 2, 1, 1)
    assert kpi.dossier_counts(rows, 202504)["resolved"] == 1


def test_early_on_time_late_compare_calendar_dates():
    due = date(2025, 3, 10)
    rows = [DossierFacts(date(2025, 3, 1), due, due + timedelta(days=d)) for d in (-1, 0, 1)]
    c = kpi.dossier_counts(rows, MARCH)
    assert (c["early"], c["on_time"], c["late"]) == (1, 1, 1)


def test_late_apology_counts_only_late_dossiers_with_a_letter():
    rows = [
        DossierFacts(date(2025, 3, 1), date(2025, 3, 2), date(2025, 3, 9), apology=True),
        DossierFacts(date(2025, 3, 1), date(2025, 3, 2), date(2025, 3, 9), apology=False),
        DossierFacts(date(2025, 3, 1), date(2025, 3, 9), date(2025, 3, 2), apology=True),
    ]
    c = kpi.with_rates(kpi.dossier_counts(rows, MARCH))
    assert (c["late"], c["late_apology"], c["apology_rate"]) == (2, 1, Decimal("50.00"))


def test_pending_overdue_at_the_month_end():
    end = date(2025, 3, 31)
    rows = [
        DossierFacts(date(2025, 3, 1), date(2025, 3, 31)),  # due on the last day, not returned
        DossierFacts(date(2025, 3, 1), date(2025, 4, 1)),  # not yet due
        DossierFacts(date(2025, 2, 1), date(2025, 2, 10), date(2025, 4, 2)),  # returned after
        DossierFacts(date(2025, 2, 1), date(2025, 2, 10), end),  # returned on the last day
        DossierFacts(date(2025, 4, 1), date(2025, 3, 30)),  # received after the month
    ]
    assert kpi.dossier_counts(rows, MARCH)["pending_overdue"] == 2


def test_payable_and_online_payment():
    rows = [
        DossierFacts(date(2025, 3, 1), date(2025, 3, 2), paid_online=True),
        DossierFacts(date(2025, 3, 1), date(2025, 3, 2), paid_online=False),
        DossierFacts(date(2025, 3, 1), date(2025, 3, 2), paid_online=None),
    ]
    c = kpi.with_rates(kpi.dossier_counts(rows, MARCH))
    assert (c["payable"], c["paid_online"], c["online_payment_rate"]) == (2, 1, Decimal("50.00"))


def test_rates_are_empty_when_the_denominator_is_zero():
    c = kpi.with_rates(dict.fromkeys(kpi.DOSSIER_COUNTS, 0))
    assert all(c[name] is None for name in kpi.DOSSIER_RATES)


def test_percent_has_two_decimals_rounded_half_up():
    assert kpi.percent(1, 3) == Decimal("33.33")
    assert kpi.percent(2, 3) == Decimal("66.67")
    assert kpi.percent(1, 8) == Decimal("12.50")
    assert kpi.percent(1, 800) == Decimal("0.13")  # 0.125 → 0.13
    assert kpi.percent(5, 5) == Decimal("100.00")
    assert kpi.percent(0, 0) is None


def test_feedback_qd766_satisfaction_subtracts_each_bad_feedback_once():
    march = date(2025, 3, 1)
    rows = [
        FeedbackFacts(march, date(2025, 3, 10), date(2025, 3, 5), satisfied=True),
        FeedbackFacts(march, date(2025, 3, 10), date(2025, 3, 5), satisfied=False),
        FeedbackFacts(march, date(2025, 3, 10), date(2025, 3, 12), satisfied=True),  # late
        FeedbackFacts(march, date(2025, 3, 10), date(2025, 3, 12), satisfied=False),  # both
        FeedbackFacts(march, date(2025, 3, 10)),  # pending, no rating
    ]
    c = kpi.feedback_rates(kpi.feedback_counts(rows, MARCH))
    assert (c["received"], c["unsatisfied"], c["received_handled_late"]) == (5, 2, 2)
    assert c["satisfaction_rate"] == Decimal("40.00")  # (5 − 3) / 5
    assert c["on_time_rate"] == Decimal("50.00")  # 2 of 4 handled
    assert kpi.feedback_rates(dict.fromkeys(kpi.FEEDBACK_COUNTS, 0))["satisfaction_rate"] is None


@pytest.mark.parametrize(
    ("value", "op", "target", "light"),
    [
        (Decimal("99.5"), ">", Decimal(99), kpi.GREEN),
        (Decimal("99"), ">", Decimal(99), kpi.AMBER),
        (Decimal("94"), ">=", Decimal(99), kpi.AMBER),
        (Decimal("93.99"), ">=", Decimal(99), kpi.RED),
        (Decimal("3"), "<=", Decimal(5), kpi.GREEN),
        (None, ">=", Decimal(80), kpi.GREY),
    ],
)
def test_traffic_lights(value, op, target, light):
    assert kpi.light(value, op, target) == light


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (">99% hồ sơ giải quyết đúng và sớm hạn", ("on_time_rate", ">", Decimal(99))),
        ("100% hồ sơ trễ hạn có phiếu xin lỗi", ("apology_rate", ">=", Decimal(100))),
        ("Tối thiểu 80% hồ sơ trực tuyến", ("online_rate", ">=", Decimal(80))),
        ("50% hồ sơ thanh toán trực tuyến", ("online_payment_rate", ">=", Decimal(50))),
        ("100% hồ sơ được số hóa", ("digitised_rate", ">=", Decimal(100))),
        ("100% nhiệm vụ hoàn thành đúng hạn", None),
        ("Tổ chức hội nghị", None),
    ],
)
def test_suggest_target_reads_plan_wording(text, expected):
    assert kpi.suggest_target(text) == expected


days = st.dates(min_value=date(2024, 1, 1), max_value=date(2025, 12, 31))


@st.composite
def dossiers(draw):
    received = draw(days)
    due = received + timedelta(days=draw(st.integers(0, 60)))
    returned = draw(st.none() | st.integers(0, 90).map(lambda d: received + timedelta(days=d)))
    return DossierFacts(received, due, returned)


# Generating the lists is slow on a loaded machine; the test's meaning does not depend on speed.
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(dossiers(), max_size=40), st.sampled_from(kpi.months_between(202401, 202512)))
def test_pending_overdue_stock_equals_entries_minus_exits(rows, month):
    """The roll-up's running sum (kpi.derive) agrees with the definition at every month end."""
    flows: dict[int, int] = {}
    for r in rows:
        d = kpi.derive(r.received, r.due, r.returned)
        flows[d.od_open_month] = flows.get(d.od_open_month, 0) + 1
        if d.od_close_month is not None:
            flows[d.od_close_month] = flows.get(d.od_close_month, 0) - 1
    months = kpi.months_between(202401, month)
    stock = kpi.running_pending(flows, months)[month]
    assert stock == kpi.dossier_counts(rows, month)["pending_overdue"]
