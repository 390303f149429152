from datetime import date

import pytest

from chiso.reports.periods import (
    CutoffRule,
    make_period,
    parse_period,
    periods_closed_on,
    recent_periods,
    rules_from_settings,
)


@pytest.mark.parametrize(
    ("code", "start", "end", "label"),
    [
        ("2024-Q1", date(2023, 12, 15), date(2024, 3, 14), "quý I năm 2024"),
        ("2024-Q2", date(2024, 3, 15), date(2024, 6, 14), "quý II năm 2024"),
        ("2024-Q4", date(2024, 9, 15), date(2024, 12, 14), "quý IV năm 2024"),
        ("2024-H1", date(2023, 12, 15), date(2024, 6, 14), "6 tháng đầu năm 2024"),
        ("2024-6M", date(2023, 12, 15), date(2024, 6, 14), "6 tháng đầu năm 2024"),
        ("2024-9M", date(2023, 12, 15), date(2024, 9, 14), "9 tháng đầu năm 2024"),
        ("2024-Y", date(2023, 12, 15), date(2024, 12, 14), "năm 2024"),
        ("2024", date(2023, 12, 15), date(2024, 12, 14), "năm 2024"),
    ],
)
def test_national_cutoff_windows(code, start, end, label):
    period = parse_period(code)
    assert (period.data_start, period.data_end, period.label) == (start, end, label)
    assert period.window_text() == f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


def test_consecutive_quarters_leave_no_gap():
    for year in (2023, 2024):
        quarters = [make_period("quarter", year, q) for q in range(1, 5)]
        nxt = make_period("quarter", year + 1, 1)
        for a, b in zip(quarters, [*quarters[1:], nxt], strict=True):
            assert (b.data_start - a.data_end).days == 1


def test_calendar_rule_is_configurable():
    rules = rules_from_settings({"quarter": {"start_day": None, "end_day": None}})
    period = parse_period("2024-Q1", rules)
    assert (period.data_start, period.data_end) == (date(2024, 1, 1), date(2024, 3, 31))
    assert parse_period("2024-Y", rules).data_end == date(2024, 12, 14)  # others keep the rule
    custom = make_period("quarter", 2024, 2, {"quarter": CutoffRule(20, 19)})
    assert (custom.data_start, custom.data_end) == (date(2024, 3, 20), date(2024, 6, 19))


@pytest.mark.parametrize("bad", ["", "2024-Q5", "Q4-2024", "quý 4", "2024-H3", "abcd"])
def test_bad_codes_say_what_is_expected(bad):
    with pytest.raises(ValueError, match="Ví dụ: 2024-Q4"):
        parse_period(bad)


def test_unknown_kind_in_settings_fails_loudly():
    with pytest.raises(ValueError):
        rules_from_settings({"month": {"start_day": 1}})


def test_periods_closed_on_lists_what_just_ended():
    codes = [p.code for p in periods_closed_on(date(2024, 12, 20))]
    assert codes == ["2024-Q4", "2024-Y"]
    assert [p.code for p in periods_closed_on(date(2024, 6, 15))] == ["2024-Q2", "2024-H1"]
    assert periods_closed_on(date(2024, 5, 1)) == []


def test_recent_periods_newest_first():
    codes = [p.code for p in recent_periods(date(2025, 1, 10), count=4)]
    assert codes == ["2025-Q1", "2024-Q4", "2024-Y", "2024-Q3"]
