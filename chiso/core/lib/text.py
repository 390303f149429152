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


# Words a heading in capitals keeps in capitals once written in sentence case.
_ACRONYMS = {"UBND", "HĐND", "CCHC", "PAR", "INDEX", "SIPAS", "PAPI", "PCI", "TTHC", "MTTQ"}


def _mostly_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def sentence_title(title: str, body_text: str = "") -> str:
    """A title the heading prints in capitals, as the document writes the same words in its text
    ("Thực hiện Chỉ thị số 36-CT/TU ... của Ban Thường vụ Tỉnh ủy"), else in sentence case with
    acronyms and document numbers kept ("Nâng cao chỉ số PAPI, kế hoạch số 12/KH-UBND").
    A title already in mixed case is returned as written."""
    if not _mostly_capitals(title):
        return title
    wanted = title.lower()
    text = " ".join(body_text.split())
    lowered = text.lower()
    if len(lowered) == len(text):  # offsets in the lowered text are offsets in the text
        at = lowered.find(wanted)
        while at != -1:
            found = text[at : at + len(title)]
            if not _mostly_capitals(found):
                return found[:1].upper() + found[1:]
            at = lowered.find(wanted, at + 1)
    words = [
        w if w.strip(",.;:()") in _ACRONYMS or any(ch.isdigit() for ch in w) else w.lower()
        for w in title.split()
    ]
    cased = " ".join(words)
    return cased[:1].upper() + cased[1:]
