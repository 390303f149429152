"""The one definition of the rates and of the ranking rule (pure), exhaustively and by property."""

from datetime import date
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from chiso.tracking import rates

DAY = date(2026, 6, 30)


def row(name, *, on_time=0, late=0, overdue=0, due=None, reported=0, ended=None, **more):
    counts = {
        "done_on_time": on_time,
        "done_late": late,
        "overdue": overdue,
        "due": late + overdue + on_time if due is None else due,
        "due_reported": reported,
        **more,
    }
    counts["total"] = sum(counts[k] for k in rates.STATUS_KEYS if k in counts) or counts["due"]
    unit = SimpleNamespace(name=name, active_to=ended)
    return {"unit": unit, **rates.rates_of(counts)}


def test_rates_of_definitions():
    r = rates.rates_of(
        {"total": 10, "done_on_time": 3, "done_late": 1, "overdue": 2, "in_progress": 2,
         "cancelled": 2, "due": 5, "due_reported": 4}
    )  # fmt: skip
    assert r["on_time_rate"] == 50.0  # 3 of the 6 with a known outcome
    assert r["late_rate"] == 16.7 and r["overdue_rate"] == 33.3
    assert r["done_rate"] == 50.0  # 4 done of the 8 not stopped
    assert r["reporting_timeliness"] == 80.0
    empty = rates.rates_of({})
    assert all(empty[k] is None for k in rates.RATE_KEYS) and empty["total"] == 0


def test_ranking_rule_rate_then_reporting_then_volume():
    ranked = rates.rank(
        [
            row("A", on_time=1, overdue=1, reported=1),  # 50 %, reported 50 %
            row("B", on_time=2, overdue=2, reported=4),  # 50 %, reported 100 %
            row("C", on_time=4, overdue=4, reported=8),  # 50 %, reported 100 %, more due
            row("D", on_time=1, reported=1),  # 100 %
        ],
        day=DAY,
    )
    assert [(r["unit"].name, r["position"]) for r in ranked] == [
        ("D", 1),
        ("C", 2),
        ("B", 3),
        ("A", 4),
    ]


def test_unit_with_nothing_due_is_not_ranked_even_with_work_done_early():
    early = row("Đơn vị mới", on_time=1, due=0)  # finished early, nothing due yet: 100 %
    ranked = rates.rank([early, row("Sở Tư pháp", on_time=1, overdue=3)], day=DAY)
    assert ranked[0]["unit"].name == "Sở Tư pháp" and ranked[0]["position"] == 1
    assert ranked[1]["position"] is None and ranked[1]["note"] == "chưa có kỳ đến hạn"


def test_dissolved_unit_is_not_ranked_after_its_end_date():
    merged = row("Sở Kế hoạch và Đầu tư", on_time=5, ended=date(2026, 2, 28))
    ranked = rates.rank(
        [merged, row("Sở Tài chính", on_time=1, overdue=1)],
        day=DAY,
        ended=lambda r: r["unit"].active_to,
    )
    assert [r["position"] for r in ranked] == [1, None]
    assert ranked[1]["note"] == "thôi hoạt động từ 28/02/2026"
    before = rates.rank([merged], day=date(2026, 2, 1), ended=lambda r: r["unit"].active_to)
    assert before[0]["position"] == 1


def test_equal_keys_share_a_position():
    ranked = rates.rank([row("A", on_time=1), row("B", on_time=1), row("C", overdue=1)], day=DAY)
    assert [r["position"] for r in ranked] == [1, 1, 3]


counts = st.fixed_dictionaries(
    {
        "on_time": st.integers(0, 5),
        "late": st.integers(0, 5),
        "overdue": st.integers(0, 5),
        "extra_due": st.integers(-3, 3),
        "reported": st.integers(0, 5),
    }
)


@given(st.lists(counts, max_size=12))
def test_ranking_properties(specs):
    rows = []
    for i, s in enumerate(specs):
        due = max(0, s["late"] + s["overdue"] + s["extra_due"])
        rows.append(
            row(f"U{i:02}", on_time=s["on_time"], late=s["late"], overdue=s["overdue"], due=due,
                reported=min(s["reported"], due))
        )  # fmt: skip
    ranked = rates.rank(rows, day=DAY)
    assert len(ranked) == len(rows)
    positions = [r["position"] for r in ranked if r["position"] is not None]
    assert positions == sorted(positions) and (not positions or positions[0] == 1)
    for r in ranked:
        assert (r["position"] is None) == (r["due"] == 0)  # nothing due is never ranked
    keys = [(-(r["on_time_rate"] or 0)) for r in ranked if r["position"] is not None]
    assert keys == sorted(keys)  # a better on-time rate is never ranked below a worse one
