"""Column roles from header words: the parser never relies on column positions."""

from __future__ import annotations

import re

from chiso.core.lib.vntext import fold
from chiso.importer.parse.indices import explicit_indices

ROLES = (
    "stt",
    "component",
    "content",
    "output",
    "lead",
    "coordinating",
    "monitoring",
    "deadline",
    "start",
    "note",
)
# Checked in order: the first rule whose pattern matches the folded label wins.
_RULES: tuple[tuple[str, str], ...] = (
    ("stt", r"^(?:s\s?t\s?t|so\s?tt|tt|so thu tu)\.?$"),
    ("start", r"^(?:thoi gian |ngay )?bat dau$|^khoi dong$"),
    ("deadline", r"thoi gian|thoi han|tien do|han hoan thanh|moc thoi gian|thoi diem"),
    ("deadline", r"^(?:ngay )?(?:hoan thanh|ket thuc)$"),
    ("coordinating", r"phoi hop"),
    ("monitoring", r"theo doi|giam sat|quan ly chung"),
    ("lead", r"chu tri"),
    ("output", r"ket qua|san pham|chi tieu|muc tieu|yeu cau dat|dau ra"),
    ("component", r"chi so|linh vuc|tieu chi|thanh phan"),
    ("content", r"nhiem vu|giai phap|noi dung|cong viec|hoat dong|de an"),
    ("lead", r"thuc hien|trach nhiem|don vi|co quan"),
    ("note", r"ghi chu"),
)
_COMPILED = tuple((role, re.compile(pattern)) for role, pattern in _RULES)
_YEAR_LABEL = re.compile(r"\bnam\s*\d{4}\b")


def role_of(label: str) -> str | None:
    key = fold(label)
    if not key or len(key) > 80:
        return None
    for role, regex in _COMPILED:
        if regex.search(key):
            return role
    return None


def is_header_label(label: str) -> bool:
    """A short cell/line that names a column (task or targets table)."""
    key = fold(label)
    if not key or len(key) > 60:
        return False
    return role_of(label) is not None or bool(_YEAR_LABEL.search(key)) or _is_sub_label(key)


def _is_sub_label(key: str) -> bool:
    return bool(re.search(r"^(diem so|diem|ty le.*|vi tri.*|xep hang|thu hang|gia tri)$", key))


def is_targets_header(labels: list[str]) -> bool:
    """Targets tables have year columns ("Năm 2023", "Chỉ tiêu đến năm 2025")."""
    return sum(1 for label in labels if _YEAR_LABEL.search(fold(label))) >= 2


def header_roles(header_rows: list[list[str]]) -> list[str | None]:
    """Role per column from one or two header rows (sub-headers override spanned groups)."""
    width = max(len(r) for r in header_rows)
    roles: list[str | None] = []
    for col in range(width):
        labels = [r[col] for r in header_rows if col < len(r) and r[col].strip()]
        role = None
        for label in reversed(labels):  # the most specific (lowest) label wins
            role = role_of(label)
            if role:
                break
        roles.append(role)
    return _dedupe(roles)


def _dedupe(roles: list[str | None]) -> list[str | None]:
    """Two 'lead' columns usually mean the second is a broader 'implementation' group."""
    seen: set[str] = set()
    out: list[str | None] = []
    for role in roles:
        if role in seen and role not in ("note",):
            out.append("note")
        else:
            out.append(role)
            if role:
                seen.add(role)
    return out


def looks_like_header_row(row: list[str]) -> bool:
    cells = [c for c in row if c.strip()]
    if len(cells) < 2:
        return False
    labelled = [c for c in cells if role_of(c)]
    return len(labelled) >= max(2, len(cells) // 2 + 1)


def is_sub_header_row(row: list[str]) -> bool:
    """Second header row: only a few labels ("Cơ quan chủ trì", "Cơ quan phối hợp")."""
    cells = [c for c in row if c.strip()]
    if any(explicit_indices(c) for c in cells):
        return False  # "Chỉ số PCI" under the header is a section row, not a column label
    return bool(cells) and all(role_of(c) or _is_sub_label(fold(c)) for c in cells)
