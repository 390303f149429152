"""Where a number comes from: a plan's stated baseline is a plan statement, the headline is the
latest official result with its year and source, and a newer official year is never hidden."""

from decimal import Decimal

from django.urls import reverse

from chiso.dashboard import selectors
from chiso.frameworks.benchmark_data import load_papi_reference
from chiso.frameworks.models import Framework, Result, Source
from tests.builders import INDEXED_PLAN_TODAY as TODAY


def _card(province, code: str) -> dict:
    data = selectors.summary(selectors.Filters(unit=province, year=2025, today=TODAY))
    return next(c for c in data["cards"] if c["index_code"] == code)


def _plan_says_2024(province, plan) -> None:
    framework = Framework.objects.filter(code="PAR_INDEX_PROVINCE").current().get()
    Result.objects.create(
        unit=province,
        framework=framework,
        year=2024,
        score=Decimal("88.10"),
        source=Source.PLAN_DOCUMENT,
        source_plan=plan,
    )


def test_a_plans_baseline_is_a_plan_statement_not_the_result(work, province):
    _plan_says_2024(province, work)
    card = _card(province, "PAR INDEX")
    assert card["latest"]["year"] == 2023  # the latest official result
    assert card["latest"]["source"] == "Kết quả công bố chính thức"
    statement = card["plan_statement"]
    assert (statement["year"], statement["value"], statement["plan"]) == (
        2024,
        Decimal("88.10"),
        work,
    )
    assert all(year != 2024 for year, _ in card["trend"])


def test_the_page_says_which_year_and_source_and_what_the_plan_states(work, province, client_as):
    _plan_says_2024(province, work)
    html = client_as("lanhdao").get(reverse("dashboard:index")).content.decode()
    assert "Nguồn: Kết quả công bố chính thức, năm 2023" in html
    assert (
        "Kế hoạch 336/KH-UBND nêu: năm 2024 đạt 88,10 — số liệu do kế hoạch nêu, "
        "không phải kết quả công bố chính thức."
    ) in html
    body = client_as("lanhdao").get("/api/v1/dashboard", {"unit_id": province.pk}).json()
    par = next(c for c in body["cards"] if c["index_code"] == "PAR INDEX")
    assert par["plan_statement"]["year"] == 2024 and par["latest"]["year"] == 2023


def test_papi_2024_published_nationally_is_the_headline_not_the_2023_figure(work, province):
    assert _card(province, "PAPI")["latest"]["year"] == 2023
    load_papi_reference()
    card = _card(province, "PAPI")
    assert card["latest"]["year"] == 2024
    assert card["latest"]["source"] == "Số liệu tham chiếu"
    assert "PAPI" in card["latest"]["source_detail"]
    assert card["latest"]["value"] is not None
