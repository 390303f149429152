"""Read a small spreadsheet (xlsx or csv) into rows keyed by known column names.

Pure: bytes in, rows out. Headers are matched on folded Vietnamese text, so "Mã thành phần",
"MA THANH PHAN" and "mã" all work.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass

from chiso.core.errors import DomainError
from chiso.core.lib.safezip import CorruptArchive, check_archive
from chiso.core.lib.text import fold

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000


@dataclass
class Row:
    number: int  # as the user sees it in the spreadsheet (header is row 1)
    values: dict[str, str]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook  # only when a spreadsheet is uploaded: slow to import

    try:
        check_archive(data, name="tệp Excel")
    except CorruptArchive as exc:
        raise DomainError("Tệp Excel bị lỗi hoặc không đúng định dạng .xlsx.") from exc
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DomainError("Tệp Excel bị lỗi hoặc không đúng định dạng .xlsx.") from exc
    sheet = book.worksheets[0]
    rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return rows


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError("Tệp CSV phải lưu với bảng mã UTF-8.") from exc
    dialect = csv.Sniffer().sniff(text[:2000], delimiters=",;\t") if text.strip() else csv.excel
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]


def _header_row(raw: list[list[str]], columns: Mapping[str, tuple[str, ...]]) -> int:
    """The first of the top rows naming at least two known columns (a title may sit above)."""
    known = {name for names in columns.values() for name in names}
    for i, row in enumerate(raw[:5]):
        if sum(fold(c) in known for c in row) >= 2:
            return i
    return 0


def read_rows(
    data: bytes, filename: str, columns: Mapping[str, tuple[str, ...]]
) -> tuple[list[Row], set[str]]:
    """Rows of the first sheet and the keys found; `columns` maps a key to folded headers."""
    if len(data) > MAX_BYTES:
        raise DomainError("Tệp quá lớn (tối đa 2 MB).")
    name = filename.lower()
    if name.endswith(".xlsx"):
        raw = _xlsx_rows(data)
    elif name.endswith(".csv"):
        raw = _csv_rows(data)
    else:
        raise DomainError("Chỉ nhận tệp .xlsx hoặc .csv.")
    raw = [r for r in raw if any(c for c in r)]
    if not raw:
        raise DomainError("Tệp không có dữ liệu.")
    start = _header_row(raw, columns)
    header = [fold(h) for h in raw[start]]
    positions = {}
    for key, names in columns.items():
        for i, h in enumerate(header):
            if h in names:
                positions[key] = i
                break
    raw = raw[start:]
    if len(raw) - 1 > MAX_ROWS:
        raise DomainError(f"Tệp có quá nhiều dòng (tối đa {MAX_ROWS}).")
    rows = []
    for n, r in enumerate(raw[1:], start=start + 2):
        values = {k: (r[i] if i < len(r) else "") for k, i in positions.items()}
        rows.append(Row(n, values))
    return rows, set(positions)
