"""Criteria sets from a spreadsheet: the template round-trips, every error names its row, and
nothing is created before the coordinator confirms the preview."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from chiso.assessment import services
from chiso.assessment.criteria_sheet import HEADERS, read_sheet, template_xlsx
from chiso.assessment.models import CriteriaSet, Criterion
from chiso.core.errors import DomainError


def _xlsx(rows) -> bytes:
    book = Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_template_reads_back_into_a_valid_tree():
    sheet = read_sheet(template_xlsx(), "mau.xlsx")
    assert sheet.errors == []
    assert sheet.leaves == 4 and sheet.total == 5
    leaf = sheet.tree[0]["children"][0]["children"][1]
    assert leaf["method"] == "steps"
    assert leaf["params"] == {"steps": [[1.0, "2"], [0.8, "1"], [0.0, "0"]]}
    assert load_workbook(io.BytesIO(template_xlsx())).active["A1"].value == "Mã"


def test_each_problem_is_reported_with_its_row():
    sheet = read_sheet(
        _xlsx(
            [
                ["1", "Lĩnh vực", 3],
                ["1.1", "Tiêu chí con", 1, "Có/không"],
                ["1.1", "Trùng mã", 1, "Có/không"],
                ["1.2", "Cách chấm lạ", 1, "Đoán"],
                ["2.1", "Không có cấp trên", 1, "Tỷ lệ"],
                ["1.3", "Theo mức thiếu mức điểm", "một", "Theo mức"],
            ]
        ),
        "bo.xlsx",
    )
    text = "\n".join(sheet.errors)
    assert "Dòng 4: mã “1.1” bị trùng." in text
    assert "Dòng 5: cách chấm “doan” không rõ." in text
    assert "Dòng 6: chưa có tiêu chí cấp trên “2”." in text
    assert "Dòng 7: điểm tối đa “một” không hợp lệ." in text
    assert "Dòng 2: điểm tối đa 3.00 khác tổng của các tiêu chí con (2.00)." in text


def test_import_preview_then_confirm_creates_the_set(client_as):
    coordinator = client_as("noivu")
    form = {
        "name": "Bộ tiêu chí sở 2026",
        "level": "department",
        "year": "2026",
        "decision": "QĐ 1/QĐ-UBND",
    }
    upload = SimpleUploadedFile("bo.xlsx", template_xlsx())
    preview = coordinator.post("/cham-diem/bo-tieu-chi/nhap/", {**form, "file": upload})
    html = preview.content.decode()
    assert "Xem trước: 4 tiêu chí thành phần" in html
    assert not CriteriaSet.objects.filter(name="Bộ tiêu chí sở 2026").exists()
    token = html.split('name="ma_xac_nhan" value="')[1].split('"')[0]
    assert (
        coordinator.post("/cham-diem/bo-tieu-chi/nhap/", {"ma_xac_nhan": token + "x"}).status_code
        == 302
    )
    assert not CriteriaSet.objects.filter(name="Bộ tiêu chí sở 2026").exists()
    coordinator.post("/cham-diem/bo-tieu-chi/nhap/", {"ma_xac_nhan": token})
    created = CriteriaSet.objects.get(name="Bộ tiêu chí sở 2026")
    assert Criterion.objects.filter(criteria_set=created, is_leaf=True).count() == 4
    assert client_as("tuphap").get("/cham-diem/bo-tieu-chi/nhap/").status_code == 403


def test_a_sheet_with_errors_creates_nothing(client_as):
    bad = _xlsx([["1", "Lĩnh vực", 2], ["1.1", "Một", 1, "Có/không"]])
    response = client_as("noivu").post(
        "/cham-diem/bo-tieu-chi/nhap/",
        {
            "name": "Lỗi",
            "level": "commune",
            "year": "2026",
            "file": SimpleUploadedFile("x.xlsx", bad),
        },
    )
    assert "Tệp có 1 lỗi, chưa tạo gì" in response.content.decode()
    assert not CriteriaSet.objects.filter(name="Lỗi").exists()


def test_a_code_with_a_slash_is_refused_with_its_row():
    sheet = read_sheet(
        _xlsx([["1", "Lĩnh vực", 2], ["1.1/a", "Tiêu chí", 1, "Có/không"]]), "bo.xlsx"
    )
    assert "Dòng 3: mã tiêu chí “1.1/a” không được chứa dấu “/”" in "\n".join(sheet.errors)


def test_a_criteria_set_with_a_slash_in_a_code_is_not_created(db):
    spec = {
        "name": "Bộ tiêu chí thử",
        "level": "department",
        "year": 2025,
        "tree": [{"code": "1", "name": "Lĩnh vực", "max": "1", "children": [
            {"code": "1/1", "name": "Tiêu chí", "max": "1", "method": "free"}]}],
    }  # fmt: skip
    before = CriteriaSet.objects.count()
    with pytest.raises(DomainError, match="không được chứa dấu"):
        services.criteria_set_create(spec=spec)
    assert CriteriaSet.objects.count() == before
