"""Vietnamese text helpers for the importer: folding and diacritic restoration.

`fold` is the project's matching key (see chiso.core.lib.text). `restore_diacritics` puts the
accents back on OCR text that lost them ("Phong Noi vu" -> "Phòng Nội vụ") using a lexicon of
word n-grams learnt from real plans that do have diacritics plus the names of common units.
A word is changed only when the lexicon knows a single dominant spelling for it (alone or
inside a longer phrase); everything else keeps its original form, so restoration never invents.

Rebuild the lexicon from accented documents with:
    python -m chiso.core.lib.vntext build seeds/*.txt > chiso/core/lib/vn_lexicon.tsv
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from chiso.core.lib.text import fold

__all__ = [
    "fold",
    "fold_chars",
    "find_original",
    "has_diacritics",
    "restore_diacritics",
    "build_lexicon",
    "load_lexicon",
]

LEXICON_PATH = Path(__file__).with_name("vn_lexicon.tsv")
MAX_NGRAM = 4
_WORD = re.compile(r"[^\W\d_]+")
_ACCENTED = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]")

# Unit and administrative phrases that must restore even if the learnt lexicon lacks them.
BUILTIN_PHRASES = (
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
    "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Chủ tịch",
    "Phó Chủ tịch",
    "Trưởng phòng",
    "Chánh Văn phòng",
    "Thủ trưởng",
    "Văn phòng",
    "Phòng Nội vụ",
    "Phòng Tư pháp",
    "Phòng Tài chính và Kế hoạch",
    "Phòng Tài chính - Kế hoạch",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Văn hóa và Thông tin",
    "Phòng Kinh tế và Hạ tầng",
    "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Giáo dục và Đào tạo",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Kế hoạch và Đầu tư",
    "Sở Thông tin và Truyền thông",
    "Thanh tra huyện",
    "Công an huyện",
    "các xã, thị trấn",
    "huyện",
    "tỉnh",
    "thị trấn",
    "cải cách hành chính",
    "thủ tục hành chính",
    "kế hoạch",
    "nhiệm vụ",
    "giải pháp",
    "chỉ số",
    "người dân",
    "doanh nghiệp",
    "cơ quan",
    "đơn vị",
    "địa phương",
    "theo dõi",
    "đôn đốc",
    "chủ trì",
    "phối hợp",
    "tham mưu",
    "hoàn thành",
    "trước ngày",
    "hằng năm",
    "hàng năm",
    "hàng tháng",
    "hàng quý",
    "nâng cao",
    "triển khai",
    "thực hiện",
)


@lru_cache(maxsize=16)
def fold_chars(text: str) -> str:
    """Like `fold` but one output character per input character (no space collapsing), so
    offsets found in the folded text point at the same words in the original."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch.replace("đ", "d").replace("Đ", "D"))
        kept = "".join(c for c in base if unicodedata.category(c) != "Mn").lower()
        out.append(kept[:1] if len(kept) >= 1 else " ")
    return "".join(out)


def find_original(text: str, phrase: str) -> str | None:
    """The words of `text` that fold to `phrase`, preferring a mixed-case occurrence."""
    key = fold_chars(text)
    pattern = re.compile(r"\s+".join(re.escape(w) for w in fold(phrase).split()))
    fallback = None
    for m in pattern.finditer(key):
        original = text[m.start() : m.end()]
        if not original.isupper():
            return original
        fallback = fallback or original
    return fallback


def has_diacritics(text: str) -> bool:
    """True when the text carries Vietnamese accents (so it needs no restoration)."""
    return bool(_ACCENTED.search(text.lower()))


def diacritic_ratio(text: str) -> float:
    """Share of words with Vietnamese accents; well-formed Vietnamese is around 0.5-0.7."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    return sum(1 for w in words if has_diacritics(w)) / len(words)


def build_lexicon(
    texts: Iterable[str], *, min_count: int = 2, min_share: float = 0.95
) -> dict[str, str]:
    """Learn folded n-gram -> accented spelling from texts that have diacritics.

    An n-gram is kept only if one spelling covers `min_share` of its occurrences: "co" is
    ambiguous (có, cơ, cô, cỏ) and stays out, "co quan" is not and goes in.
    """
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        for line in text.splitlines():
            words = [w.lower() for w in _WORD.findall(unicodedata.normalize("NFC", line))]
            for n in range(1, MAX_NGRAM + 1):
                for i in range(len(words) - n + 1):
                    gram = " ".join(words[i : i + n])
                    counts[fold(gram)][gram] += 1
    for phrase in BUILTIN_PHRASES:
        words = [w.lower() for w in _WORD.findall(phrase)]
        gram = " ".join(words)
        counts[fold(gram)][gram] += 1000
    lexicon = {}
    for key, spellings in counts.items():
        spelling, count = spellings.most_common(1)[0]
        total = sum(spellings.values())
        if count >= min_count and count / total >= min_share and spelling != key:
            lexicon[key] = spelling
    return lexicon


@lru_cache(maxsize=1)
def load_lexicon() -> dict[str, str]:
    """The shipped lexicon (built from accented seed plans) plus the built-in phrases."""
    lexicon: dict[str, str] = {}
    if LEXICON_PATH.exists():
        for line in LEXICON_PATH.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("\t")
            if value:
                lexicon[key] = value
    lexicon.update(build_lexicon([], min_count=1))
    return lexicon


def _match_case(template: str, word: str) -> str:
    if len(template) > 1 and template.isupper():
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def restore_diacritics(text: str, lexicon: dict[str, str] | None = None) -> str:
    """Restore Vietnamese diacritics where the lexicon is unambiguous; keep the rest as is.

    OCR often puts wrong accents on words ("hién" for "hiện"), so words are folded first and
    the longest known phrase wins. Accented words that are not in the lexicon are kept.
    """
    lexicon = lexicon if lexicon is not None else load_lexicon()
    matches = list(_WORD.finditer(text))
    folded = [fold(m.group(0)) for m in matches]
    out: list[str] = []
    cursor, i = 0, 0
    while i < len(matches):
        n, spelling = _longest_phrase(matches, folded, i, lexicon)
        if spelling is None:
            i += 1
            continue
        new_words = spelling.split(" ")
        for k in range(n):
            m = matches[i + k]
            out.append(text[cursor : m.start()])
            out.append(_match_case(m.group(0), new_words[k]))
            cursor = m.end()
        i += n
    out.append(text[cursor:])
    return "".join(out)


def _longest_phrase(
    matches: list[re.Match[str]], folded: list[str], i: int, lexicon: dict[str, str]
) -> tuple[int, str | None]:
    text = matches[0].string
    for n in range(min(MAX_NGRAM, len(matches) - i), 0, -1):
        # A phrase may wrap to the next line but must not cross punctuation.
        gaps = (text[matches[i + k].end() : matches[i + k + 1].start()] for k in range(n - 1))
        if any(gap.strip() for gap in gaps):
            continue
        spelling = lexicon.get(" ".join(folded[i : i + n]))
        if spelling and len(spelling.split(" ")) == n:
            return n, spelling
    return 1, None


def _main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "build":
        print("usage: python -m chiso.core.lib.vntext build FILE...", file=sys.stderr)
        return 2
    texts = [Path(p).read_text(encoding="utf-8") for p in argv[1:]]
    texts = [t for t in texts if diacritic_ratio(t) > 0.3]  # learn only from accented text
    for key, value in sorted(build_lexicon(texts).items()):
        print(f"{key}\t{value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
