"""Document readers: bytes of a .docx / .pdf / .html / .txt file -> a format-neutral Document.

`read_document` chooses the reader from the content (magic bytes), not only the file name.
Whatever a malformed file makes a reader raise ends as a DocumentError with a Vietnamese
message, and the text a document may hand to the parser is bounded (MAX_TEXT_CHARS) so that
parsing time stays bounded too.
"""

from __future__ import annotations

import logging
import zipfile
from io import BytesIO

from chiso.core.lib.safezip import CorruptArchive, UnsafeArchive, check_archive
from chiso.core.readers.document import Block, Document, Paragraph, Table
from chiso.core.readers.errors import (
    DocumentError,
    EmptyDocument,
    TooComplex,
    TooLarge,
    UnreadableDocument,
    UnsafeDocument,
    UnsupportedFormat,
)

__all__ = ["MAX_BYTES", "Block", "Document", "Paragraph", "Table", "detect_format", "read_document"]

MAX_BYTES = 20 * 1024 * 1024
# About five times the longest real plan (Đồng Nai 336/KH-UBND: 190 000 characters, 249 tasks).
MAX_TEXT_CHARS = 1_000_000
log = logging.getLogger(__name__)
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<body", b"<table", b"<p>", b"<p ", b"<div")


def detect_format(filename: str, data: bytes) -> str:
    """'docx', 'pdf', 'html', 'txt' or 'ole' (legacy .doc / encrypted Office file)."""
    head = data[:2048]
    if head.lstrip()[:5] == b"%PDF-" or head[:1024].find(b"%PDF-") >= 0:
        return "pdf"
    if head[:4] == b"PK\x03\x04":
        try:
            check_archive(data, name=filename)
        except CorruptArchive as exc:
            raise UnsupportedFormat(detail=exc.message) from exc
        except UnsafeArchive as exc:
            raise UnsafeDocument(exc.message) from exc
        return "docx" if _is_docx_zip(data) else "zip"
    if head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "ole"
    sniff = head.lower().lstrip(b"\xef\xbb\xbf \t\r\n")
    if any(marker in sniff[:1024] for marker in _HTML_MARKERS):
        return "html"
    if filename.lower().endswith((".html", ".htm")) and b"<" in sniff:
        return "html"
    return "txt"


def _is_docx_zip(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def read_document(filename: str, data: bytes) -> Document:
    """Read any supported file; raises a DocumentError subclass with a Vietnamese message."""
    if len(data) > MAX_BYTES:
        raise TooLarge()
    if not data.strip():
        raise EmptyDocument()
    try:
        doc = _read(filename, data)
    except DocumentError:
        raise
    except Exception as exc:  # RecursionError, lxml, zipfile, pdfminer...: any corrupt input
        log.warning("unreadable document %r: %r", filename, exc)
        raise UnreadableDocument(detail=repr(exc)) from exc
    if doc.is_empty():
        raise EmptyDocument()
    if text_size(doc) > MAX_TEXT_CHARS:
        raise TooComplex()
    return doc


def text_size(doc: Document) -> int:
    """Characters of text (cells included) the parser would have to go through."""
    return sum(
        len(b.text) if isinstance(b, Paragraph) else sum(len(c) for row in b.rows for c in row)
        for b in doc.blocks
    )


def _read(filename: str, data: bytes) -> Document:
    kind = detect_format(filename, data)
    # Each reader is imported when a file of its kind arrives: their libraries (pdfplumber,
    # python-docx, BeautifulSoup) are slow to import and most processes never read a document.
    if kind == "pdf":
        from chiso.core.readers.pdf import read_pdf

        doc = read_pdf(data)
    elif kind == "docx":
        from chiso.core.readers.docx import read_docx

        doc = read_docx(data)
    elif kind == "ole":
        from chiso.core.readers.docx import reject_ole

        reject_ole(data)
        raise AssertionError("unreachable")
    elif kind == "zip":
        raise UnsupportedFormat()
    elif kind == "html":
        from chiso.core.readers.html import read_html
        from chiso.core.readers.txt import decode

        doc = read_html(decode(data))
    else:
        from chiso.core.readers.txt import read_txt

        doc = read_txt(data)
    return doc
