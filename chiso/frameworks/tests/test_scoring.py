"""Totals by a framework's rule, roll-ups up a component tree, gaps."""

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from chiso.frameworks import scoring
from chiso.frameworks.scoring import Node, Part

PCI_WEIGHTS = ["0.05", "0.05", "0.2", "0.05", "0.1", "0.05", "0.05", "0.2", "0.2", "0.05"]
DONG_NAI_PCI_2023 = ["6.85", "6.43", "6.64", "7.75", "6.75", "5.44", "6.41", "7.28", "5.88", "6.85"]


def pci_parts(values):
    return [Part(D(v), D(10), D(w)) for v, w in zip(values, PCI_WEIGHTS, strict=True)]


def test_pci_is_the_weighted_mean_not_the_plain_sum():
    parts = pci_parts(DONG_NAI_PCI_2023)
    weighted = scoring.total(scoring.WEIGHTED_MEAN, parts, 100)
    assert scoring.round2(weighted) == D("66.22")
    assert scoring.plain_sum(parts) == D("66.28")
    assert scoring.disagrees(D("66.28"), weighted)


def test_pci_target_weighted_equivalent_of_the_plans_72_15():
    target = ["7.00", "6.85", "7.00", "7.80", "7.50", "6.50", "7.00", "8.00", "7.00", "7.50"]
    assert scoring.round2(scoring.total(scoring.WEIGHTED_MEAN, pci_parts(target), 100)) == D(
        "72.83"
    )


def test_par_index_is_percent_of_max():
    maxima = ["9.5", "10", "13", "10.5", "15", "12", "13.5", "16.5"]
    points = ["9.07", "9.513", "10.81", "9.74", "12.82", "11.04", "10.59", "13.42"]
    parts = [Part(D(p), D(m)) for p, m in zip(points, maxima, strict=True)]
    total = scoring.total(scoring.PERCENT_OF_MAX, parts, 100)
    assert total == D("87.003")
    assert not scoring.disagrees(D("87"), total)  # the plan rounds to 87: not a discrepancy


def test_percent_of_max_needs_every_maximum():
    assert scoring.total(scoring.PERCENT_OF_MAX, [Part(D(1), None)], 100) is None


def test_observed_frameworks_compute_no_total():
    assert scoring.total(scoring.OBSERVED, [Part(D("80.23"))]) is None


def test_papi_dimensions_roll_up_from_sub_dimensions_and_total_sums():
    nodes = [
        Node("D1", None),
        *[Node(f"1.{i}", "D1") for i in range(1, 5)],
        Node("D2", None),
        *[Node(f"2.{i}", "D2") for i in range(1, 5)],
    ]
    observed = {"1.1": D("0.93"), "1.2": D("1.2"), "1.3": D("1.28"), "1.4": D("0.93")}
    observed |= {"D2": D("4.59"), "2.1": D("0.84")}
    values = scoring.rollup(nodes, observed, scoring.SUM)
    assert values["D1"] == D("4.34")
    assert values["D2"] == D("4.59")  # an observed value wins over its (incomplete) children
    assert "2.2" not in values


def test_incomplete_children_do_not_invent_a_parent_value():
    nodes = [Node("A", None), Node("A1", "A"), Node("A2", "A")]
    assert "A" not in scoring.rollup(nodes, {"A1": D(1)}, scoring.SUM)


def test_weighted_inner_nodes_use_weights_scaled_to_the_node_max():
    nodes = [Node("P", None, D(10)), Node("a", "P", D(10), D(3)), Node("b", "P", D(10), D(1))]
    values = scoring.rollup(nodes, {"a": D(8), "b": D(4)}, scoring.WEIGHTED_MEAN)
    assert values["P"] == D(7)


def test_gap_and_gap_share():
    assert scoring.gap(D("4.34"), D("6.9")) == D("2.56")
    assert scoring.gap_share(D("0.39"), D("1.5"), D("3.33")) > scoring.gap_share(
        D("6.85"), D("7.5"), D(10)
    )
    assert scoring.gap(None, D(1)) is None
    assert scoring.gap(D(9), D(8)) == D(-1)  # already above the target


@given(st.lists(st.decimals(min_value=0, max_value=10, places=2), min_size=1, max_size=12))
def test_weighted_mean_of_equal_weights_is_the_mean(values):
    parts = [Part(v, D(10), D(1)) for v in values]
    total = scoring.total(scoring.WEIGHTED_MEAN, parts, 100)
    assert abs(total - sum(values) / len(values) * 10) < D("1e-20")
    assert D(0) <= total <= D(100)


@given(st.lists(st.decimals(min_value=0, max_value=5, places=3), min_size=1, max_size=8))
def test_sum_rollup_equals_sum_of_leaves(values):
    nodes = [Node("root", None)] + [Node(i, "root") for i in range(len(values))]
    rolled = scoring.rollup(nodes, dict(enumerate(values)), scoring.SUM)
    assert rolled["root"] == sum(values)
