"""Every scoring method of a leaf, with the inputs a person types and the edges of each rule."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chiso.assessment import methods
from chiso.assessment.methods import ScoreError, classify, percent, propose, validate

STEPS = {"steps": [[1.0, 1], [0.8, 0.5], [0, 0]]}


@pytest.mark.parametrize("typed", ["1", "0,5", "0.5", 0, "0"])
def test_steps_accept_exactly_the_published_steps(typed):
    assert validate("steps", STEPS, 1, typed) in {Decimal("1"), Decimal("0.5"), Decimal("0")}


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("0,7", "chỉ được chọn: 0; 0,5; 1"), ("1,5", "vượt quá"), ("-1", "âm"), ("abc", "không phải")],
)
def test_steps_refuse_other_values_with_a_reason(typed, reason):
    with pytest.raises(ScoreError, match=reason):
        validate("steps", STEPS, 1, typed)


def test_steps_propose_from_the_achievement_ratio():
    assert propose("steps", STEPS, 1, 1.0) == Decimal("1.00")
    assert propose("steps", STEPS, 1, 0.8) == Decimal("0.50")
    assert propose("steps", STEPS, 1, 0.7999) == Decimal("0.00")


def test_yes_no_is_all_or_nothing():
    assert validate("yes_no", {}, 2, 2) == Decimal("2")
    assert validate("yes_no", {}, 2, "0") == Decimal("0")
    with pytest.raises(ScoreError, match="chỉ được chọn: 0; 2"):
        validate("yes_no", {}, 2, 1)
    assert propose("yes_no", {}, 2, True) == Decimal("2.00")


def test_ratio_is_proportional_and_clamped():
    assert validate("ratio", {}, 3, "2,37") == Decimal("2.37")
    assert propose("ratio", {}, 3, 0.5) == Decimal("1.50")
    assert propose("ratio", {}, 3, 1.7) == Decimal("3.00")


def test_deduction_steps_down_to_zero_and_never_below():
    rule = {"per_violation": 0.5}
    assert methods.allowed_values("deduction", rule, 2) == [
        Decimal(x) for x in ("0.00", "0.5", "1.0", "1.5", "2.00")
    ]
    assert propose("deduction", rule, 2, 3) == Decimal("0.50")
    assert propose("deduction", rule, 2, 10) == Decimal("0.00")
    with pytest.raises(ScoreError):
        validate("deduction", rule, 2, "0,75")


def test_bonus_and_free_take_any_value_within_the_maximum():
    assert validate("bonus", {}, 2, "1,25") == Decimal("1.25")
    assert validate("free", {}, 4, "3,99") == Decimal("3.99")
    with pytest.raises(ScoreError, match="vượt quá điểm tối đa 4"):
        validate("free", {}, 4, "4,01")
    assert propose("free", {}, 4, 1) is None


def test_an_unknown_method_is_refused():
    with pytest.raises(ScoreError, match="không hợp lệ"):
        validate("guess", {}, 1, 1)


@given(
    st.decimals(min_value=0, max_value=100, places=2),
    st.decimals(min_value=1, max_value=100, places=2),
)
def test_percent_is_points_over_max_to_two_decimals(points, maximum):
    result = percent(points, maximum)
    assert result == (points / maximum * 100).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")


def test_percent_without_a_maximum_is_empty():
    assert percent(Decimal(5), 0) is None
    assert percent(None, 10) is None


def test_classification_by_thresholds():
    thresholds = [[90, "Tốt"], [80, "Khá"], [0, "Yếu"]]
    assert classify(Decimal("90.00"), thresholds) == "Tốt"
    assert classify(Decimal("89.99"), thresholds) == "Khá"
    assert classify(Decimal("10"), thresholds) == "Yếu"
    assert classify(None, thresholds) == "Chưa có kết quả"
