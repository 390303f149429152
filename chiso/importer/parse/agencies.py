"""Agency cells -> agency names, and names -> org units (pure; candidates are passed in).

Splitting is conservative: commas and "và" appear inside names ("Sở Lao động, TB&XH",
"Phòng Tài nguyên và Môi trường") and inside group names ("Các cơ quan, đơn vị, địa
phương"), so a comma or "và" separates two names only when what follows starts like a unit.
"""

from __future__ import annotations

import re

from chiso.core.lib.agency_names import (  # noqa: F401  (re-exported for the importer)
    ABBREVIATIONS,
    DEFAULT_THRESHOLD,
    Match,
    normalize_agency,
    resolve_agency,
)
from chiso.core.lib.vntext import fold_chars
from chiso.importer.parse.text import clean_cell, strip_bullet

# Words that start the name of a unit (case-sensitive: "Phòng" is a unit, "phòng" is not).
_UNIT_HEADS = (
    "Sở",
    "Phòng",
    "UBND",
    "Ủy ban",
    "Uỷ ban",
    "UB",
    "Văn phòng",
    "Thanh tra",
    "Công an",
    "Trung tâm",
    "Ban",
    "Đài",
    "Báo",
    "Bưu điện",
    "Bảo hiểm",
    "Chi nhánh",
    "Tòa án",
    "Toà án",
    "Viện",
    "Cục",
    "Chi cục",
    "Hội",
    "Liên đoàn",
    "Đoàn",
    "Huyện ủy",
    "Tỉnh ủy",
    "Thị ủy",
    "Kho bạc",
    "Ngân hàng",
    "Bộ phận",
    "Mặt trận",
    "HĐND",
    "Hội đồng",
    "Quỹ",
    "Điện lực",
    "Chi cục",
    "Bộ",
    "Trường",
    "Các",
    "Các cơ quan",
    "Thủ trưởng",
    "Chủ tịch",
    "Giám đốc",
)
_GROUP_STARTS = ("các cơ quan", "các đơn vị", "các sở", "các phòng", "các địa phương", "các xã")
_HEAD_RE = re.compile(
    r"^(?:" + "|".join(re.escape(h) for h in sorted(_UNIT_HEADS, key=len, reverse=True)) + r")\b"
)
_PREFIX_LIST = re.compile(r"^(Phòng|Sở|Ban|Trung tâm|Chi cục|Cục)\s*:\s*(.+)$")
_SPLIT_POINT = re.compile(r",\s+|\s+và\s+|\s+phối hợp(?: với)?\s+")
# Leader titles in front of a unit, matched on folded text so OCR spellings ("Truwéong") count.
_LEADER = re.compile(
    r"^(?:tr[a-z]{1,5}ng(?= ph| ban)|ch[a-z]{0,2} tich|chanh|th[a-z] tr[a-z]{1,5}ng"
    r"|giam doc)\s+"
)


def split_agencies(cell: str | None) -> list[str]:
    """Names in an agency cell, as written (bullets, ';', line breaks, 'Phòng: A, B')."""
    names: list[str] = []
    for part in re.split(r"[;\n]+", clean_cell(cell)):
        part = strip_bullet(part).strip(" .,:")
        if not part:
            continue
        if m := _PREFIX_LIST.match(part):
            names.extend(
                f"{m.group(1)} {x.strip()}" for x in re.split(r",|\svà\s", m.group(2)) if x.strip()
            )
            continue
        names.extend(_split_on_units(part))
    return [n for n in (re.sub(r"\s+", " ", n).strip(" .,") for n in names) if n]


def _split_on_units(text: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for m in _SPLIT_POINT.finditer(text):
        before, after = text[start : m.start()], text[m.end() :]
        if _starts_unit(after) and _starts_unit(before.strip()) and not _inside_group(before):
            pieces.append(before)
            start = m.end()
    pieces.append(text[start:])
    return pieces


def _starts_unit(text: str) -> bool:
    if text[:3].lower() == "các":
        return text.lower().startswith(_GROUP_STARTS) or text.startswith("Các")
    return bool(_HEAD_RE.match(text))


def _inside_group(before: str) -> bool:
    """'UBND các xã, phường' continues with lowercase words; 'HĐND và UBND' is one office."""
    return before.strip().endswith(("các xã", "các phòng", "các Sở", "HĐND", "Hội đồng nhân dân"))


def strip_leader(name: str) -> str:
    """'Trưởng phòng Tư pháp' -> 'Phòng Tư pháp'; 'Chủ tịch UBND các xã' -> 'UBND các xã'."""
    m = _LEADER.match(fold_chars(name))
    stripped = name[m.end() :].strip() if m else name
    if not stripped:
        return name
    return stripped[:1].upper() + stripped[1:]
