"""A province-scale annex (more rows than are styled one by one) reads back cell for cell."""

import io
from datetime import date, datetime

from openpyxl import load_workbook

from chiso.core.builders.base import Header, Percent, ReportDocument, Signature, Table
from chiso.core.builders.xlsx import STYLED_ROWS_MAX, XlsxBuilder
from chiso.reports.tests.readers import workbook_of


def _doc(rows) -> ReportDocument:
    table = Table(columns=["STT", "Nhiệm vụ", "Tỉ lệ", "Ghi chú"], rows=rows, sheet="Nhiệm vụ")
    return ReportDocument(
        header=Header("UBND TỈNH ĐỒNG NAI", "SỞ NỘI VỤ", "Số: .../BC-SNV", "Đồng Nai"),
        title="BÁO CÁO",
        summary="Kết quả thực hiện kế hoạch năm 2026",
        blocks=[table],
        recipients=[],
        signature=Signature(["GIÁM ĐỐC"]),
    )


def test_large_annex_keeps_every_value_and_never_computes_typed_formulas():
    n = STYLED_ROWS_MAX + 10
    rows = [[i, f"Nhiệm vụ số {i} <của> Sở & ngành", 87.5, ""] for i in range(1, n + 1)]
    rows[0] = [1, "=SUM(A1:A9)", 0.5, "Bỏ\x07 ký tự điều khiển"]
    rows[-1] = [n, "-giảm 5%", None, "+84 251 3822"]
    data = XlsxBuilder().build(_doc(rows))
    wb = workbook_of(data)
    got = [list(r) for r in wb["Nhiệm vụ"].iter_rows(values_only=True)]
    assert got[0][0] == "Kết quả thực hiện kế hoạch năm 2026"
    assert got[2] == ["STT", "Nhiệm vụ", "Tỉ lệ", "Ghi chú"]
    body = got[3:]
    assert len(body) == n
    assert body[0] == [1, "=SUM(A1:A9)", 0.5, "Bỏ  ký tự điều khiển"]
    assert body[1] == [2, "Nhiệm vụ số 2 <của> Sở & ngành", 87.5]  # the empty note: no cell
    assert body[-1] == [n, "-giảm 5%", None, "+84 251 3822"]
    typed = load_workbook(io.BytesIO(data))["Nhiệm vụ"].cell(row=4, column=2)
    assert typed.data_type == "s" and typed.quotePrefix  # text shown as typed, not a formula


def test_large_annex_stores_dates_as_dates_and_rates_as_percentages():
    n = STYLED_ROWS_MAX + 3
    rows = [[i, f"Nhiệm vụ {i}", Percent(87.5), date(2026, 3, 31)] for i in range(1, n + 1)]
    sheet = load_workbook(io.BytesIO(XlsxBuilder().build(_doc(rows))))["Nhiệm vụ"]
    rate, due = sheet.cell(row=n + 3, column=3), sheet.cell(row=n + 3, column=4)
    assert rate.value == 0.875 and rate.number_format == "0.0%"
    assert due.value == datetime(2026, 3, 31) and due.number_format == "dd/mm/yyyy"
