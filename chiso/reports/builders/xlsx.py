"""Excel (.xlsx) annex builder: one sheet per annex table, with the report's title above it."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from chiso.reports.builders.base import ReportDocument, Table

FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MAX_SHEET_TITLE = 31


class XlsxBuilder:
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def build(self, doc: ReportDocument) -> bytes:
        # write_only keeps memory flat for province-scale annexes.
        wb = Workbook(write_only=True)
        tables = doc.tables(annex=True)
        for table in tables:
            _sheet(wb, doc, table)
        if not tables:
            ws = wb.create_sheet("Phụ lục")
            ws.append(["Không có số liệu."])
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()


def _cell(ws, value, *, bold=False, border=True, wrap=True):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.font = Font(name=FONT, size=12, bold=bold)
    cell.alignment = Alignment(wrap_text=wrap, vertical="top")
    if border:
        cell.border = BOX
    return cell


def _sheet(wb, doc: ReportDocument, table: Table) -> None:
    ws = wb.create_sheet((table.sheet or "Phụ lục")[:MAX_SHEET_TITLE])
    widths = table.widths_mm or [30] * len(table.columns)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(6, width / 2.2)
    ws.freeze_panes = "A4"
    ws.append([_cell(ws, doc.annex_title or doc.summary, bold=True, border=False, wrap=False)])
    ws.append([_cell(ws, table.sheet, bold=True, border=False, wrap=False)])
    ws.append([_cell(ws, name, bold=True) for name in table.columns])
    for values in table.rows:
        ws.append([_cell(ws, v) for v in values])
