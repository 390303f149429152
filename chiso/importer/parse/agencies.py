"""Agency cells -> agency names, and names -> org units (pure; candidates are passed in).

Splitting is conservative: commas and "và" appear inside names ("Sở Lao động, TB&XH",
"Phòng Tài nguyên và Môi trường") and inside group names ("Các cơ quan, đơn vị, địa
phương"), so a comma or "và" separates two names only when what follows starts like a unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from chiso.core.lib.vntext import fold, fold_chars
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


# --- resolution ---------------------------------------------------------------------------

ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"hdnd ?(?:&|va) ?ubnd", "hoi dong nhan dan va uy ban nhan dan"),
    (r"ub\.? ?mttq ?vn|ubmttqvn|uy ban mttqvn|ubmttq", "uy ban mat tran to quoc viet nam"),
    (r"mttqvn|mttq", "mat tran to quoc viet nam"),
    (r"ubnd", "uy ban nhan dan"),
    (r"hdnd", "hoi dong nhan dan"),
    (r"ld ?- ?tb ?(?:&|va) ?xh|ldtbxh|ld-tbxh", "lao dong thuong binh va xa hoi"),
    (r"lao dong ?[-,]? ?tb ?(?:&|va)? ?xh", "lao dong thuong binh va xa hoi"),
    (r"vh ?- ?tt ?- ?tt|vhttt", "van hoa thong tin the thao"),
    (r"vh ?- ?tt|vh ?(?:&|va) ?tt", "van hoa thong tin"),
    (r"tn ?(?:&|va) ?mt|tnmt", "tai nguyen va moi truong"),
    (r"kh ?(?:&|va) ?dt|khdt", "ke hoach va dau tu"),
    (r"tc ?- ?kh", "tai chinh ke hoach"),
    (r"gd ?(?:&|va) ?dt|gddt", "giao duc va dao tao"),
    (r"nn ?(?:&|va) ?ptnt|nnptnt", "nong nghiep va phat trien nong thon"),
    (r"tt ?(?:&|va) ?tt", "thong tin va truyen thong"),
    (r"kt ?(?:&|va) ?ht", "kinh te va ha tang"),
    (r"ct ?(?:&|va) ?tt", "cong thuong"),
    (r"gtvt", "giao thong van tai"),
    (r"qldt", "quan ly do thi"),
    (r"bhxh", "bao hiem xa hoi"),
    (r"cchc", "cai cach hanh chinh"),
    (r"tthc", "thu tuc hanh chinh"),
    (r"vp", "van phong"),
)
_ABBREV_RE = tuple((re.compile(rf"(?<![a-z]){p}(?![a-z])"), r) for p, r in ABBREVIATIONS)
DEFAULT_THRESHOLD = 85.0
# The kind of body a name starts with (normalized): a "Sở" is never a "Phòng" of the same field.
_KIND_HEADS = (
    "so",
    "phong",
    "ban",
    "trung tam",
    "chi cuc",
    "cuc",
    "thanh tra",
    "cong an",
    "van phong",
    "toa an",
    "vien kiem sat",
    "bao hiem xa hoi",
    "uy ban nhan dan",
    "uy ban mat tran",
    "hoi dong nhan dan",
)


def _kind_head(normalized: str) -> str | None:
    return next((h for h in _KIND_HEADS if normalized == h or normalized.startswith(h + " ")), None)


@dataclass(frozen=True)
class Match:
    key: object
    name: str  # the candidate alias that matched
    score: float  # 0..100


@lru_cache(maxsize=8192)
def normalize_agency(name: str) -> str:
    """Folded name with abbreviations expanded and punctuation dropped, for matching."""
    text = fold(name)
    for regex, expansion in _ABBREV_RE:
        text = regex.sub(expansion, text)
    text = text.replace("&", " va ")
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def resolve_agency(
    name: str,
    candidates: list[tuple[object, list[str]]],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 3,
) -> list[Match]:
    """Best org units for an agency name; [] when nothing reaches `threshold` (unresolved).

    `candidates` are (key, [full name, short name, aliases...]); each alias is compared after
    folding and abbreviation expansion, exact matches score 100.
    """
    query = normalize_agency(name)
    if not query:
        return []
    # Fuzzy scores only compare names of the same kind of body (Sở with Sở, Phòng with Phòng).
    best: dict[object, Match] = {}
    for key, aliases in candidates:
        for alias in aliases:
            target = normalize_agency(alias)
            if not target:
                continue
            if target == query:
                score = 100.0
            elif _kind_head(query) != _kind_head(target):
                continue
            else:
                score = float(fuzz.token_sort_ratio(query, target))
            if score >= threshold and (key not in best or score > best[key].score):
                best[key] = Match(key=key, name=alias, score=score)
    return sorted(best.values(), key=lambda m: -m.score)[:limit]
