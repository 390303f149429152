"""Which governance index (PAR INDEX, SIPAS, PAPI, PCI) a heading or title speaks of."""

from __future__ import annotations

import re

from chiso.core.lib.vntext import fold
from chiso.frameworks.vocabulary import INDEX_CODES

# Names of the index itself: authoritative when a heading mentions exactly one of them.
_EXPLICIT = {
    "PAR INDEX": r"\bpar(?: ?index)?\b|chi so cai cach hanh chinh|chi so cchc",
    "SIPAS": r"\bsipas\b|chi so hai long|su hai long cua nguoi dan",
    "PAPI": r"\bpapi\b|hieu qua quan tri va hanh chinh cong",
    "PCI": r"\bpci\b|nang luc canh tranh",
}
# Names of the index's fields/dimensions: used only when no explicit name is in scope.
_DIMENSIONS = {
    "PAR INDEX": (
        r"chi dao,? dieu hanh|cai cach the che|cai cach thu tuc hanh chinh|cai cach to chuc bo may"
        r"|cai cach che do cong vu|cai cach tai chinh cong|chinh quyen dien tu|chinh quyen so"
        r"|tac dong cua (?:cai cach hanh chinh|cchc)|\bcchc\b|cai cach hanh chinh"
    ),
    "PAPI": (
        r"tham gia (?:cua )?nguoi dan o cap co so|cong khai,? minh bach|trach nhiem giai trinh"
        r"|kiem soat tham nhung|thu tuc hanh chinh cong|cung ung dich vu cong"
        r"|quan tri moi truong|quan tri dien tu"
    ),
    "PCI": (
        r"chi phi gia nhap thi truong|tiep can dat dai|chi phi khong chinh thuc"
        r"|chinh sach ho tro doanh nghiep|thiet che phap ly|dao tao lao dong|canh tranh binh dang"
        r"|tinh nang dong|chi phi thoi gian"
    ),
}
_EXPLICIT_RE = {k: re.compile(v) for k, v in _EXPLICIT.items()}
_DIMENSION_RE = {k: re.compile(v) for k, v in _DIMENSIONS.items()}


def explicit_indices(text: str) -> list[str]:
    """Indices named in the text, in canonical order."""
    key = fold(text)
    return [name for name in INDEX_CODES if _EXPLICIT_RE[name].search(key)]


def detect_index(text: str) -> str | None:
    """The one index the text names, or None when it names none or several."""
    found = explicit_indices(text)
    return found[0] if len(found) == 1 else None


def infer_index(text: str) -> str | None:
    """Index guessed from a field/dimension name ("Cải cách thể chế" -> PAR INDEX)."""
    key = fold(text)
    found = [name for name, regex in _DIMENSION_RE.items() if regex.search(key)]
    return found[0] if len(found) == 1 else None
