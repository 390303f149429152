"""The emulation score as a pure function: every rule, ties, missing data, dissolved units."""

from datetime import date
from decimal import Decimal as D

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chiso.emulation import scoring
from chiso.emulation.scoring import (
    COUNT,
    DONE,
    EXCELLENT,
    GOOD,
    NO_DATA,
    NOT_DONE,
    PENALTY,
    RATE,
    ComponentSpec,
    Thresholds,
    UnitInput,
)

YEAR_END = date(2025, 12, 31)
THRESHOLDS = Thresholds(D(90), D(75), D(50))
SPECS = [
    ComponentSpec("A", "Đúng hạn", D(60), RATE),
    ComponentSpec("B", "Sáng kiến", D(40), COUNT, {"target": 2}),
    ComponentSpec("P", "Giải trình", D(10), PENALTY, {"per_item": 3}),
]


def score(values, *, ended=None, specs=SPECS):
    unit = UnitInput(1, "Sở A", values, ended)
    return scoring.score_unit(unit, specs, THRESHOLDS)


def test_rate_gives_weight_times_percentage():
    assert scoring.points_for(SPECS[0], D("75")) == D("45.00")
    assert scoring.points_for(SPECS[0], D("0")) == D("0.00")
    assert scoring.points_for(SPECS[0], D("100")) == D("60.00")


def test_rate_outside_0_100_is_clamped():
    assert scoring.points_for(SPECS[0], D("130")) == D("60.00")
    assert scoring.points_for(SPECS[0], D("-5")) == D("0.00")


def test_count_full_points_from_target_proportional_below():
    assert scoring.points_for(SPECS[1], D(0)) == D("0.00")
    assert scoring.points_for(SPECS[1], D(1)) == D("20.00")
    assert scoring.points_for(SPECS[1], D(2)) == D("40.00")
    assert scoring.points_for(SPECS[1], D(7)) == D("40.00")


def test_count_default_target_is_one():
    spec = ComponentSpec("B", "Sáng kiến", D(5), COUNT)
    assert scoring.points_for(spec, D(1)) == D("5.00")


def test_penalty_per_item_capped_at_weight():
    assert scoring.points_for(SPECS[2], D(0)) == D("0.00")
    assert scoring.points_for(SPECS[2], D(2)) == D("-6.00")
    assert scoring.points_for(SPECS[2], D(5)) == D("-10.00")


def test_missing_value_gives_no_points_not_zero():
    assert scoring.points_for(SPECS[0], None) is None


def test_total_of_complete_data_is_sum_of_points_minus_deductions():
    result = score({"A": D(80), "B": D(2), "P": D(1)})
    assert [c.points for c in result.components] == [D("48.00"), D("40.00"), D("-3.00")]
    assert result.score == D("85.00")
    assert result.classification == GOOD
    assert not result.partial


def test_missing_component_is_scaled_over_weights_with_data_and_marked():
    result = score({"A": D(80), "B": None, "P": D(0)})
    # 48 of the 60 points that have data → 80 out of 100
    assert result.score == D("80.00")
    assert result.partial
    ranked = scoring.rank([result], year_end=YEAR_END)
    assert ranked[0].rank == 1 and ranked[0].note == scoring.PARTIAL


def test_unit_measured_on_less_than_half_the_weight_is_neither_classified_nor_ranked():
    # Only B (40 of the 100 weight) has data: a perfect B must not outrank units measured on all.
    thin = score({"A": None, "B": D(5), "P": D(0)})
    full = score({"A": D(50), "B": D(1), "P": D(0)})
    assert thin.score == D("100.00") and thin.classification == ""
    ranked = scoring.rank([thin, full], year_end=YEAR_END)
    assert ranked[0] is full and full.rank == 1
    assert thin.rank is None
    assert thin.note == "chưa đủ dữ liệu để xếp hạng (có dữ liệu cho 40% trọng số)"


def test_unit_without_any_data_has_no_score_and_no_rank():
    result = score({"A": None, "B": None, "P": D(2)})
    assert result.score is None and result.classification == ""
    ranked = scoring.rank([result], year_end=YEAR_END)
    assert ranked[0].rank is None and ranked[0].note == NO_DATA


def test_score_never_below_zero():
    result = score({"A": D(0), "B": D(0), "P": D(10)})
    assert result.score == D("0.00") and result.classification == NOT_DONE


def test_classification_thresholds_are_inclusive():
    assert scoring.classify(D("90.00"), THRESHOLDS) == EXCELLENT
    assert scoring.classify(D("89.99"), THRESHOLDS) == GOOD
    assert scoring.classify(D("75.00"), THRESHOLDS) == GOOD
    assert scoring.classify(D("74.99"), THRESHOLDS) == DONE
    assert scoring.classify(D("50.00"), THRESHOLDS) == DONE
    assert scoring.classify(D("49.99"), THRESHOLDS) == NOT_DONE
    assert scoring.classify(None, THRESHOLDS) == ""


def test_ties_share_a_rank_and_the_next_rank_skips():
    specs = [ComponentSpec("A", "Đúng hạn", D(100), RATE)]
    units = [
        UnitInput(1, "Sở D", {"A": D(70)}),
        UnitInput(2, "Sở B", {"A": D(90)}),
        UnitInput(3, "Sở C", {"A": D(90)}),
        UnitInput(4, "Sở A", {"A": D(95)}),
    ]
    ranked = scoring.score_units(units, specs, THRESHOLDS, year_end=YEAR_END)
    assert [(s.name, s.rank) for s in ranked] == [
        ("Sở A", 1),
        ("Sở B", 2),
        ("Sở C", 2),
        ("Sở D", 4),
    ]


def test_dissolved_unit_is_scored_but_not_ranked():
    specs = [ComponentSpec("A", "Đúng hạn", D(100), RATE)]
    units = [
        UnitInput(1, "Sở Kế hoạch và Đầu tư", {"A": D(100)}, ended=date(2025, 2, 28)),
        UnitInput(2, "Sở Tài chính", {"A": D(60)}),
        UnitInput(3, "Sở cuối năm", {"A": D(50)}, ended=YEAR_END),  # operated the whole year
    ]
    ranked = scoring.score_units(units, specs, THRESHOLDS, year_end=YEAR_END)
    by_name = {s.name: s for s in ranked}
    dissolved = by_name["Sở Kế hoạch và Đầu tư"]
    assert dissolved.score == D("100.00") and dissolved.rank is None
    assert dissolved.note.startswith("thôi hoạt động từ 28/02/2025")
    assert by_name["Sở Tài chính"].rank == 1 and by_name["Sở cuối năm"].rank == 2
    assert ranked[-1] is dissolved  # listed after the ranked units


def test_changing_a_weight_moves_the_ranking():
    units = [
        UnitInput(1, "Sở A", {"A": D(100), "B": D(0)}),
        UnitInput(2, "Sở B", {"A": D(50), "B": D(2)}),
    ]
    first = scoring.score_units(units, SPECS, THRESHOLDS, year_end=YEAR_END)
    assert [s.name for s in first] == ["Sở B", "Sở A"]  # 70 vs 60
    heavier = [ComponentSpec("A", "Đúng hạn", D(90), RATE), *SPECS[1:]]
    second = scoring.score_units(units, heavier, THRESHOLDS, year_end=YEAR_END)
    assert [s.name for s in second] == ["Sở A", "Sở B"]  # 69.23 vs 65.38


values = st.one_of(st.none(), st.integers(0, 15000).map(lambda n: D(n) / 100))
weights = st.integers(0, 10000).map(lambda n: D(n) / 100)
# The machine running the suite may be busy: generation speed is not what these tests check.
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@relaxed
@given(
    st.lists(
        st.tuples(values, st.one_of(st.none(), st.integers(0, 5)), st.integers(0, 6)),
        min_size=1,
        max_size=12,
    ),
    weights,
    weights,
)
def test_any_group_ranks_consistently(rows, weight_a, weight_b):
    specs = [
        ComponentSpec("A", "A", weight_a, RATE),
        ComponentSpec("B", "B", weight_b, COUNT, {"target": 2}),
        ComponentSpec("P", "P", D(10), PENALTY, {"per_item": 2}),
    ]
    units = [
        UnitInput(i, f"Đơn vị {i:02d}", {"A": a, "B": None if b is None else D(b), "P": D(p)})
        for i, (a, b, p) in enumerate(rows)
    ]
    ranked = scoring.score_units(units, specs, THRESHOLDS, year_end=YEAR_END)
    assert len(ranked) == len(units)
    positioned = [s for s in ranked if s.rank is not None]
    for s in ranked:
        if s.score is not None and s.coverage >= scoring.MIN_COVERAGE:
            assert D(0) <= s.score <= D(100)
            assert s.classification in scoring.CLASSIFICATIONS
        elif s.score is not None:  # measured on too little of the weight to be ranked
            assert s.rank is None and s.classification == "" and D(0) <= s.score <= D(100)
        else:
            assert s.rank is None and s.note == NO_DATA
    # ranks: start at 1, never decrease, equal scores equal ranks, the next rank skips
    for index, s in enumerate(positioned):
        assert s.rank == 1 + sum(1 for o in positioned if o.score > s.score)
        if index:
            assert positioned[index - 1].score >= s.score
    # unranked units come after the ranked ones
    assert ranked[: len(positioned)] == positioned


@relaxed
@given(values, st.integers(0, 10))
def test_missing_data_never_lowers_like_a_zero(a, p):
    """A component without data is left out; a zero of the same component can only score the
    same or lower."""
    missing = score({"A": a, "B": None, "P": D(p)})
    zero = score({"A": a, "B": D(0), "P": D(p)})
    if missing.score is not None:
        assert zero.score <= missing.score
