"""Results: the %, n and interval per item, criterion, part and overall, computed in SQL over the
current responses; breakdowns; quotas; recording as an internal SIPAS result; the dashboard."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chiso.frameworks.models import Framework, Result, Source
from chiso.frameworks.selectors import index_cards
from chiso.surveys import selectors, services, stats, submissions
from chiso.surveys.models import Mode
from chiso.surveys.tests.conftest import full_answers


def _stars(survey, values, **kw):
    for v in values:
        submissions.response_submit(survey=survey, answers={"SAO": v}, **kw)


def test_counter_rating_share_of_four_and_five_stars(counter_round):
    _stars(counter_round, [5, 4, 3, 2, 1, 4])
    result = selectors.round_results(counter_round)
    criterion = result["criteria"][0]
    assert result["responses"] == 6
    assert (criterion["code"], criterion["n"], criterion["pct"]) == ("Q.1", 6, pytest.approx(50.0))
    low, high = stats.wilson(3, 6)
    assert (criterion["ci_low"], criterion["ci_high"]) == (pytest.approx(low), pytest.approx(high))
    assert result["overall"]["pct"] == pytest.approx(50.0)


def test_a_criterion_pools_its_items_and_parts_pool_their_criteria(sipas_round):
    submissions.response_submit(survey=sipas_round, answers=full_answers(5) | {"B2": 2})
    submissions.response_submit(survey=sipas_round, answers=full_answers(3, used=False) | {"B1": 4})
    result = selectors.round_results(sipas_round)
    by_code = {c["code"]: c for c in result["criteria"]}
    # 1.1 = B1 (5, 4) + B2 (2, 3): 2 of 4 answers in the top two levels
    assert (by_code["1.1"]["n"], by_code["1.1"]["pct"]) == (4, pytest.approx(50.0))
    # the service part was answered by the first respondent only (skip rule on A1)
    assert by_code["2.1"]["n"] == 3 and by_code["2.1"]["pct"] == pytest.approx(100.0)
    part_one = next(p for p in result["parts"] if p["code"] == "I")
    assert part_one["n"] == 46  # 23 items × 2 respondents
    assert part_one["pct"] == pytest.approx((22 + 1) / 46 * 100)


def test_the_mean_score_rule_is_part_of_the_questionnaire_version(counter_round):
    counter_round.questionnaire.rule = stats.RULE_MEAN
    counter_round.questionnaire.save()
    _stars(counter_round, [5, 3, 1])
    assert selectors.round_results(counter_round)["overall"]["pct"] == pytest.approx(50.0)


def test_only_the_latest_version_of_a_corrected_answer_counts(counter_round, persona):
    first = submissions.response_submit(survey=counter_round, answers={"SAO": 1})
    submissions.response_correct(
        response=first, answers={"SAO": 5}, reason="Nhập sai", by=persona("noivu")
    )
    result = selectors.round_results(counter_round)
    assert (result["responses"], result["overall"]["pct"]) == (1, pytest.approx(100.0))


def test_breakdowns_by_mode_and_month(counter_round):
    _stars(counter_round, [5, 5], mode=Mode.COUNTER)
    _stars(counter_round, [1], mode=Mode.PAPER)
    rows = {r["label"]: r for r in selectors.breakdown(counter_round, "mode")}
    assert rows["Thiết bị đánh giá tại quầy"]["overall"]["pct"] == pytest.approx(100.0)
    assert rows["Phiếu giấy (cán bộ nhập)"]["overall"]["pct"] == pytest.approx(0.0)
    months = selectors.breakdown(counter_round, "month")
    assert len(months) == 1 and months[0]["responses"] == 3


def test_sample_design_and_live_quota(sipas_round, commune):
    total = services.sample_set(
        survey=sipas_round, rows=[(commune, "Khu phố 1", 4200), (commune, "Khu phố 2", 3100)]
    )
    assert total == stats.sample_size(7300, 0.05) == 380
    submissions.response_submit(
        survey=sipas_round, answers=full_answers(), unit=commune, village="Khu phố 1"
    )
    quotas = {q["cell"].village: q for q in selectors.quotas(sipas_round)}
    assert quotas["Khu phố 1"]["cell"].needed == 219
    assert quotas["Khu phố 2"]["cell"].needed == 161
    assert quotas["Khu phố 1"]["collected"] == 1 and quotas["Khu phố 2"]["collected"] == 0


def test_results_take_a_fixed_number_of_queries_whatever_the_number_of_answers(
    client_as, counter_round
):
    client = client_as("noivu")
    url = f"/khao-sat/dot/{counter_round.pk}/ket-qua/"
    _stars(counter_round, [5, 4])
    cache.clear()  # both views sum every answer (no sums kept from an earlier view)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _stars(counter_round, [3, 2, 1, 5, 4, 4, 4, 2, 1, 5] * 3)
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        page = client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries) <= 30
    assert "Hài lòng (%)" in page.content.decode()


def test_recording_a_round_as_internal_sipas_results(client_as, sipas_round, commune):
    submissions.response_submit(survey=sipas_round, answers=full_answers(5) | {"B1": 1})
    client = client_as("noivu")
    response = client.post(
        f"/khao-sat/dot/{sipas_round.pk}/ghi-ket-qua/", {"unit": commune.pk, "year": 2026}
    )
    assert response.status_code == 302
    rows = Result.objects.filter(unit=commune, source=Source.INTERNAL_SURVEY)
    assert rows.get(component__code="SIPAS.1.1").score == 50
    assert rows.get(component__isnull=True).note.startswith("Khảo sát nội bộ: ")
    assert rows.get(component__isnull=True).get_source_display() == "Khảo sát nội bộ"
    dashboard = client.get(f"/tong-quan/?don_vi={commune.pk}&nam=2026").content.decode()
    assert "Khảo sát nội bộ 2026" in dashboard


def test_internal_results_never_replace_the_official_ones(sipas_round, commune, frameworks_sipas):
    submissions.response_submit(survey=sipas_round, answers=full_answers(5))
    figures = selectors.round_results(sipas_round)
    services.result_record(survey=sipas_round, unit=commune, year=2026, figures=figures)
    card = next(c for c in index_cards(commune, 2026) if c["index_code"] == "SIPAS")
    assert card["latest"] is None
    assert card["internal"]["year"] == 2026 and card["internal"]["total"] == 100


@pytest.fixture
def frameworks_sipas(questionnaires):
    return Framework.objects.filter(code="SIPAS").current().get()
