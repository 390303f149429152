"""The departments' 2025 ranking computed from their plan work, as each persona sees it."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from chiso.core.errors import DomainError
from chiso.emulation import selectors, services
from chiso.emulation.models import EmulationModel
from chiso.emulation.scoring import NO_DATA
from chiso.orgs.models import OrgUnit
from chiso.tracking.models import Occurrence
from chiso.tracking.services import explanation_request

# Sở Tài chính: 2 of 3 periods on time and reported on time (66.7%); Sở Tư pháp 1 of 2 (50%).
# With only TD1 (35) and TD2 (15) having data, the score is scaled over 50 points.


def v(model, data=None) -> dict:
    """The form data with the version the page shows now (the hidden field of each form)."""
    return {**(data or {}), "version": EmulationModel.objects.get(pk=model.pk).version}


def _row(rows, name):
    return next(r for r in rows if r["unit"] == name)


def test_scores_come_from_the_plan_work_of_each_unit(model, persona):
    rows = selectors.ranking(model, persona("noivu"))
    finance, justice = _row(rows, "Sở Tài chính"), _row(rows, "Sở Tư pháp")
    assert [c["value"] for c in finance["components"][:2]] == [D("66.7"), D("66.7")]
    assert finance["score"] == D("66.70") and finance["rank"] == 1
    assert justice["score"] == D("50.00") and justice["rank"] == 2
    assert finance["partial"] and justice["partial"]  # PAR index, one-stop: no data yet
    assert finance["components"][0]["detail"].startswith("2/3 kỳ hoàn thành đúng hạn")


def test_units_without_data_are_shown_as_such_not_as_zero(model, persona):
    rows = selectors.ranking(model, persona("noivu"))
    health = _row(rows, "Sở Y tế")
    assert health["score"] is None and health["rank"] is None and health["note"] == NO_DATA
    assert all(c["points"] is None for c in health["components"] if c["kind"] != "penalty")


def test_dissolved_units_are_flagged_not_ranked(model, persona, work, client_as):
    planning = OrgUnit.objects.get(name="Sở Kế hoạch và Đầu tư")
    planning.active_to = date(2025, 2, 28)  # merged into Sở Tài chính on 01/03/2025
    planning.save()
    Occurrence.objects.filter(pk=work["Sở Tài chính"][1].pk).update(unit=planning)
    rows = selectors.ranking(model, persona("noivu"))
    planning = _row(rows, "Sở Kế hoạch và Đầu tư")
    assert planning["score"] == D("100.00")  # scored on its one period, done early
    assert planning["rank"] is None and planning["note"].startswith("thôi hoạt động từ 28/02/2025")
    assert rows.index(planning) > rows.index(_row(rows, "Sở Tư pháp"))
    html = client_as("noivu").get(reverse("emulation:detail", args=[model.pk])).content.decode()
    assert "thôi hoạt động từ 28/02/2025, không xếp hạng" in html


def test_coordinator_page_shows_every_unit_with_missing_data_in_words(model, client_as):
    page = client_as("noivu").get(reverse("emulation:detail", args=[model.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Sở Tài chính" in html and "Sở Y tế" in html and "chưa có dữ liệu" in html
    assert "66,70" in html or "66.70" in html
    assert "data-confirm" in html  # freezing asks first


def test_leader_sees_every_unit_but_may_not_change_the_model(model, client_as):
    client = client_as("lanhdao")
    page = client.get(reverse("emulation:detail", args=[model.pk]))
    assert page.status_code == 200 and "Sở Tư pháp" in page.content.decode()
    assert "Chốt kết quả" not in page.content.decode()
    assert client.post(reverse("emulation:freeze", args=[model.pk])).status_code == 403
    assert client.post(reverse("emulation:what_if", args=[model.pk])).status_code == 403


def test_officer_sees_only_its_own_unit(model, client_as, work):
    client = client_as("tuphap")
    page = client.get(reverse("emulation:detail", args=[model.pk]))
    assert page.status_code == 200
    assert [r["unit"] for r in page.context["rows"]] == ["Sở Tư pháp"]
    assert page.context["rows"][0]["rank"] == 2  # the rank is the group's
    other = work["Sở Tài chính"][0].unit_id
    assert client.get(reverse("emulation:unit", args=[model.pk, other])).status_code == 404
    own = work["Sở Tư pháp"][0].unit_id
    assert client.get(reverse("emulation:unit", args=[model.pk, own])).status_code == 200
    weights = {"trong_so_TD1": "90"}
    assert client.post(reverse("emulation:weights", args=[model.pk]), weights).status_code == 403


def test_outsider_cannot_see_the_model(model, django_user_model, client):
    django_user_model.objects.create_user("khach", password="x")
    client.login(username="khach", password="x")
    assert client.get(reverse("emulation:detail", args=[model.pk])).status_code == 404
    assert client.get(reverse("emulation:detail", args=[999999])).status_code == 404


def test_breakdown_links_every_point_to_its_rows(model, client_as, work):
    overdue = work["Sở Tư pháp"][1]
    page = client_as("noivu").get(reverse("emulation:unit", args=[model.pk, overdue.unit_id]))
    html = page.content.decode()
    assert reverse("tracking:occurrence", args=[overdue.pk]) in html
    assert "quá hạn" in html and "chưa gửi báo cáo" in html
    assert "1/2 kỳ hoàn thành đúng hạn" in html


def test_what_if_moves_the_ranking_without_saving(model, client_as, work):
    client = client_as("noivu")
    # TD2 (reporting) to 0 and TD1 to 100: still the same order; make the weights favour
    # nothing that separates them and the ranking stays; set TD1 to 0, TD2 to 0 → no data
    response = client.post(
        reverse("emulation:what_if", args=[model.pk]), {"trong_so_TD1": "0", "trong_so_TD2": "0"}
    )
    assert response.status_code == 200
    rows = response.context["rows"]
    assert all(r["rank"] is None for r in rows)  # nothing weighs: nobody has a score
    assert "chưa lưu" in response.content.decode()
    model.refresh_from_db()
    assert model.components.get(code="TD1").weight == D("35.00")


def test_what_if_with_a_penalty_moves_a_unit_down_then_save_keeps_it(
    model, client_as, work, persona
):
    explanation_request(
        occurrence=work["Sở Tài chính"][0], question="Vì sao chậm?", by=persona("noivu")
    )
    client = client_as("noivu")
    url = reverse("emulation:what_if", args=[model.pk])
    before = client.post(url, {"trong_so_TD8": "10"}).context["rows"]
    assert _row(before, "Sở Tài chính")["rank"] == 1  # 66.70 − 2 = 64.70 > 50
    after = client.post(url, {"trong_so_TD8": "10", "trong_so_TD2": "0"}).context["rows"]
    assert _row(after, "Sở Tài chính")["score"] == D("64.70")
    assert model.components.get(code="TD2").weight == D("15.00")  # not saved
    client.post(reverse("emulation:weights", args=[model.pk]), v(model, {"trong_so_TD2": "0"}))
    assert model.components.get(code="TD2").weight == D("0.00")


def test_bad_weight_is_refused_in_vietnamese(model, client_as):
    client = client_as("noivu")
    response = client.post(reverse("emulation:what_if", args=[model.pk]), {"trong_so_TD1": "abc"})
    assert "Trọng số của TD1 phải là một số." in response.content.decode()
    client.post(reverse("emulation:weights", args=[model.pk]), v(model, {"trong_so_TD1": "-3"}))
    assert model.components.get(code="TD1").weight == D("35.00")


def test_freeze_keeps_results_when_data_change_afterwards(model, client_as, work, persona):
    client = client_as("noivu")
    client.post(reverse("emulation:freeze", args=[model.pk]), v(model))
    model.refresh_from_db()
    assert model.is_frozen and model.results.count() > 0
    overdue = work["Sở Tư pháp"][1]
    overdue.completed_on, overdue.first_reported_on = overdue.due_date, overdue.due_date
    overdue.save()
    rows = selectors.ranking(model, persona("noivu"))
    assert _row(rows, "Sở Tư pháp")["score"] == D("50.00")  # frozen, not recomputed
    assert selectors.rows_of(selectors.compute(model))  # the live data did move:
    live = _row(selectors.rows_of(selectors.compute(model)), "Sở Tư pháp")
    assert live["score"] == D("100.00")
    # a frozen model cannot change
    client.post(reverse("emulation:weights", args=[model.pk]), v(model, {"trong_so_TD1": "1"}))
    assert model.components.get(code="TD1").weight == D("35.00")
    page = client.get(reverse("emulation:detail", args=[model.pk]))
    assert "Đã chốt" in page.content.decode() and "Lưu trọng số" not in page.content.decode()


def test_model_once_per_year_and_group(model, departments, persona):
    with pytest.raises(DomainError, match="đã có bảng tiêu chí thi đua năm 2025"):
        services.model_create(year=2025, group=departments, by=persona("noivu"))


def test_thresholds_must_decrease(model, client_as):
    client = client_as("noivu")
    response = client.post(
        reverse("emulation:thresholds", args=[model.pk]),
        v(model, {"xuat_sac": "70", "tot": "80", "hoan_thanh": "50"}),
        follow=True,
    )
    assert "Các ngưỡng phải giảm dần" in response.content.decode()
    model.refresh_from_db()
    assert model.excellent_from == D("90.00")


def test_component_add_and_remove(model, client_as):
    client = client_as("noivu")
    client.post(
        reverse("emulation:component_add", args=[model.pk]),
        v(model, {"ma": "td9", "ten": "", "nguon": "reporting", "trong_so": "5"}),
    )
    added = model.components.get(code="TD9")
    assert added.name == "Báo cáo đúng hạn" and added.weight == D("5.00")
    response = client.post(
        reverse("emulation:component_add", args=[model.pk]),
        v(model, {"ma": "TD10", "nguon": "khong-co", "trong_so": "5"}),
        follow=True,
    )
    assert "Chọn nguồn số liệu trong danh sách." in response.content.decode()
    client.post(reverse("emulation:component_delete", args=[model.pk, added.pk]), v(model))
    assert not model.components.filter(code="TD9").exists()


def test_weight_change_is_in_the_history_with_who_and_why(model, client_as, persona):
    client_as("noivu").post(
        reverse("emulation:weights", args=[model.pk]), v(model, {"trong_so_TD1": "40"})
    )
    record = model.components.get(code="TD1").history.first()
    assert record.history_user == persona("noivu")
    assert record.history_change_reason == "Sửa trọng số"
    audit = client_as("noivu").get(reverse("orgs:audit")).content.decode()
    assert "Tiêu chí thi đua" in audit
