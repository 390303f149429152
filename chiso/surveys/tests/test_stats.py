"""Sample size, allocation, satisfaction % and its 95% interval: pure arithmetic."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chiso.surveys import stats


@pytest.mark.parametrize(
    ("population", "margin", "expected"),
    [(10_000, 0.05, 385), (1_000, 0.05, 286), (100, 0.05, 80), (50_000, 0.03, 1_087), (1, 0.05, 1)],
)
def test_sample_size_matches_the_formula_of_1383(population, margin, expected):
    assert stats.sample_size(population, margin) == expected


@given(st.integers(1, 10_000_000), st.floats(0.01, 0.3))
def test_sample_size_is_the_formula_rounded_up_and_never_above_the_population(population, e):
    n = stats.sample_size(population, e)
    exact = population / (1 + population * e * e)
    assert 1 <= n <= population
    assert n >= exact - 1e-6 and n < exact + 1
    assert n <= math.ceil(1 / (e * e)) + 1  # large populations level off at 1/e²


def test_sample_size_of_an_empty_population_is_zero_and_bad_margins_are_refused():
    assert stats.sample_size(0) == 0
    with pytest.raises(ValueError):
        stats.sample_size(100, 0)


def test_allocation_is_proportional_with_largest_remainders():
    assert stats.allocate(385, [4200, 3100, 2700]) == [162, 119, 104]
    assert stats.allocate(10, [1, 1, 1]) == [4, 3, 3]
    assert stats.allocate(5, [0, 0]) == [0, 0]


@given(st.integers(0, 5000), st.lists(st.integers(0, 100_000), min_size=1, max_size=40))
def test_allocation_sums_to_the_total_and_stays_within_one_of_the_exact_share(total, weights):
    parts = stats.allocate(total, weights)
    whole = sum(weights)
    if whole == 0:
        assert parts == [0] * len(weights)
        return
    assert sum(parts) == total
    for part, weight in zip(parts, weights, strict=True):
        assert abs(part - total * weight / whole) < 1
        assert weight > 0 or part == 0


def test_wilson_interval_known_values():
    low, high = stats.wilson(8, 10)
    assert (round(low, 1), round(high, 1)) == (49.0, 94.3)
    low, high = stats.wilson(0, 20)
    assert low == 0 and round(high, 1) == 16.1
    assert stats.wilson(0, 0) is None


@given(st.integers(1, 100_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_contains_the_share_and_stays_within_0_100(pair):
    successes, n = pair
    low, high = stats.wilson(successes, n)
    share = successes / n * 100
    assert 0 <= low <= share + 1e-9 <= high + 2e-9 <= 100 + 2e-9


@given(st.floats(0.05, 0.95), st.integers(20, 2000))
def test_wilson_interval_narrows_when_the_sample_grows(p, n):
    k = round(p * n)
    small = stats.wilson(k, n)
    large = stats.wilson(k * 4, n * 4)
    assert large[1] - large[0] < small[1] - small[0]


def _tally(values: list[int], low=1, high=5) -> stats.Tally:
    t = [stats.unit_value(v, low, high) for v in values]
    top = sum(stats.is_top(v, high) for v in values)
    return stats.Tally(len(values), top, sum(t), sum(x * x for x in t), low, high)


def test_top_box_share_counts_answers_4_and_5():
    m = stats.measure(_tally([5, 4, 4, 3, 2, 1, 5, 4, 3, 4]))
    assert m.n == 10 and m.pct == pytest.approx(60.0)


def test_mean_rule_moves_the_mean_answer_onto_0_100():
    m = stats.measure(_tally([5, 4, 3, 1]), stats.RULE_MEAN)
    assert m.pct == pytest.approx((13 / 4 - 1) / 4 * 100)
    assert m.ci_low < m.pct < m.ci_high


@given(st.lists(st.integers(1, 5), min_size=1, max_size=200))
def test_pooling_is_the_same_as_measuring_all_answers_together(values):
    half = len(values) // 2
    pooled = stats.pooled([_tally(values[:half]), _tally(values[half:])])
    together = _tally(values)
    assert pooled.n == together.n and pooled.top == together.top
    for rule in (stats.RULE_TOP_BOX, stats.RULE_MEAN):
        assert stats.measure(pooled, rule).pct == pytest.approx(stats.measure(together, rule).pct)


def test_no_answers_give_no_percentage():
    assert stats.measure(stats.Tally()).pct is None
