"""Closing a round, publishing it (coordinator, with confirmation, in the history) and the decision
annex in .docx and .xlsx: opened and read back as a user would."""

import io
from datetime import date
from decimal import Decimal

import docx
import time_machine
from openpyxl import load_workbook

from chiso.assessment import services
from chiso.assessment.loader import example_set
from chiso.assessment.models import AssessmentRound, RoundStatus, UnitStatus
from chiso.orgs.models import OrgUnit, UnitGroup


def _docx_text(data: bytes) -> tuple[str, list[list[str]]]:
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    for table in document.tables[:1]:  # the header block
        text += "\n" + "\n".join(c.text for row in table.rows for c in row.cells)
    body = document.tables[1]
    return text, [[c.text for c in row.cells] for row in body.rows]


@time_machine.travel("2026-01-15 09:00 +07:00", tick=True)
def test_close_publish_and_download_the_annex(finished_round, client_as, persona):
    round_ = finished_round
    coordinator = client_as("noivu")
    url = f"/cham-diem/{round_.pk}/"
    assert coordinator.get(f"{url}cong-bo/phu-luc.docx").status_code == 403  # not closed yet
    assert coordinator.post(f"{url}cong-bo/", {"xac_nhan": "1"}).status_code == 302
    round_.refresh_from_db()
    assert round_.status == RoundStatus.SELF  # a round not closed cannot be published
    coordinator.post(f"{url}chot/")
    round_.refresh_from_db()
    assert round_.status == RoundStatus.FINAL
    page = coordinator.get(f"{url}cong-bo/").content.decode()
    assert "Kết quả xác định Chỉ số CCHC năm 2025 của các Sở, ban, ngành" in page
    coordinator.post(f"{url}cong-bo/", {})  # not confirmed: nothing happens
    round_.refresh_from_db()
    assert round_.status == RoundStatus.FINAL
    coordinator.post(f"{url}cong-bo/", {"xac_nhan": "1"})
    round_.refresh_from_db()
    assert round_.status == RoundStatus.PUBLISHED and round_.published_on == date(2026, 1, 15)
    last = round_.history.order_by("-history_id").first()
    assert last.history_change_reason == "Công bố kết quả"
    assert last.history_user == persona("noivu")
    assert "đã được công bố ngày 15/01/2026" in coordinator.get(url).content.decode()

    units = round_.units.count()
    text, rows = _docx_text(coordinator.get(f"{url}cong-bo/phu-luc.docx").content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI" in text
    assert "Kết quả xác định Chỉ số CCHC năm 2025 của các Sở, ban, ngành" in text
    assert "Đồng Nai, ngày 15 tháng 01 năm 2026" in text
    assert rows[0] == [
        "STT",
        "Đơn vị",
        "Điểm tự chấm",
        "Điểm thẩm định",
        "Điểm điều tra XHH",
        "Tổng điểm",
        "Chỉ số CCHC (%)",
        "Xếp hạng",
        "Xếp loại",
    ]
    assert len(rows) == units + 1
    first = rows[1]
    assert first[7] == "1" and first[6] == "100,00" and first[8] == "Tốt"
    assert all(row[6] for row in rows[1:])

    sheet = load_workbook(io.BytesIO(coordinator.get(f"{url}cong-bo/phu-luc.xlsx").content)).active
    assert sheet["A1"].value.startswith("Phụ lục: Kết quả xác định Chỉ số CCHC năm 2025")
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert len(values) == units
    top = values[0]
    assert top[6] == 100 and sheet.cell(4, 7).number_format == "0.00"
    assert top[5] == top[3] + top[4]
    assert [v[7] for v in values] == sorted(v[7] for v in values)  # rank order
    assert min(Decimal(str(v[6])) for v in values) < 100  # appraisal cuts show


def test_only_the_coordinator_publishes_and_others_download_once_published(
    finished_round, client_as
):
    round_ = finished_round
    url = f"/cham-diem/{round_.pk}/"
    officer, leader = client_as("tuphap"), client_as("lanhdao")
    assert officer.post(f"{url}chot/").status_code == 403
    client_as("noivu").post(f"{url}chot/")
    assert officer.post(f"{url}cong-bo/", {"xac_nhan": "1"}).status_code == 403
    assert leader.get(f"{url}cong-bo/phu-luc.xlsx").status_code == 403  # final, not published
    client_as("noivu").post(f"{url}cong-bo/", {"xac_nhan": "1"})
    assert AssessmentRound.objects.get(pk=round_.pk).status == RoundStatus.PUBLISHED
    assert officer.get(f"{url}cong-bo/phu-luc.docx").status_code == 200
    assert leader.get(f"{url}cong-bo/phu-luc.xlsx").status_code == 200
    assert client_as("noivu").get(f"{url}cong-bo/phu-luc.pdf").status_code == 404
    again = client_as("noivu").post(f"{url}cong-bo/", {"xac_nhan": "1"}, follow=True)
    assert "Kết quả đã được công bố ngày" in again.content.decode()


def test_a_round_with_units_not_final_cannot_be_closed(province, client_as):
    round_ = services.round_create(
        name="Đợt dở dang",
        year=2025,
        criteria_set=example_set("department"),
        group=UnitGroup.objects.get(name="Các Sở, ban, ngành"),
        coordinator_unit=OrgUnit.objects.get(name="Sở Nội vụ"),
        self_opens=date(2025, 11, 1),
    )
    response = client_as("noivu").post(f"/cham-diem/{round_.pk}/chot/", follow=True)
    pending = round_.units.exclude(status=UnitStatus.FINAL).count()
    assert f"Còn {pending} đơn vị chưa chốt kết quả" in response.content.decode()
    round_.refresh_from_db()
    assert round_.status == RoundStatus.SELF
