"""Open generated files the way a person would read them: every paragraph and table cell."""

import io

from docx import Document
from openpyxl import load_workbook


def docx_of(field_or_bytes) -> Document:
    data = field_or_bytes if isinstance(field_or_bytes, bytes) else _read(field_or_bytes)
    return Document(io.BytesIO(data))


def _read(field) -> bytes:
    field.open("rb")
    try:
        return field.read()
    finally:
        field.close()


def docx_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def table_with_header(doc, first_cells: list[str]):
    for table in doc.tables:
        header = [c.text for c in table.rows[0].cells]
        if header[: len(first_cells)] == first_cells:
            return [[c.text for c in row.cells] for row in table.rows[1:]]
    raise AssertionError(f"no table starting with {first_cells}")


def workbook_of(field_or_bytes):
    data = field_or_bytes if isinstance(field_or_bytes, bytes) else _read(field_or_bytes)
    return load_workbook(io.BytesIO(data), read_only=True)


def sheet_rows(wb, title: str) -> list[list]:
    """Data rows of an annex sheet (after the title, sheet name and column header)."""
    rows = [list(r) for r in wb[title].iter_rows(values_only=True)]
    return rows[3:]
