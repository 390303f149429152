"""Agency names -> org units: folding, abbreviation expansion and fuzzy matching (pure).

Shared by the plan importer (agency cells of task tables) and the dossier importer
(`Cơ quan giải quyết` of one-stop exports); candidates are passed in, no database access.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from chiso.core.lib.vntext import fold

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
