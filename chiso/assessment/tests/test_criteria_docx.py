"""Criteria sets from the decision's .docx: the parser (pure) on realistic tables, split tables
and bad input, and the same review step as the spreadsheet (nothing saved before confirming)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chiso.assessment.criteria_docx import NOT_A_CRITERIA_TABLE, parse_criteria, read_criteria_file
from chiso.assessment.criteria_rules import recognise
from chiso.assessment.models import CriteriaSet, Criterion
from chiso.assessment.tests.criteria_docs import criteria_docx, department_rows
from chiso.core.readers import Document, Table
from tests.builders import plan_docx


def _leaves(nodes):
    for node in nodes:
        if "children" in node:
            yield from _leaves(node["children"])
        else:
            yield node


def test_a_department_set_of_thirty_leaves_in_a_merged_cell_table():
    sheet = read_criteria_file(criteria_docx(department_rows(), total=60), "qd-123.docx")
    assert sheet.errors == []
    assert sheet.leaves == 30 and sheet.total == 60
    assert [f["code"] for f in sheet.tree] == ["1", "2", "3", "4", "5"]
    assert sheet.tree[0]["name"] == "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"
    leaves = {leaf["code"]: leaf for leaf in _leaves(sheet.tree)}
    # Field II, criterion 3, sub 3.2 → "2.3.2"; criteria numbered again in each field.
    assert "2.3.2" in leaves and leaves["2.3.2"]["name"] == "Nội dung 2.3.2"
    first = leaves["1.1.1"]
    assert first["method"] == "steps"
    assert first["params"] == {"steps": [[1.0, "2.00"], [0.8, "1.00"], [0.0, "0.00"]]}
    assert leaves["1.1.2"]["method"] == "yes_no"
    assert leaves["1.2.1"]["method"] == "deduction"
    assert leaves["1.2.1"]["params"] == {"per_violation": "0.50"}
    assert leaves["1.2.2"]["method"] == "free" and leaves["1.2.2"]["review"]
    assert leaves["1.3.1"]["method"] == "ratio"
    assert leaves["5.3.2"]["scored_by"] == "survey"
    # The vertically merged evidence cell belongs to every leaf it covers.
    assert leaves["1.1.2"]["evidence"] == "Báo cáo 1.1"
    assert any("1.2.2" in w for w in sheet.warnings)


def test_a_table_split_across_pages_continues_the_tree():
    rows = department_rows()
    with_header = read_criteria_file(criteria_docx(rows, split_at=20), "a.docx")
    without_header = read_criteria_file(
        criteria_docx(rows, split_at=20, repeat_header=False), "b.docx"
    )
    whole = read_criteria_file(criteria_docx(rows), "c.docx")
    assert with_header.errors == without_header.errors == []
    assert with_header.tree == without_header.tree == whole.tree
    assert with_header.leaves == 30


def test_numbering_one_dot_and_rules_written_over_several_rows():
    header = ["TT", "Nội dung tiêu chí", "Điểm chuẩn", "Hướng dẫn chấm", "Tài liệu kiểm chứng"]
    rows = [
        header,
        ["1.", "Công tác chỉ đạo", "3", "", ""],
        ["1.1", "Kế hoạch CCHC", "3", "", ""],
        ["1.1.1", "Ban hành kế hoạch", "1", "Có: 1 điểm; không: 0 điểm", "Kế hoạch"],
        ["1.1.2", "Hoàn thành kế hoạch", "2", "Hoàn thành 100%: 2 điểm", ""],
        ["", "", "", "Từ 80% đến dưới 100%: 1 điểm", ""],
        ["", "", "", "Dưới 80%: 0 điểm", ""],
    ]
    sheet = parse_criteria(Document(blocks=[Table(rows=rows)]))
    assert sheet.errors == []
    leaves = {leaf["code"]: leaf for leaf in _leaves(sheet.tree)}
    assert leaves["1.1.1"]["method"] == "yes_no"
    assert leaves["1.1.2"]["params"] == {"steps": [[1.0, "2.00"], [0.8, "1.00"], [0.0, "0.00"]]}


@pytest.mark.parametrize(
    ("text", "method"),
    [
        ("Đạt 100% = 1 điểm; từ 80% đến dưới 100% = 0,5 điểm; dưới 80% = 0", "steps"),
        ("Có = 1, Không = 0", "yes_no"),
        ("Trừ 0,5 điểm/văn bản chậm", "deduction"),
        ("Điểm thưởng cho sáng kiến được công nhận", "bonus"),
        ("Căn cứ kết quả thực tế", "free"),
        ("Có = 0,5, Không = 0", "free"),  # "có" is not worth the maximum: not yes/no
    ],
)
def test_rule_wordings(text, method):
    assert recognise(text, 1).method == method


def test_bad_inputs_have_vietnamese_messages():
    not_criteria = read_criteria_file(plan_docx(), "ke-hoach.docx")
    assert not_criteria.errors == [NOT_A_CRITERIA_TABLE]
    rows = department_rows(fields=1, criteria=1)
    rows[2]["max"] = "hai"
    bad_max = read_criteria_file(criteria_docx(rows), "x.docx")
    assert any("điểm tối đa “hai” của tiêu chí 1.1 không phải là số" in e for e in bad_max.errors)
    rows = department_rows(fields=1, criteria=2)
    rows[1]["max"] = 5  # criterion 1 says 5, its two leaves give 4
    bad_sum = read_criteria_file(criteria_docx(rows), "y.docx")
    assert any(
        "điểm tối đa của tiêu chí 1.1 (5.00) khác tổng của các tiêu chí con (4.00)" in e
        for e in bad_sum.errors
    )
    wrong_total = read_criteria_file(criteria_docx(department_rows(), total=70), "z.docx")
    assert any("tổng điểm ghi trong bảng (70.00) khác tổng" in e for e in wrong_total.errors)
    broken = read_criteria_file(b"PK\x03\x04 not a zip", "hong.docx")
    assert broken.errors and "không" in broken.errors[0].lower()


FORM = {"name": "Bộ tiêu chí sở 2026 (QĐ)", "level": "department", "year": "2026"}


def test_docx_goes_through_the_same_review_step(client_as):
    coordinator = client_as("noivu")
    upload = SimpleUploadedFile("qd.docx", criteria_docx(department_rows(), total=60))
    preview = coordinator.post("/cham-diem/bo-tieu-chi/nhap/", {**FORM, "file": upload})
    html = preview.content.decode()
    assert "Xem trước: 30 tiêu chí thành phần" in html
    assert "cần xem lại" in html
    assert not CriteriaSet.objects.filter(name=FORM["name"]).exists()
    token = html.split('name="ma_xac_nhan" value="')[1].split('"')[0]
    coordinator.post("/cham-diem/bo-tieu-chi/nhap/", {"ma_xac_nhan": token})
    created = CriteriaSet.objects.get(name=FORM["name"])
    leaves = Criterion.objects.filter(criteria_set=created, is_leaf=True)
    assert leaves.count() == 30
    assert leaves.get(code="1.1.2").method == "yes_no"
    assert leaves.get(code="5.3.2").scored_by == "survey"


def test_a_bad_docx_saves_nothing(client_as):
    rows = department_rows(fields=1, criteria=1)
    rows[2]["max"] = "hai"
    upload = SimpleUploadedFile("qd.docx", criteria_docx(rows))
    response = client_as("noivu").post("/cham-diem/bo-tieu-chi/nhap/", {**FORM, "file": upload})
    html = response.content.decode()
    assert "Tệp có 1 lỗi, chưa tạo gì" in html and "không phải là số" in html
    assert not CriteriaSet.objects.filter(name=FORM["name"]).exists()
