"""Find the tables of a document, whatever shape they arrived in.

Real tables (docx/html/pdf), tab-separated lines and tables flattened to one cell per line all
come out as `TableItem`s with a header, column roles and body rows; everything else stays as
`TextLine`s in document order so the caller keeps the headings above each table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chiso.core.lib.vntext import fold
from chiso.core.readers.document import Document, Table
from chiso.importer.parse.columns import (
    header_roles,
    is_header_label,
    is_sub_header_row,
    is_targets_header,
    looks_like_header_row,
)
from chiso.importer.parse.flat import is_table_end, rows_from_flat, rows_from_flat_targets
from chiso.importer.parse.targets import value_columns
from chiso.importer.parse.text import clean_cell

_STT_LABELS = {"stt", "s tt", "s t t", "so tt", "tt", "so thu tu"}
MAX_HEADER_LINES = 10


@dataclass
class TextLine:
    text: str


@dataclass
class TableItem:
    header: list[list[str]]
    roles: list[str | None]
    rows: list[list[str] | None] = field(default_factory=list)  # None marks a page break
    kind: str = "tasks"  # "tasks" or "targets"
    flat: bool = False

    @property
    def labels(self) -> list[str]:
        return [c for r in self.header for c in r if c.strip()]


Item = TextLine | TableItem


def segment(doc: Document) -> list[Item]:
    raw = _raw_items(doc)
    items: list[Item] = []
    i = 0
    while i < len(raw):
        entry = raw[i]
        if isinstance(entry, list):  # a table's rows
            _add_table(items, entry)
            i += 1
            continue
        table, used = _flat_table(raw, i)
        if table is not None:
            _append_table(items, table)
            i += used
            continue
        items.append(TextLine(entry))
        i += 1
    return items


def _raw_items(doc: Document) -> list[str | list[list[str] | None]]:
    """Lines and tables; consecutive tab-separated lines become one table (blank = page break)."""
    out: list[str | list[list[str] | None]] = []
    pending: list[list[str] | None] = []

    def flush() -> None:
        while pending and pending[-1] is None:
            pending.pop()
        if pending:
            out.append(list(pending))
        pending.clear()

    for block in doc.blocks:
        if isinstance(block, Table):
            flush()
            out.append([[clean_cell(c) for c in row] for row in block.rows])
            continue
        for line in block.text.split("\n") if block.text else [""]:
            if line.count("\t") >= 2:
                pending.append([clean_cell(c) for c in line.split("\t")])
            elif not line.strip() and pending:
                pending.append(None)
            else:
                flush()
                out.append(line.strip())
    flush()
    return out


def _add_table(items: list[Item], rows: list[list[str] | None]) -> None:
    body = [r for r in rows if r is not None]
    start = next((k for k, r in enumerate(body[:4]) if looks_like_header_row(r)), None)
    if start is None:
        if _continues_previous(items, body):
            items[-1].rows.append(None)  # type: ignore[union-attr]
            items[-1].rows.extend(body)  # type: ignore[union-attr]
            return
        for row in body:  # layout tables (letterhead) and unknown tables read as text
            items.extend(TextLine(c) for cell in row for c in cell.split("\n") if c.strip())
        return
    for row in body[:start]:
        items.extend(TextLine(c) for cell in row for c in cell.split("\n") if c.strip())
    header = [body[start]]
    k = start + 1
    while k < len(body) and len(header) < 3 and is_sub_header_row(body[k]) and _blank_stt(body[k]):
        header.append(body[k])
        k += 1
    width = max(len(r) for r in header)
    roles = header_roles(header)
    labels = [c for r in header for c in r if c.strip()]
    kind = "targets" if is_targets_header(labels) else "tasks"
    # Keep page-break markers that sit between body rows.
    remaining = rows[rows.index(body[k - 1]) + 1 :] if k - 1 < len(body) else []
    table = TableItem(header=header, roles=roles, kind=kind)
    table.rows = [None if r is None else _pad(r, width) for r in remaining]
    _append_table(items, table)


def _blank_stt(row: list[str]) -> bool:
    return not row or not row[0].strip() or fold(row[0]) in _STT_LABELS


def _continues_previous(items: list[Item], body: list[list[str]]) -> bool:
    if not items or not isinstance(items[-1], TableItem) or not body:
        return False
    width = len(items[-1].roles)
    return all(abs(len(r) - width) <= 0 for r in body)


def _append_table(items: list[Item], table: TableItem) -> None:
    """A table whose header repeats the previous table's header continues it (page split)."""
    prev = _previous_table(items)
    if prev is not None and _same_header(prev.header, table.header) and prev.flat == table.flat:
        prev.rows.append(None)
        prev.rows.extend(table.rows)
        return
    items.append(table)


def _previous_table(items: list[Item]) -> TableItem | None:
    for item in reversed(items):
        if isinstance(item, TableItem):
            return item
        if item.text.strip():
            return None
    return None


def _same_header(a: list[list[str]], b: list[list[str]]) -> bool:
    return [fold(c) for r in a for c in r if c.strip()] == [
        fold(c) for r in b for c in r if c.strip()
    ]


def _pad(row: list[str], width: int) -> list[str]:
    return row + [""] * (width - len(row)) if len(row) < width else row


def _flat_table(raw: list, i: int) -> tuple[TableItem | None, int]:
    """Detect a flattened table at raw[i]: an 'STT' line followed by header labels."""
    first = raw[i]
    if not isinstance(first, str) or fold(first) not in _STT_LABELS:
        return None, 0
    labels: list[str] = []
    j = i + 1
    while j < len(raw) and isinstance(raw[j], str) and len(labels) < MAX_HEADER_LINES:
        if not is_header_label(raw[j]):
            break
        labels.append(raw[j])
        j += 1
    if len(labels) < 2:
        return None, 0
    body_start = j
    if is_targets_header(labels):
        return _flat_targets(raw, first, labels, body_start)
    body: list[str] = []
    while j < len(raw) and isinstance(raw[j], str) and not is_table_end(raw[j]):
        if fold(raw[j]) in _STT_LABELS and _repeats_header(raw, j, labels):
            j += len(labels) + 1
            continue
        if raw[j]:
            body.append(raw[j])
        j += 1
    roles = header_roles([[first, *labels]])
    table = TableItem(header=[[first, *labels]], roles=roles, flat=True)
    table.rows = list(rows_from_flat(body, roles))
    return table, j - i


def _repeats_header(raw: list, j: int, labels: list[str]) -> bool:
    following = raw[j + 1 : j + 1 + len(labels)]
    return [fold(x) if isinstance(x, str) else None for x in following] == [fold(x) for x in labels]


def _flat_targets(raw: list, first: str, labels: list[str], start: int) -> tuple[TableItem, int]:
    lines = []
    j = start
    while j < len(raw) and isinstance(raw[j], str):
        lines.append(raw[j])
        j += 1
    rows, used = rows_from_flat_targets(lines, len(value_columns(labels[1:])))
    table = TableItem(header=[[first, *labels]], roles=[], kind="targets", flat=True)
    table.rows = list(rows)
    return table, len(labels) + 1 + used
