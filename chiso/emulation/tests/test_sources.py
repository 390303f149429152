"""The PAR index and one-stop sources: the value comes from the module's own figure, and the
breakdown links to it."""

from decimal import Decimal as D

from django.urls import reverse

from chiso.assessment import services as assessment_services
from chiso.assessment.loader import example_set
from chiso.assessment.models import UnitAssessment, UnitStatus
from chiso.dossiers.models import DossierUnitMonthly
from chiso.emulation import selectors

from .conftest import unit


def _row(rows, name):
    return next(r for r in rows if r["unit"] == name)


def _component(row, code):
    return next(c for c in row["components"] if c["code"] == code)


def test_par_index_prefers_the_final_result(model, departments, persona, client_as):
    round_ = assessment_services.round_create(
        name="Chỉ số CCHC năm 2025 các sở",
        year=2025,
        criteria_set=example_set("department"),
        group=departments,
        coordinator_unit=unit("Sở Nội vụ"),
    )
    justice = unit("Sở Tư pháp")
    UnitAssessment.objects.filter(round=round_, unit=justice).update(
        status=UnitStatus.FINAL, index_pct=D("88.50")
    )
    rows = selectors.ranking(model, persona("noivu"))
    td3 = _component(_row(rows, "Sở Tư pháp"), "TD3")
    assert td3["value"] == D("88.50") and td3["points"] == D("22.13")  # 25 × 88.5 %
    assert "đã chốt" in td3["detail"]
    assert _component(_row(rows, "Sở Tài chính"), "TD3")["value"] is None
    page = client_as("tuphap").get(reverse("emulation:unit", args=[model.pk, justice.pk]))
    assert reverse("assessment:unit", args=[round_.pk, justice.pk]) in page.content.decode()


def test_one_stop_on_time_rate_of_the_year(model, persona, client_as):
    finance = unit("Sở Tài chính")
    DossierUnitMonthly.objects.create(unit=finance, month=202503, resolved=40, early=10, on_time=26)
    DossierUnitMonthly.objects.create(unit=finance, month=202511, resolved=10, on_time=9, late=1)
    DossierUnitMonthly.objects.create(unit=finance, month=202401, resolved=10, late=10)  # not 2025
    rows = selectors.ranking(model, persona("noivu"))
    td4 = _component(_row(rows, "Sở Tài chính"), "TD4")
    assert (
        td4["value"] == D("90.00") and td4["detail"] == "45/50 hồ sơ giải quyết trước và đúng hạn"
    )
    page = client_as("noivu").get(reverse("emulation:unit", args=[model.pk, finance.pk]))
    assert f"?don_vi={finance.pk}&amp;tu=2025-01&amp;den=2025-12" in page.content.decode()
