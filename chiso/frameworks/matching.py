"""Match the words a document uses for a component ("Cải cách TTHC", "4.4 Quyết tâm chống tham
nhũng") to a component of a framework: by code, then folded text, then fuzzy similarity."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from chiso.core.lib.text import fold

MIN_SCORE = 80
_LEADING_CODE = re.compile(r"^\s*(?:[ivxlc]+|\d+(?:\.\d+)*)[.)]?\s+", re.IGNORECASE)
_ABBREVIATIONS = {
    "tthc": "thu tuc hanh chinh",
    "cchc": "cai cach hanh chinh",
    "qppl": "quy pham phap luat",
    "cbccvc": "can bo cong chuc vien chuc",
    "ccvc": "cong chuc vien chuc",
    "pakn": "phan anh kien nghi",
    "kt-xh": "kinh te - xa hoi",
    "sncl": "su nghiep cong lap",
}
_NOISE = re.compile(r"^(?:chi so (?:thanh phan|noi dung)?|linh vuc|tieu chi|noi dung)\s*[:\-]?\s*")


@dataclass(frozen=True)
class Candidate:
    key: object
    code: str
    name: str


@dataclass(frozen=True)
class Match:
    key: object
    score: int


def normalise(text: str) -> str:
    folded = fold(text).replace("…", " ").replace("...", " ")
    folded = _LEADING_CODE.sub("", folded)
    folded = _NOISE.sub("", folded)
    words = [_ABBREVIATIONS.get(w, w) for w in folded.split()]
    return " ".join(" ".join(words).split()).strip(" .:;,-")


def _code_of(text: str) -> str:
    m = re.match(r"^\s*(\d+(?:\.\d+)*)[.)]?\s", text or "")
    return m.group(1) if m else ""


def best_match(text: str, candidates: Sequence[Candidate], *, code_hint: str = "") -> Match | None:
    """The candidate the text names, or None when nothing is similar enough."""
    if not text or not candidates:
        return None
    wanted = normalise(text)
    exact = [c for c in candidates if normalise(c.name) == wanted]
    if len(exact) == 1:
        return Match(exact[0].key, 100)
    names = {i: normalise(c.name) for i, c in enumerate(candidates)}
    found = process.extractOne(wanted, names, scorer=fuzz.token_set_ratio)
    code = code_hint or _code_of(text)
    if found and found[1] >= MIN_SCORE:
        # Ties (short names inside long ones) are broken by plain ratio.
        ties = process.extract(wanted, names, scorer=fuzz.token_set_ratio, limit=5)
        ties = [t for t in ties if t[1] == found[1]]
        if len(ties) > 1:
            best = max(ties, key=lambda t: fuzz.ratio(wanted, t[0]))
            return Match(candidates[best[2]].key, int(best[1]))
        return Match(candidates[found[2]].key, int(found[1]))
    if code:
        by_code = [c for c in candidates if c.code.split(".", 1)[-1].lstrip("D") == code]
        if len(by_code) == 1:
            return Match(by_code[0].key, 70)
    return None
