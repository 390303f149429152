"""PDF reader (text layer only): running text and tables found by pdfplumber, in page order."""

from __future__ import annotations

import io
import re

from chiso.core.readers.document import Document, Paragraph, Table, clean
from chiso.core.readers.errors import (
    DocumentError,
    EncryptedDocument,
    ScannedDocument,
    TooComplex,
    UnsupportedFormat,
)
from chiso.core.readers.pdf_text import clean_cell as pdf_cell
from chiso.core.readers.pdf_text import clean_pages

# A plan or a decision runs to tens of pages; a file of thousands (or a crafted page tree) is
# refused before any page is laid out, on top of the parse's time and memory ceilings.
MAX_PAGES = 500


def read_pdf(data: bytes) -> Document:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PDFPasswordIncorrect as exc:
        raise EncryptedDocument() from exc
    except PdfminerException as exc:
        if _is_password_error(exc) or b"/Encrypt" in data[:4096] or b"/Encrypt" in data[-4096:]:
            raise EncryptedDocument() from exc
        raise UnsupportedFormat(detail=f"unreadable pdf: {exc!r}") from exc
    except Exception as exc:
        raise UnsupportedFormat(detail=f"unreadable pdf: {exc!r}") from exc
    try:
        blocks = _read_pages(pdf)
    except DocumentError:
        raise
    except PdfminerException as exc:
        if _is_password_error(exc):
            raise EncryptedDocument() from exc
        raise UnsupportedFormat(detail=f"unreadable pdf: {exc!r}") from exc
    except Exception as exc:
        raise UnsupportedFormat(detail=f"unreadable pdf: {exc!r}") from exc
    finally:
        _close(pdf)
    doc = Document(blocks=blocks, source_format="pdf")
    if doc.is_empty():
        raise ScannedDocument()
    return doc


def _close(pdf) -> None:
    """Closing may raise on a corrupt file too; the outcome of reading is already decided."""
    try:
        pdf.close()
    except Exception:  # noqa: BLE001 - pdfminer raises many types; nothing to recover here
        return


def _unwrap(text: str) -> str:
    """PDF cells break lines where the column is full; keep only breaks before list items."""
    return re.sub(r"\n(?![-–+•*]\s|\d{1,2}[.)]\s)", " ", text)


def _is_password_error(exc: Exception) -> bool:
    text = repr(exc) + repr(getattr(exc, "args", ""))
    return "Password" in text or "password" in text or "Encrypt" in text


def _read_pages(pdf) -> list[Paragraph | Table]:
    count = len(pdf.pages)
    if count > MAX_PAGES:
        raise TooComplex(
            f"Tệp PDF có {count} trang, vượt quá giới hạn {MAX_PAGES} trang của một lần nhập. "
            "Vui lòng tách tài liệu thành các tệp nhỏ hơn rồi tải lên lần lượt.",
            detail=f"pdf with {count} pages",
        )
    pages: list[list[Paragraph | Table]] = []
    for page in pdf.pages:
        found = page.find_tables()
        items: list[tuple[float, Paragraph | Table]] = []
        for table in found:
            rows = [[_unwrap(pdf_cell(clean(c or ""))) for c in row] for row in table.extract()]
            items.append((table.bbox[1], Table(rows=rows)))
        outside = page
        for table in found:
            outside = outside.outside_bbox(table.bbox)
        for line in outside.extract_text_lines():
            items.append((line["top"], Paragraph(clean(line["text"]))))
        items.sort(key=lambda item: item[0])
        pages.append([block for _, block in items])
    return clean_pages(pages)
