from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chiso.plans.deadline import KINDS, Deadline, find_deadline_in_text, parse_deadline

PERIOD = (date(2021, 1, 1), date(2025, 12, 31))
PLAN_DATE = date(2021, 7, 15)


def d(text: str) -> Deadline:
    return parse_deadline(text, plan_date=PLAN_DATE, period=PERIOD)


@pytest.mark.parametrize(
    ("raw", "kind", "dates"),
    [
        ("31/12/2024", "date", ["2024-12-31"]),
        ("ngày 15 tháng 10 năm 2024", "date", ["2024-10-15"]),
        ("trước ngày 20/6/2023", "before", ["2023-06-20"]),
        ("Tháng 6/2023", "month", ["2023-06-30"]),
        ("Quý IV/2021", "quarter", ["2021-12-31"]),
        ("Hoàn thành trong quý II, quý III", "quarter", ["2021-06-30", "2021-09-30"]),
        ("6 tháng đầu năm 2024", "half_year", ["2024-06-30"]),
        ("Năm 2021", "year", ["2021-12-31"]),
        ("Kiểm tra ít nhất 02 đợt trong năm 2021", "year", ["2021-12-31"]),
        ("2021-2025", "range", ["2025-12-31"]),
        ("Thường xuyên", "continuous", []),
        ("Thường xuyên (2021- 2025)", "continuous", []),
        ("Liên tục", "continuous", []),
        ("Sau khi UBND tỉnh phê duyệt", "conditional", []),
        ("Khi có kiến nghị, phản ánh của tổ chức, công dân", "conditional", []),
        ("Theo kế hoạch", "conditional", []),
        ("Theo quy định", "conditional", []),
        ("Theo nhiệm kỳ", "conditional", []),
        ("Theo yêu cầu", "conditional", []),
        ("Ngay khi có Quyết định công bố TTHC", "conditional", []),
        ("Tháng 6 và tháng 12/2026", "month", ["2026-06-30", "2026-12-31"]),
        ("Quý I, Quý III/2026", "quarter", ["2026-03-31", "2026-09-30"]),
        ("Quý II và quý IV năm 2026", "quarter", ["2026-06-30", "2026-12-31"]),
        ("Quý I, II năm 2026", "quarter", ["2026-03-31", "2026-06-30"]),
        ("Từ tháng 3/2026 đến tháng 9/2026", "range", ["2026-09-30"]),
        ("Từ tháng 3 đến tháng 9/2026", "range", ["2026-09-30"]),
        ("từ ngày 01/3/2026 đến ngày 30/6/2026", "range", ["2026-06-30"]),
        ("xyz không rõ", "unparsed", []),
        ("", "unparsed", []),
    ],
)
def test_phrases(raw, kind, dates):
    deadline = d(raw)
    assert deadline.kind == kind
    assert [x.isoformat() for x in deadline.dates] == dates
    assert deadline.raw == raw


def test_quarterly_recurs_from_plan_date_to_period_end():
    deadline = d("Định kỳ hàng quý")
    assert deadline.kind == "recurring" and deadline.frequency == "quarter"
    assert deadline.dates[0] == date(2021, 9, 30)
    assert deadline.dates[-1] == date(2025, 12, 31)
    assert len(deadline.dates) == 18


def test_day_of_first_month_of_quarter():
    deadline = d("Ban hành Kế hoạch chậm nhất ngày 10 của tháng đầu quý")
    assert (deadline.kind, deadline.frequency, deadline.month_of_period, deadline.day) == (
        "recurring",
        "quarter",
        1,
        10,
    )
    assert deadline.dates[:2] == (date(2021, 10, 10), date(2022, 1, 10))


@pytest.mark.parametrize(
    ("raw", "freq", "first"),
    [
        ("Hằng tháng", "month", date(2021, 7, 31)),
        ("Hàng năm", "year", date(2021, 12, 31)),
        ("6 tháng", "half_year", date(2021, 12, 31)),
        ("Quý I hàng năm (2021- 2025)", "year", date(2022, 3, 31)),
        ("trước 15/11 hằng năm", "year", date(2021, 11, 15)),
    ],
)
def test_recurring(raw, freq, first):
    deadline = d(raw)
    assert deadline.kind == "recurring" and deadline.frequency == freq
    assert deadline.dates[0] == first


def test_recurring_without_period_has_no_dates_but_expands_later():
    deadline = parse_deadline("Hằng quý")
    assert deadline.dates == () and deadline.frequency == "quarter"
    assert deadline.due_dates(date(2024, 1, 1), date(2024, 12, 31)) == [
        date(2024, 3, 31),
        date(2024, 6, 30),
        date(2024, 9, 30),
        date(2024, 12, 31),
    ]


def test_dict_round_trip():
    for raw in ("Hằng quý", "31/12/2024", "Thường xuyên (2021-2025)", "Quý II, quý III"):
        deadline = d(raw)
        assert Deadline.from_dict(deadline.to_dict()) == deadline


@pytest.mark.parametrize(
    ("text", "kind", "first"),
    [
        ("(hoàn thành trước ngày 30/7/2023)", "before", "2023-07-30"),
        ("triển khai trong Quý III/2023 tại xã", "quarter", "2023-09-30"),
        ("báo cáo trước ngày 20/6/2023.", "before", "2023-06-20"),
        ("hoan thanh trwéc ngay 30/7/2023.", "before", "2023-07-30"),  # OCR noise
        ("(Hoan thanh trong thang 6/2023).", "month", "2023-06-30"),
    ],
)
def test_deadline_inside_narrative(text, kind, first):
    deadline = find_deadline_in_text(text, plan_date=date(2023, 6, 16))
    assert deadline is not None and deadline.kind == kind
    assert deadline.dates[0].isoformat() == first


def test_cited_document_date_is_not_a_deadline():
    assert find_deadline_in_text("theo Báo cáo số 1142/BC-SNV ngày 22/5/2023 của Sở") is None


@given(st.text(max_size=200))
def test_never_crashes(text):
    deadline = parse_deadline(text, plan_date=PLAN_DATE, period=PERIOD)
    assert deadline.kind in KINDS
    assert deadline.raw == text.strip()
    assert Deadline.from_dict(deadline.to_dict()) == deadline
    find_deadline_in_text(text, plan_date=PLAN_DATE, period=PERIOD)


@given(
    st.sampled_from(["Hằng tháng", "Hằng quý", "6 tháng", "Hàng năm", "ngày 10 hằng tháng"]),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    st.integers(min_value=0, max_value=3000),
)
def test_recurring_dates_stay_inside_period(raw, start, days):
    from datetime import timedelta

    end = start + timedelta(days=days)
    deadline = parse_deadline(raw)
    dues = deadline.due_dates(start, end)
    assert all(start <= x <= end for x in dues)
    assert dues == sorted(dues)


@given(st.integers(1, 31), st.integers(1, 12), st.integers(2000, 2099))
def test_any_valid_date(day, month, year):
    try:
        expected = date(year, month, day)
    except ValueError:
        return
    assert parse_deadline(f"{day}/{month}/{year}").dates == (expected,)


@pytest.mark.parametrize(
    ("raw", "start", "end"),
    [
        ("Từ tháng 3/2026 đến tháng 9/2026", date(2026, 3, 1), date(2026, 9, 30)),
        ("Từ quý II/2026 đến hết quý IV/2026", date(2026, 4, 1), date(2026, 12, 31)),
        ("từ ngày 15/3/2026 đến ngày 30/6/2026", date(2026, 3, 15), date(2026, 6, 30)),
    ],
)
def test_from_to_is_a_range_due_at_its_end(raw, start, end):
    deadline = d(raw)
    assert (deadline.kind, deadline.start, deadline.end, deadline.dates) == (
        "range",
        start,
        end,
        (end,),
    )
