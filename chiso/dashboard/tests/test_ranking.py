"""Units are ranked by the written rule; nothing due or dissolved means no position."""

from datetime import date

from django.urls import reverse

from chiso.dashboard import selectors
from chiso.orgs.models import OrgUnit
from chiso.tracking.models import Occurrence
from chiso.tracking.rates import RANKING_RULE
from tests.builders import INDEXED_PLAN_TODAY as TODAY


def _not_yet_due_for(unit: OrgUnit, plan) -> None:
    Occurrence.objects.create(
        task=plan.tasks.first(),
        unit=unit,
        period_start=date(2025, 4, 1),
        period_end=date(2025, 12, 31),
        due_date=date(2025, 12, 31),
        completed_on=date(2025, 5, 2),  # finished early: 100 % on time, yet nothing due
        period_label="Năm 2025",
    )


def test_unit_with_nothing_due_is_listed_last_without_a_rank(work, province):
    noivu = OrgUnit.objects.get(name="Sở Nội vụ")
    _not_yet_due_for(noivu, work)
    ranking = selectors.summary(selectors.Filters(unit=province, year=2025, today=TODAY))["ranking"]
    assert [(r["unit"].name, r["position"]) for r in ranking] == [
        ("Sở Tư pháp", 1),
        ("Sở Tài chính", 2),
        ("Sở Nội vụ", None),
    ]
    assert ranking[-1]["note"] == "chưa có kỳ đến hạn"


def test_dissolved_unit_is_not_ranked_after_its_end_date(work, province):
    taichinh = OrgUnit.objects.get(name="Sở Tài chính")
    taichinh.active_to = date(2025, 5, 31)
    taichinh.save()
    ranking = selectors.summary(selectors.Filters(unit=province, year=2025, today=TODAY))["ranking"]
    row = next(r for r in ranking if r["unit"] == taichinh)
    assert row["position"] is None and row["note"] == "thôi hoạt động từ 31/05/2025"
    before = selectors.summary(selectors.Filters(unit=province, year=2025, today=date(2025, 5, 1)))[
        "ranking"
    ]
    assert next(r for r in before if r["unit"] == taichinh)["position"] is not None


def test_the_rule_is_written_on_the_page_and_in_the_api(work, province, client_as):
    client = client_as("lanhdao")
    html = client.get(reverse("dashboard:index"), {"don_vi": province.pk}).content.decode()
    assert RANKING_RULE in html
    body = client.get("/api/v1/dashboard", {"unit_id": province.pk}).json()
    assert body["ranking_rule"] == RANKING_RULE
