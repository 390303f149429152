"""Vietnamese text normalisation for search and matching.

SQLite's LIKE folds only ASCII, so searchable models keep a folded copy of their text.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lowercase, strip diacritics (đ → d) and collapse whitespace: 'Sở Nội vụ' → 'so noi vu'."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped).strip().lower()


def nfc(text: str | None) -> str:
    """Normalise to NFC so that visually equal strings compare equal."""
    return unicodedata.normalize("NFC", text or "")


_LINE_BULLET = re.compile(r"^(?:\s*[-–—+•*·▪●○]+)+\s*")


def excerpt(text: str | None, limit: int = 80) -> str:
    """A task's text on one line for a message: bullets dropped ("- - " never shows), cut at a
    word boundary with "…" when longer than `limit` characters."""
    lines = [_LINE_BULLET.sub("", line) for line in (text or "").splitlines()]
    flat = _SPACES.sub(" ", "; ".join(line.strip(" ;") for line in lines if line.strip())).strip()
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if flat[limit - 1] != " " and " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-") + "…"
