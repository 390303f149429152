"""Tables as xlsx downloads: one sheet, a title row, bold headers, numbers as numbers."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from chiso.core.spreadsheet import clean, keep_as_text

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    if isinstance(value, Decimal):
        return float(value)
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return value
    return clean(str(value))


def build(title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Số liệu"
    sheet.append([clean(title)])
    keep_as_text(sheet["A1"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([clean(h) for h in headers])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in headers]
    for row in rows:
        values = [_cell(v) for v in row]
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            keep_as_text(cell)
        widths = [max(w, min(len(str(v)), 60)) for w, v in zip(widths, values, strict=False)]
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width + 2
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def response(filename: str, title: str, headers, rows) -> HttpResponse:
    resp = HttpResponse(build(title, headers, rows), content_type=XLSX_TYPE)
    resp["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return resp
