"""Rebuild table rows from tables flattened to one cell per line.

Exports from some portals write each cell of a Word table on its own line. The column count
comes from the header lines; rows start at a row number (1, 1.1, I) and, when the table has a
deadline column, end at the deadline cell. Cells spanning several lines (bullet lists) and rows
sharing a vertically merged cell (fewer cells than columns) are resolved here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from chiso.core.lib.vntext import fold
from chiso.importer.parse.text import is_bullet, is_child, is_roman, norm_stt
from chiso.plans.deadline import parse_deadline

_DEADLINE_START = re.compile(
    r"^(?:\d|nam\b|quy\b|thang\b|truoc\b|trong\b|cham nhat|thuong xuyen|lien tuc|hang\b|hang\b"
    r"|dinh ky|theo\b|sau khi|khi\b|ngay\b|tu\b|den\b|hoan thanh|giai doan|0?6 thang|dot xuat"
    r"|kip thoi|tuy\b|moi\b|ngay khi)"
)
_TABLE_END = re.compile(r"^(phu luc\b|noi nhan|tm\. |kt\. |chu tich$|[ivx]+\. [a-z])")


def is_stt_line(line: str) -> bool:
    return norm_stt(line) is not None and len(line.strip()) <= 12


def is_deadline_cell(line: str) -> bool:
    """A short line that reads as a deadline ("Thường xuyên", "31/12/2024", "Theo kế hoạch")."""
    key = fold(line)
    if not key or len(key) > 80 or is_bullet(line) or not _DEADLINE_START.match(key):
        return False
    if line.rstrip().endswith(".") and len(key.split()) > 5:
        return False  # a sentence ("Kịp thời xử lý các văn bản ... sau kiểm tra.") is a task
    return parse_deadline(line).kind != "unparsed"


def is_table_end(line: str) -> bool:
    key = fold(line)
    if _TABLE_END.match(key):
        return line.split(".")[0].strip().isupper() or key.startswith(("phu luc", "noi nhan"))
    return False


@dataclass
class _Chunk:
    stt: str | None
    lines: list[str] = field(default_factory=list)
    deadline: str | None = None


def chunk_lines(lines: list[str], has_deadline: bool) -> list[_Chunk]:
    """Split body lines into row chunks at row numbers and after deadline cells."""
    chunks: list[_Chunk] = []
    current: _Chunk | None = None
    for line in lines:
        if is_stt_line(line):
            current = _Chunk(norm_stt(line))
            chunks.append(current)
            continue
        if current is None or current.deadline is not None:
            current = _Chunk(None)
            chunks.append(current)
        if has_deadline and current.lines and is_deadline_cell(line):
            current.deadline = line
        else:
            current.lines.append(line)
    return chunks


def _units(lines: list[str]) -> list[list[str]]:
    """Group lines into cell candidates: a run of bullets (with its lead-in line) is one unit."""
    units: list[list[str]] = []
    for line in lines:
        if (
            units
            and is_bullet(line)
            and (is_bullet(units[-1][-1]) or units[-1][-1].rstrip().endswith(":"))
        ):
            units[-1].append(line)
        else:
            units.append([line])
    return units


_ACTION = re.compile(
    r"^(kiem tra|don doc|tham muu|tang cuong|kip thoi|huong dan|nang cap|nang cao|to chuc"
    r"|trien khai|phoi hop|chu tri|theo doi|xay dung|ra soat|dua |tiep tuc|tiep nhan|cong khai"
    r"|chi dao|day manh|ban hanh|cap nhat|duy tri|tuyen truyen|quan triet|danh gia|xu ly|bo tri"
    r"|giam sat|thanh tra|tap trung|chan chinh|tong hop|de xuat|nghien cuu|ho tro|phat huy"
    r"|doi moi|van dong|thong tin|boi duong|tap huan|khao sat|lam tot|chu dong)"
)
_RESULT = re.compile(r"\d+\s*%|ty le|^tren \d|^dat\b|^khong (?:co|vuot|de)|^phan dau|^so luong")


def _bullet_score(line: str) -> float:
    """Positive for a result statement ("100% ...", "Tăng tỷ lệ ..."), negative for a task."""
    key = fold(line.lstrip("-–—+•* "))
    score = 1.0 if _RESULT.search(key) else 0.0
    if _ACTION.match(key):
        score -= 1.0
    if line.rstrip().endswith("."):
        score -= 0.5
    return score


def _split_bullets(unit: list[str]) -> tuple[list[str], list[str]] | None:
    """Split a bullet run shared by the result and task columns at the most likely boundary.

    None when no line reads as a result: the whole run then stays in the task column.
    """
    scores = [_bullet_score(line) for line in unit]
    best_k, best = None, 0.0
    for k in range(1, len(unit)):
        head, tail = scores[:k], scores[k:]
        if sum(head) <= 0:
            continue
        value = sum(head) - sum(tail)
        if value > 0 and value >= best:
            best_k, best = k, value
    return (unit[:best_k], unit[best_k:]) if best_k else None


def _assign(units: list[list[str]], cols: list[str], content_role: str) -> dict[str, str]:
    """Map cell candidates onto the non-number, non-deadline columns in order."""
    if len(units) < len(cols) and "output" in cols:
        for i, unit in enumerate(units):
            split = _split_bullets(unit) if len(unit) > 1 else None
            if split:
                units = units[:i] + [split[0], split[1]] + units[i + 1 :]
                break
    cells: dict[str, str] = {}
    if len(units) >= len(cols):
        idx = cols.index(content_role) if content_role in cols else len(cols) - 1
        head, tail = (
            units[:idx],
            units[len(units) - (len(cols) - idx - 1) :] if idx < len(cols) - 1 else [],
        )
        middle = units[idx : len(units) - len(tail)]
        for role, unit in zip(cols[:idx], head, strict=False):
            cells[role] = "\n".join(unit)
        cells[cols[idx]] = "\n".join(line for unit in middle for line in unit)
        for role, unit in zip(cols[idx + 1 :], tail, strict=False):
            cells[role] = "\n".join(unit)
        return cells
    # Fewer candidates than columns: the first one is the component if it reads like a name,
    # the rest fill the columns from the right (the task text is never dropped).
    first = units[0] if units else []
    start = 0
    if cols and cols[0] == "component" and first and _looks_like_name(first):
        cells["component"] = "\n".join(first)
        start = 1
    rest = units[start:]
    targets = cols[len(cols) - len(rest) :] if rest else []
    for role, unit in zip(targets, rest, strict=False):
        cells[role] = "\n".join(unit)
    return cells


def _looks_like_name(unit: list[str]) -> bool:
    text = unit[0]
    return len(unit) == 1 and len(text) <= 120 and "%" not in text and not is_bullet(text)


def rows_from_flat(lines: list[str], roles: list[str | None]) -> list[list[str]]:
    """Rows (cells aligned with `roles`) from the body lines of a flattened task table."""
    has_deadline = "deadline" in roles
    cols = [r for r in roles if r and r not in ("stt", "deadline")]
    content_role = "content" if "content" in cols else (cols[-1] if cols else "content")
    chunks = chunk_lines(lines, has_deadline)
    rows: list[list[str]] = []
    previous: dict[str, str] | None = None
    for i, chunk in enumerate(chunks):
        next_stt = next((c.stt for c in chunks[i + 1 :] if c.stt), None)
        lines_ = list(chunk.lines)
        if is_roman(chunk.stt) and lines_:
            rows.append(
                _row(roles, {"stt": chunk.stt or "", cols[0] if cols else "content": lines_[0]})
            )
            lines_ = lines_[1:]
            if not lines_ and not chunk.deadline:
                previous = None
                continue
            chunk = _Chunk(None, lines_, chunk.deadline)
        units = _units(lines_)
        if (
            not chunk.deadline
            and len(units) <= 1
            and chunk.stt
            and next_stt
            and is_child(chunk.stt, next_stt)
        ):
            rows.append(
                _row(roles, {"stt": chunk.stt, cols[0] if cols else "content": " ".join(lines_)})
            )
            continue
        cells = _assign(units, cols, content_role) if units else {}
        if chunk.deadline:
            cells["deadline"] = chunk.deadline
        elif previous is not None and chunk.stt and len(units) < len(cols):
            # Fewer cells and no deadline: the row shares vertically merged cells above it.
            cells = {role: "\n".join(unit) for role, unit in zip(cols, units, strict=False)}
            for role in cols[len(units) :] + (["deadline"] if has_deadline else []):
                cells[role] = previous.get(role, "")
        cells["stt"] = chunk.stt or ""
        rows.append(_row(roles, cells))
        if chunk.deadline:
            previous = cells
    return rows


def _row(roles: list[str | None], cells: dict[str, str]) -> list[str]:
    return [cells.get(role, "") if role else "" for role in roles]


# --- targets ----------------------------------------------------------------------------

_VALUE = re.compile(r"^[\d(]")
_TOTAL = re.compile(r"^(tong|tong cong|tong diem|chung)$")


def is_value_line(line: str) -> bool:
    return bool(_VALUE.match(line.strip())) and len(line) <= 60


def rows_from_flat_targets(lines: list[str], n_values: int) -> tuple[list[list[str]], int]:
    """Rows [number, name, values...] of a flattened targets table and the lines consumed.

    A row takes `n_values` values before the next row number is accepted, since values such as
    "95.47" or "15" would otherwise read as row numbers.
    """
    rows: list[list[str]] = []
    current: list[str] | None = None
    consumed = 0
    for line in lines:
        total = bool(_TOTAL.match(fold(line)))
        needs_value = current is not None and current[1] and len(current) - 2 < n_values
        if needs_value and is_value_line(line):
            current.append(line)
        elif is_stt_line(line) or total:
            current = [line.strip(), line.strip()] if total else [norm_stt(line) or line, ""]
            rows.append(current)
        elif current is not None and not current[1]:
            current[1] = line
        else:
            break
        consumed += 1
    return rows, consumed
