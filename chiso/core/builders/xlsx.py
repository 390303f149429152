"""Excel (.xlsx) annex builder: one sheet per annex table, with the report's title above it."""

from __future__ import annotations

import io
import re
import zipfile
from copy import copy
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from chiso.core.builders.base import Percent, ReportDocument, Table, clean
from chiso.core.spreadsheet import FORMULA_STARTS, keep_as_text

# Number formats of the annex cells (Excel shows the separators of the reader's locale).
DATE_FORMAT = "dd/mm/yyyy"
RATE_FORMAT = "0.0%"
SCORE_FORMAT = "0.00"
EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's date serial numbers

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
        bulk: dict[str, str] = {}  # zip member of a sheet -> its body rows as XML
        for number, table in enumerate(tables, start=1):
            rows_xml = _sheet(wb, doc, table)
            if rows_xml:
                bulk[f"xl/worksheets/sheet{number}.xml"] = rows_xml
        if not tables:
            ws = wb.create_sheet("Phụ lục")
            ws.append(["Không có số liệu."])
        out = io.BytesIO()
        wb.save(out)
        return _splice(out.getvalue(), bulk) if bulk else out.getvalue()


def _styled(ws, *, bold: bool, border: bool):
    """A template cell whose style array is copied into each new cell: styling 100 000 cells
    one attribute at a time costs more than the whole rest of the workbook."""
    cell = WriteOnlyCell(ws)
    cell.font = Font(name=FONT, size=12, bold=bold)
    cell.alignment = Alignment(wrap_text=border, vertical="top")
    if border:
        cell.border = BOX
    return cell


def _sheet(wb, doc: ReportDocument, table: Table) -> str:
    """Write the sheet's title and header rows; return its body rows as XML when the table is
    province-scale (spliced in after saving), else write them here with borders and wrapping."""
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
        # Province-scale annexes: plain cells written as XML in one pass; openpyxl's cell
        # objects cost ~40 µs a cell, 20 s for a 10,000-task plan.
        quoted = WriteOnlyCell(ws, value="")
        quoted.quotePrefix = True
        return rows_xml(table.rows, first_row=4, quote_style=quoted.style_id, styles=_styles(ws))
    for values in table.rows:
        ws.append(cells(values, body))
    return ""


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


def _styles(ws) -> dict[type, int]:
    """The workbook style ids of the number formats the XML rows refer to."""
    ids = {}
    for kind, number_format in (
        (Percent, RATE_FORMAT),
        (date, DATE_FORMAT),
        (Decimal, SCORE_FORMAT),
    ):
        cell = WriteOnlyCell(ws, value=0)
        cell.number_format = number_format
        ids[kind] = cell.style_id
    ids[float] = ids[Decimal]
    return ids


# What text needs before it goes into SpreadsheetML: markup escaped, and control characters
# (invalid in OOXML) replaced by a space, as `clean` does.
_NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_text(text: str) -> str:
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    text = clean(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rows_xml(
    rows, *, first_row: int, quote_style: int, styles: dict[type, int] | None = None
) -> str:
    """Sheet rows as SpreadsheetML: numbers as numbers, dates as dates and rates as fractions
    with their number formats (`styles`: style id per value type), text as inline strings
    (formula-like text keeps Excel's quote prefix, so it never computes). One pass, no cell
    objects."""
    styles = styles or {}
    fmt = {kind: f' s="{style}"' for kind, style in styles.items()}
    width = max((len(r) for r in rows), default=0)
    letters = [get_column_letter(i) for i in range(1, width + 1)]
    quoted = f' s="{quote_style}"'
    tails: dict[str, str] = {}  # text -> the rest of its cell (columns repeat many values)
    parts: list[str] = []
    append = parts.append
    for n, values in enumerate(rows, start=first_row):
        append(f'<row r="{n}">')
        for letter, value in zip(letters, values, strict=False):
            kind = type(value)
            if value is None or value == "":
                continue
            if kind is bool:
                append(f'<c r="{letter}{n}" t="b"><v>{int(value)}</v></c>')
            elif kind is int:
                append(f'<c r="{letter}{n}"><v>{value}</v></c>')
            elif kind is float or kind is Decimal:
                append(f'<c r="{letter}{n}"{fmt.get(kind, "")}><v>{value}</v></c>')
            elif kind is Percent:
                append(f'<c r="{letter}{n}"{fmt.get(Percent, "")}><v>{value.value / 100}</v></c>')
            elif kind is date:
                serial = (value - EXCEL_EPOCH).days
                append(f'<c r="{letter}{n}"{fmt.get(date, "")}><v>{serial}</v></c>')
            else:
                text = value if kind is str else str(value)
                tail = tails.get(text)
                if tail is None:
                    escaped = _xml_text(text)
                    style = quoted if escaped.startswith(FORMULA_STARTS) else ""
                    tail = (
                        f'{style} t="inlineStr"><is><t xml:space="preserve">{escaped}</t></is></c>'
                    )
                    tails[text] = tail
                append(f'<c r="{letter}{n}"{tail}')
        append("</row>")
    return "".join(parts)


_DIMENSION = re.compile(rb'<dimension ref="[^"]*"\s*/>')


def _splice(data: bytes, bulk: dict[str, str]) -> bytes:
    """The saved workbook with each sheet's body rows inserted after its header rows."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename in bulk:
                rows = bulk[item.filename].encode()
                content = _DIMENSION.sub(b"", content)
                content = content.replace(b"</sheetData>", rows + b"</sheetData>", 1)
            level = 1 if item.filename in bulk else None  # big sheets: fast, nearly as small
            dst.writestr(item, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=level)
    return out.getvalue()
