"""The format-neutral document every reader produces: an ordered list of blocks."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field


@dataclass
class Paragraph:
    """A paragraph of running text (may contain line breaks; "" marks a blank line)."""

    text: str


@dataclass
class Table:
    """A table as rows of cell texts. Horizontally spanned cells are "" after the first
    column they cover; vertically merged cells repeat their text in every row they cover."""

    rows: list[list[str]]


Block = Paragraph | Table


@dataclass
class Document:
    blocks: list[Block] = field(default_factory=list)
    source_format: str = "txt"

    def text(self) -> str:
        """All text, tables as tab-separated lines (for diagnostics and search)."""
        out = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                out.append(block.text)
            else:
                out.extend("\t".join(row) for row in block.rows)
        return "\n".join(out)

    def is_empty(self) -> bool:
        return not any(
            (
                b.text.strip()
                if isinstance(b, Paragraph)
                else any(any(c.strip() for c in r) for r in b.rows)
            )
            for b in self.blocks
        )


def clean(text: str) -> str:
    """NFC, no NBSP/zero-width characters, trimmed lines."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\xa0", " ").replace("\u200b", "").replace("\ufeff", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.strip() for line in text.split("\n")).strip()
