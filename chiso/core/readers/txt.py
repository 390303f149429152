"""Plain-text reader: decoding with fallbacks; tables stay as lines for the parser."""

from __future__ import annotations

import unicodedata

from chiso.core.readers.document import Document, Paragraph, clean
from chiso.core.readers.errors import UnsupportedFormat

ENCODINGS = ("utf-8-sig", "utf-8", "cp1258")
MAX_CONTROL_SHARE = 0.02


def decode(data: bytes) -> str:
    """Decode as UTF-8 (with or without BOM), else Windows-1258; refuse binary data."""
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_textual(text):
            return unicodedata.normalize("NFC", text)
    raise UnsupportedFormat(detail="not decodable as text")


def _looks_textual(text: str) -> bool:
    if not text:
        return True
    control = sum(
        1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\t\n\r\f"
    )
    return control / len(text) <= MAX_CONTROL_SHARE


def read_txt(data: bytes) -> Document:
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    blocks = [Paragraph(_clean_line(line)) for line in text.split("\n")]
    return Document(blocks=blocks, source_format="txt")


def _clean_line(line: str) -> str:
    # Keep tabs: they separate the cells of tables pasted as text.
    return "\t".join(clean(cell) for cell in line.split("\t")) if "\t" in line else clean(line)
