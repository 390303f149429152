"""Clean-up of a PDF text layer, page by page (pure: blocks in, blocks out).

PDF text arrives with the page's furniture and the typesetter's breaks: running headers and
footers repeated on every page, page numbers between table rows, words hyphenated at line ends
("ngư-" / "ời") and digits split by a space or a line break ("15/11/202 4", "30/6/202" / "4.").
"""

from __future__ import annotations

import re
from collections import Counter

from chiso.core.readers.document import Paragraph, Table

Block = Paragraph | Table
_PAGE_NUMBER = re.compile(r"^(?:trang\s*)?[-–(]?\s*\d{1,3}\s*(?:/\s*\d{1,3})?\s*[-–)]?$", re.I)
_DATE_LIKE = re.compile(r"(?<![\d/])\d[\d/ ]{4,12}\d(?![\d/])")
_FULL_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")
_YEAR_CUT = re.compile(r"\b\d{1,2}/\d{1,2}/(\d{1,3})$")
_HYPHEN_IN_CELL = re.compile(r"(\w)-\n(?=[a-zà-ỹđ])")


def join_split_digits(text: str) -> str:
    """'15/11/202 4' -> '15/11/2024', '30/1 2/2024' -> '30/12/2024' (dates only)."""

    def fix(m: re.Match[str]) -> str:
        compact = m.group(0).replace(" ", "")
        return compact if " " in m.group(0) and _FULL_DATE.fullmatch(compact) else m.group(0)

    return _DATE_LIKE.sub(fix, text)


def clean_cell(text: str) -> str:
    """Inside a table cell: glue hyphenated line ends and split dates."""
    return join_split_digits(_HYPHEN_IN_CELL.sub(r"\1", text))


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split())).lower()


def _furniture(pages: list[list[Block]]) -> set[str]:
    """Texts that open or close at least two pages: running headers and footers."""
    counts: Counter[str] = Counter()
    for blocks in pages:
        lines = [b.text for b in blocks if isinstance(b, Paragraph) and b.text.strip()]
        edges = {_key(x) for x in lines[:1] + lines[-1:]}
        counts.update(edges)
    return {key for key, n in counts.items() if n >= 2 and len(pages) >= 2}


def clean_pages(pages: list[list[Block]]) -> list[Block]:
    """The blocks of all pages without page furniture, with broken words and dates mended."""
    furniture = _furniture(pages)
    out: list[Block] = []
    for blocks in pages:
        for block in blocks:
            if isinstance(block, Table):
                block.rows = [[clean_cell(c) for c in row] for row in block.rows]
                out.append(block)
                continue
            text = block.text.strip()
            if text and (_PAGE_NUMBER.match(text) or _key(text) in furniture):
                continue
            _append_line(out, Paragraph(join_split_digits(block.text)))
        out.append(Paragraph(""))  # page break, as in text exports
    return out


def _append_line(out: list[Block], para: Paragraph) -> None:
    """Glue a line to the previous one when a word or a date was broken between them."""
    prev = next((b for b in reversed(out) if not (isinstance(b, Paragraph) and not b.text)), None)
    if isinstance(prev, Paragraph) and para.text:
        head, tail = prev.text.rstrip(), para.text.lstrip()
        if (m := _YEAR_CUT.search(head)) and re.match(rf"\d{{{4 - len(m.group(1))}}}\b", tail):
            prev.text = head + tail
            return
        if re.search(r"\w-$", head) and tail[:1].islower():
            prev.text = head[:-1] + tail
            return
    out.append(para)
