"""Word (.docx) reader: paragraphs and tables in document order, merged cells resolved."""

from __future__ import annotations

import io
import zipfile

from chiso.core.readers.document import Document, Paragraph, Table, clean
from chiso.core.readers.errors import EncryptedDocument, UnreadableDocument, UnsupportedFormat


def read_docx(data: bytes) -> Document:
    import docx  # python-docx; imported lazily so the text path stays light
    from docx.table import Table as DocxTable

    _check_package(data)
    try:
        word = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnsupportedFormat(detail=f"invalid docx: {exc}") from exc
    except Exception as exc:  # lxml / python-docx raise many types on corrupt packages
        raise UnsupportedFormat(detail=f"unreadable docx: {exc!r}") from exc
    blocks: list[Paragraph | Table] = []
    for item in word.iter_inner_content():
        if isinstance(item, DocxTable):
            blocks.append(Table(rows=_table_rows(item)))
        else:
            blocks.append(Paragraph(clean(item.text)))
    return Document(blocks=blocks, source_format="docx")


def _check_package(data: bytes) -> None:
    """A package naming a part twice is ambiguous (which document.xml is the document?)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = [name.lower() for name in archive.namelist()]
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnsupportedFormat(detail=f"invalid docx: {exc}") from exc
    if len(names) != len(set(names)):
        raise UnreadableDocument(detail="duplicate entries in the docx package")


def is_encrypted_ole(data: bytes) -> bool:
    """Password-protected .docx files are OLE containers holding an 'EncryptedPackage'."""
    return data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" and b"E\x00n\x00c\x00r\x00y" in data


def reject_ole(data: bytes) -> None:
    if is_encrypted_ole(data):
        raise EncryptedDocument()
    raise UnsupportedFormat(
        "Tệp Word định dạng cũ (.doc) chưa được hỗ trợ. Vui lòng lưu lại dưới dạng .docx."
    )


def _table_rows(table) -> list[list[str]]:
    rows = []
    for tr in table._tbl.tr_lst:
        row = [""] * tr.grid_before
        for tc in tr.tc_lst:
            text = _tc_text(_vmerge_root(tc), table)
            row.append(text)
            row.extend([""] * (tc.grid_span - 1))
        rows.append(row)
    return rows


def _vmerge_root(tc):
    """The first cell of a vertical merge: merged cells share (repeat) its text."""
    while tc.vMerge == "continue":
        try:
            above = tc._tc_above
        except ValueError:  # a "continue" in the first row has nothing to continue: its own text
            break
        if above is None:
            break
        tc = above
    return tc


def _tc_text(tc, table) -> str:
    from docx.table import Table as DocxTable
    from docx.table import _Cell

    cell = _Cell(tc, table)
    lines = []
    for item in cell.iter_inner_content():
        if isinstance(item, DocxTable):  # nested table: one line per row
            lines.extend(" ".join(c for c in row if c) for row in _table_rows(item))
        else:
            lines.append(item.text)
    return clean("\n".join(lines))
