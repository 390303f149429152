from decimal import Decimal as D

from chiso.frameworks.scoring import round2
from chiso.frameworks.selectors import index_cards


def _card(cards, code):
    return next(c for c in cards if c["index_code"] == code)


def test_cards_show_baseline_latest_target_and_gap_for_dong_nai(
    dong_nai, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        cards = index_cards(dong_nai, 2025)
    assert [c["index_code"] for c in cards] == ["PAR INDEX", "SIPAS", "PAPI", "PCI"]
    par = _card(cards, "PAR INDEX")
    assert par["latest"]["year"] == 2023 and par["latest"]["value"] == D("87.003")
    assert par["target"]["year"] == 2025 and par["target"]["value"] == D("91.9")
    assert not par["latest"]["disagrees"]
    papi = _card(cards, "PAPI")
    assert papi["latest"]["value"] == D("39.92") and papi["gap"] == D("15.23")


def test_pci_card_shows_weighted_value_and_flags_the_plans_plain_sum(dong_nai):
    pci = _card(index_cards(dong_nai, 2024), "PCI")
    assert round2(pci["latest"]["computed"]) == D("66.22")
    assert pci["latest"]["stated"] == D("66.28") and pci["latest"]["disagrees"]
    assert round2(pci["target"]["computed"]) == D("72.83")
    assert pci["target"]["stated"] == D("72.15") and pci["target"]["disagrees"]


def test_components_are_sorted_by_gap_to_target(dong_nai):
    papi = _card(index_cards(dong_nai, 2025), "PAPI")
    codes = [r["component"].code for r in papi["components"]]
    assert codes[0] == "PAPI.D8"  # 3.35 → 6.1 is the largest gap
    assert codes[-1] == "PAPI.D4"  # 6.48 → 7.1 the smallest
    sub = next(r for r in papi["all_components"] if r["component"].code == "PAPI.4.4")
    assert sub["target_below_baseline"]  # the plan's 1.92 → 1.20 anomaly is flagged


def test_sipas_parts_keep_their_observed_headline_and_rank(dong_nai):
    sipas = _card(index_cards(dong_nai, 2025), "SIPAS")
    parts = {r["component"].code: r for r in sipas["components"]}
    assert parts["SIPAS.1"]["latest"] == D("80.23") and parts["SIPAS.1"]["rank"] == 45
    assert parts["SIPAS.2"]["target_rank"] == "20–30/63"
    assert sipas["latest"]["value"] is None
