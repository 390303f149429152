"""Rows of an export file, streamed: .csv (UTF-8 with or without BOM, `,` `;` or tab) or .xlsx.

Each reader yields lists of cells, the header row first, so a million-row file is never held in
memory at once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from chiso.core.errors import DomainError
from chiso.core.lib.safezip import CorruptArchive, check_archive

CSV_FIELD_LIMIT = 1 << 20


def _csv_rows(stream: BinaryIO) -> Iterator[list]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        first = text.readline()
        delimiter = max((",", ";", "\t"), key=first.count)
        yield from csv.reader(io.StringIO(first), delimiter=delimiter)
        yield from csv.reader(text, delimiter=delimiter)
    except UnicodeDecodeError as exc:
        raise DomainError("Tệp CSV không phải mã UTF-8; hãy xuất lại tệp với mã UTF-8.") from exc
    except csv.Error as exc:
        raise DomainError(f"Tệp CSV bị hỏng: {exc}.") from exc
    finally:
        text.detach()


def _xlsx_rows(stream: BinaryIO) -> Iterator[list]:
    from openpyxl import load_workbook  # heavy; only spreadsheet uploads need it

    try:
        check_archive(stream, name="tệp Excel")
    except CorruptArchive as exc:
        raise DomainError("Không đọc được tệp Excel (.xlsx); tệp có thể bị hỏng.") from exc
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a corrupt file
        raise DomainError("Không đọc được tệp Excel (.xlsx); tệp có thể bị hỏng.") from exc
    try:
        yield from (list(row) for row in book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()


def read_rows(filename: str, stream: BinaryIO) -> Iterator[list]:
    """The rows of `stream`, chosen by the file's extension."""
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        return _xlsx_rows(stream)
    if name.endswith((".csv", ".txt", ".tsv")):
        csv.field_size_limit(CSV_FIELD_LIMIT)
        return _csv_rows(stream)
    raise DomainError("Chỉ nhận tệp .csv hoặc .xlsx.")
