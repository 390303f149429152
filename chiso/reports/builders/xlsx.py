"""Excel (.xlsx) annex builder: one sheet per annex table, with the report's title above it."""

from __future__ import annotations

import io
from copy import copy
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from chiso.core.spreadsheet import keep_as_text, write_only_value
from chiso.reports.builders.base import Percent, ReportDocument, Table, clean

# Number formats of the annex cells (Excel shows the separators of the reader's locale).
DATE_FORMAT = "dd/mm/yyyy"
RATE_FORMAT = "0.0%"
SCORE_FORMAT = "0.00"

FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MAX_SHEET_TITLE = 31
STYLED_ROWS_MAX = 5000  # bordered, wrapped cells up to this many rows a sheet


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


def _styled(ws, *, bold: bool, border: bool):
    """A template cell whose style array is copied into each new cell: styling 100 000 cells
    one attribute at a time costs more than the whole rest of the workbook."""
    cell = WriteOnlyCell(ws)
    cell.font = Font(name=FONT, size=12, bold=bold)
    cell.alignment = Alignment(wrap_text=border, vertical="top")
    if border:
        cell.border = BOX
    return cell


def _sheet(wb, doc: ReportDocument, table: Table) -> None:
    ws = wb.create_sheet((table.sheet or "Phụ lục")[:MAX_SHEET_TITLE])
    widths = table.widths_mm or [30] * len(table.columns)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(6, width / 2.2)
    ws.freeze_panes = "A4"
    title = _styled(ws, bold=True, border=False)
    head = _styled(ws, bold=True, border=True)
    body = _styled(ws, bold=False, border=True)

    def cells(values, template):
        out = []
        for value in values:
            cell = WriteOnlyCell(ws, value=clean(_native(value)))
            cell._style = copy(template._style)
            _number_format(cell, value)
            out.append(keep_as_text(cell))
        return out

    ws.append(cells([doc.annex_title or doc.summary], title))
    ws.append(cells([table.sheet], title))
    ws.append(cells(table.columns, head))
    if len(table.rows) > STYLED_ROWS_MAX:
        # Province-scale annexes: plain values write ~3x faster than styled cells.
        for values in table.rows:
            ws.append([_plain(ws, v) for v in values])
        return
    for values in table.rows:
        ws.append(cells(values, body))


def _native(value):
    """What Excel stores: a rate as a fraction (0,875 shown 87,5%), everything else as is."""
    if isinstance(value, Percent):
        return value.value / 100
    return value


def _number_format(cell, value) -> None:
    if isinstance(value, Percent):
        cell.number_format = RATE_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, Decimal | float):
        cell.number_format = SCORE_FORMAT


def _plain(ws, value):
    """An unstyled cell of a province-scale sheet; dates and rates keep their number format."""
    if isinstance(value, Percent | date):
        cell = WriteOnlyCell(ws, value=_native(value))
        _number_format(cell, value)
        return cell
    return write_only_value(ws, clean(value))
