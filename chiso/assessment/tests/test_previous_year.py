"""Change from last year: the unit's index of the previous round of the same level."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chiso.assessment import previous, selectors
from chiso.assessment.tests.helpers import appraise, department_round, self_assess, unit_of


@pytest.fixture
def two_years(province):
    old, new = department_round(2024), department_round(2025)
    for round_, lower in ((old, {"1.2.1": 1}), (new, {})):
        stp = unit_of(round_)
        self_assess(stp)
        appraise(stp, lower)
    return old, new


def test_change_is_this_years_index_minus_last_years(two_years):
    old, new = two_years
    before = unit_of(old).index_pct
    now = unit_of(new).index_pct
    assert before < now
    result = next(r for r in selectors.round_results(new) if r.assessment.unit.name == "Sở Tư pháp")
    assert result.previous_year == 2024 and result.previous_pct == before
    assert result.change == now - before
    assert result.change_text == "+" + f"{now - before:.2f}".replace(".", ",")
    assert previous.change_text(Decimal("-0.80")) == "−0,80"
    assert previous.change_text(Decimal("0")) == "0,00"
    # the 2024 round has no previous round: nothing shown
    assert all(r.previous_pct is None for r in selectors.round_results(old))


def test_ranking_page_and_api_show_last_year(two_years, client_as):
    old, new = two_years
    stp = unit_of(new)
    change = previous.change_text(stp.index_pct - unit_of(old).index_pct)
    text = client_as("noivu").get(f"/cham-diem/{new.pk}/").content.decode()
    assert "Năm 2024 (%)" in text and change in text
    unit_page = client_as("tuphap").get(f"/cham-diem/{new.pk}/don-vi/{stp.unit_id}/")
    assert f"thay đổi {change} điểm %" in unit_page.content.decode()
    body = client_as("tuphap").get(f"/api/v1/assessment-rounds/{new.pk}/units/{stp.unit_id}").json()
    assert body["previous_index_pct"] == float(unit_of(old).index_pct)
    assert body["index_change"] == float(stp.index_pct - unit_of(old).index_pct)


def test_ranking_page_queries_do_not_grow_with_last_years_units(two_years, client_as):
    old, new = two_years
    coordinator = client_as("noivu")
    with CaptureQueriesContext(connection) as few:
        coordinator.get(f"/cham-diem/{new.pk}/")
    for name in ("Sở Tài chính", "Văn phòng Ủy ban nhân dân tỉnh"):
        for round_ in (old, new):
            unit = unit_of(round_, name)
            self_assess(unit)
            appraise(unit)
    with CaptureQueriesContext(connection) as many:
        coordinator.get(f"/cham-diem/{new.pk}/")
    assert len(many) == len(few)
