"""Recommendations closed on time, initiatives recognised: the accountability counts in the
score, and the breakdown explains them."""

from datetime import date
from decimal import Decimal as D

from django.urls import reverse

from chiso.accountability import services as acc
from chiso.accountability.models import InitiativeStatus, RecognitionLevel
from chiso.emulation import selectors
from chiso.tracking.models import Occurrence
from chiso.tracking.services import report_accept, report_save

from .conftest import unit


def _row(rows, name):
    return next(r for r in rows if r["unit"] == name)


def _component(row, code):
    return next(c for c in row["components"] if c["code"] == code)


def _recommendations(persona, departments):
    plan = acc.inspection_plan_create(
        year=2025,
        title="Kế hoạch kiểm tra công tác CCHC năm 2025",
        owner_unit=unit("Ủy ban nhân dân tỉnh Đồng Nai"),
        inspecting_unit=unit("Sở Nội vụ"),
        group=departments,
        by=persona("noivu"),
    )
    inspection = acc.inspection_add(
        inspection_plan=plan,
        unit=unit("Sở Tư pháp"),
        planned_on=date(2025, 3, 10),
        team="Đoàn kiểm tra số 1",
        content="Kiểm tra cải cách thủ tục hành chính",
        by=persona("noivu"),
    )
    acc.inspection_record(
        inspection=inspection,
        inspected_on=date(2025, 3, 10),
        members="Nguyễn Thị Hoa (trưởng đoàn)",
        findings="Chưa niêm yết đủ thủ tục hành chính",
        today=date(2025, 3, 10),
        by=persona("noivu"),
    )
    return [
        acc.recommendation_add(
            inspection=inspection, content=text, deadline=date(2025, 5, 31), by=persona("noivu")
        )
        for text in ("Niêm yết đủ thủ tục hành chính", "Cập nhật sổ theo dõi hồ sơ")
    ]


def test_recommendation_accepted_on_time_raises_the_units_points(
    model, departments, persona, client_as
):
    first, second = _recommendations(persona, departments)
    before = _component(_row(selectors.ranking(model, persona("noivu")), "Sở Tư pháp"), "TD5")
    assert before["value"] == D("0.00")  # both overdue
    report = report_save(
        occurrence=Occurrence.objects.get(task=first.task),
        by=persona("tuphap"),
        work_status="done",
        percent=100,
        narrative="Đã niêm yết đủ",
        completed_on=date(2025, 5, 20),
        submit=True,
    )
    report_accept(report=report, by=persona("noivu"))
    after = _component(_row(selectors.ranking(model, persona("noivu")), "Sở Tư pháp"), "TD5")
    assert after["value"] == D("50.00") and after["points"] == D("2.50")
    assert after["detail"].startswith("1/2 kiến nghị thực hiện đúng hạn")
    justice = unit("Sở Tư pháp")
    html = client_as("tuphap").get(reverse("emulation:unit", args=[model.pk, justice.pk]))
    text = html.content.decode()
    assert "Niêm yết đủ thủ tục hành chính" in text and "đã thực hiện đúng hạn" in text
    assert "quá hạn chưa thực hiện" in text


def test_recognised_initiative_gives_full_points_at_target(model, persona):
    finance = unit("Sở Tài chính")
    acc.initiative_save(
        unit=finance,
        year=2025,
        title="Số hóa hồ sơ quyết toán",
        status=InitiativeStatus.RECOGNISED,
        recognition_level=RecognitionLevel.values[0],
        decision_number="12/QĐ-UBND",
        decision_date=date(2025, 11, 1),
        by=persona("noivu"),
    )
    acc.initiative_save(unit=finance, year=2025, title="Ý tưởng khác", by=persona("noivu"))
    row = _row(selectors.ranking(model, persona("noivu")), "Sở Tài chính")
    td6 = _component(row, "TD6")
    assert td6["value"] == D(1) and td6["points"] == D("5.00")
    assert td6["detail"] == "1/2 sáng kiến được công nhận"
    assert (
        _component(_row(selectors.ranking(model, persona("noivu")), "Sở Tư pháp"), "TD6")["value"]
        is None
    )  # nothing registered: no data, not zero
