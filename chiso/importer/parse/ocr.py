"""OCR repair for scanned plans: words garbled beyond missing accents ("theo ddi", "d6n ddc",
"céac") are mapped back to the administrative vocabulary, then accents are restored.

OCR engines read accented vowels as digits or consonants ("ố" -> "6", "ô" -> "d", "ụ" -> "y",
"ư" -> "w"). A garbled word is matched against the words of the diacritics lexicon that share
its consonant skeleton, with a distance where such confusions are cheap; the repair is made
only when, among the candidates that form a known phrase with a neighbouring word, one is
clearly the cheapest ("theo" + "doi" -> "theo dõi"). Everything else is kept as written, so a
reviewer still sees the original (`TaskDraft.content_original`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

from chiso.core.lib.vntext import fold, load_lexicon, restore_diacritics

__all__ = ["repair_ocr", "restore_ocr"]

_WORD = re.compile(r"[^\W_]+")
_VOWELS = set("aeiouy")
# OCR characters that stand for a vowel; "d", "b", "g" may be a vowel or themselves.
_VOWEL_LIKE = set("0123456789w") | _VOWELS
_AMBIGUOUS = set("dbg")
_CONSONANT_SWAPS = {"g": "c"}  # "dég" for "đốc"
CONFUSION_COST = 0.4
VOWEL_SWAP_COST = 0.5
EDIT_COST = 1.0
MAX_COST_PER_CHAR = 0.45
MARGIN = 0.3


def _skeleton(word: str) -> str:
    """Consonants kept, each run of vowels one 'V' ("thuong" -> "thVng")."""
    return re.sub(r"V+", "V", "".join("V" if c in _VOWELS else c for c in word))


def _ocr_skeletons(word: str) -> set[str]:
    options = []
    for c in word:
        if c in _AMBIGUOUS:
            options.append((c, "V", _CONSONANT_SWAPS.get(c, c)))
        elif c in _VOWEL_LIKE:
            options.append(("V",))
        else:
            options.append((c,))
    if sum(1 for o in options if len(o) > 1) > 4:
        return set()
    return {re.sub(r"V+", "V", "".join(p)) for p in product(*options)}


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[frozenset[str], frozenset[str], dict[str, tuple[str, ...]]]:
    """Known words, known two-word phrases and words by skeleton (all folded)."""
    lexicon = load_lexicon()
    words = {w for key in lexicon for w in key.split()}
    pairs = {key for key in lexicon if key.count(" ") == 1}
    for key in lexicon:
        parts = key.split()
        pairs.update(f"{a} {b}" for a, b in zip(parts, parts[1:], strict=False))
    by_skeleton: dict[str, list[str]] = {}
    for w in words:
        by_skeleton.setdefault(_skeleton(w), []).append(w)
    return (
        frozenset(words),
        frozenset(pairs),
        {k: tuple(sorted(v)) for k, v in by_skeleton.items()},
    )


def _sub_cost(a: str, b: str) -> float:
    if a == b:
        return 0.0
    if _CONSONANT_SWAPS.get(a) == b:
        return CONFUSION_COST
    if b in _VOWELS and (a in _VOWEL_LIKE or a in _AMBIGUOUS):
        return VOWEL_SWAP_COST if a in _VOWELS else CONFUSION_COST
    return EDIT_COST


def _distance(ocr: str, word: str) -> float:
    """Edit distance with cheap OCR confusions (substitutions into vowels)."""
    prev = [j * EDIT_COST for j in range(len(word) + 1)]
    for i, a in enumerate(ocr, start=1):
        row = [i * EDIT_COST]
        for j, b in enumerate(word, start=1):
            row.append(
                min(prev[j] + EDIT_COST, row[j - 1] + EDIT_COST, prev[j - 1] + _sub_cost(a, b))
            )
        prev = row
    return prev[-1]


def _candidates(ocr: str) -> list[tuple[float, str]]:
    """(cost, vocabulary word) this garbled word may be, cheapest first."""
    _, _, by_skeleton = _vocabulary()
    limit = MAX_COST_PER_CHAR * len(ocr)
    words = {w for skeleton in _ocr_skeletons(ocr) for w in by_skeleton.get(skeleton, ())}
    return sorted((cost, w) for w in words if (cost := _distance(ocr, w)) <= limit)


def _match_case(template: str, word: str) -> str:
    if len(template) > 1 and template.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if template[:1].isupper() else word


def repair_ocr(text: str) -> str:
    """Garbled words replaced by the (unaccented) vocabulary word they stand for."""
    words, pairs, _ = _vocabulary()
    matches = list(_WORD.finditer(text))
    keys = [fold(m.group(0)) for m in matches]
    fixed = list(keys)
    for i, key in enumerate(keys):
        if key in words or len(key) < 2 or key.isdigit():
            continue
        before = fixed[i - 1] if i > 0 else ""
        after = keys[i + 1] if i + 1 < len(keys) else ""
        # Only a candidate that forms a known phrase with a neighbour, clearly the cheapest.
        fitting = [
            (cost, c)
            for cost, c in _candidates(key)
            if f"{before} {c}" in pairs or f"{c} {after}" in pairs
        ]
        if fitting and (len(fitting) == 1 or fitting[1][0] - fitting[0][0] >= MARGIN):
            fixed[i] = fitting[0][1]
    out, cursor = [], 0
    for m, key, new in zip(matches, keys, fixed, strict=True):
        if new != key:
            out.append(text[cursor : m.start()])
            out.append(_match_case(m.group(0), new))
            cursor = m.end()
    out.append(text[cursor:])
    return "".join(out)


def restore_ocr(text: str) -> str:
    """OCR text with garbled words repaired and Vietnamese accents restored where sure."""
    return restore_diacritics(repair_ocr(text))
