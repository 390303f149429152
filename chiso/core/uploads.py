"""Uploaded files (evidence, plan documents): the type is decided by the bytes, never by the name.

Allowed: PDF, Word (.docx), Excel (.xlsx), PNG and JPEG images, ZIP archives. Word and Excel
files are ZIP containers; they are told apart by their inner `[Content_Types].xml`.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

import filetype
from django.http import FileResponse

from chiso.core.downloads import attachment
from chiso.core.errors import DomainError
from chiso.core.lib.safezip import check_archive, read_member

ALLOWED_TEXT = "PDF, Word (.docx), Excel (.xlsx), ảnh PNG/JPG, tệp nén ZIP"
_SIMPLE = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str


def _zip_kind(stream: BinaryIO, name: str) -> FileKind | None:
    """Word, Excel or plain ZIP; an unsafe archive (bomb, nesting) raises UnsafeArchive."""
    check_archive(stream, name=name)
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                raw = read_member(archive, "[Content_Types].xml", cap=1024 * 1024, name=name)
                types = raw.decode("utf-8", "replace")
                if "wordprocessingml.document.main" in types:
                    return FileKind(DOCX, ".docx")
                if "spreadsheetml.sheet.main" in types:
                    return FileKind(XLSX, ".xlsx")
            return FileKind("application/zip", ".zip")
    except (zipfile.BadZipFile, OSError, KeyError, EOFError):
        return None


def detect_kind(stream: BinaryIO, name: str = "tệp tải lên") -> FileKind | None:
    """The kind of an allowed file from its content, or None if it is not one we accept."""
    stream.seek(0)
    head = stream.read(8192)
    stream.seek(0)
    guess = filetype.guess(head)
    if guess is None:
        return None
    if guess.mime in _SIMPLE:
        return FileKind(guess.mime, _SIMPLE[guess.mime])
    if guess.extension in {"zip", "docx", "xlsx", "pptx"}:
        try:
            return _zip_kind(stream, name)
        finally:
            stream.seek(0)
    return None


def evidence_attachment(evidence) -> FileResponse:
    """The download of an evidence file: its stored name carries the detected type's extension
    (see `_store_files`), which the served name is made to end in."""
    extension = PurePosixPath(evidence.file.name).suffix
    return attachment(
        evidence.file,
        name=evidence.original_name,
        content_type=evidence.content_type,
        extension=extension,
    )


def check_upload(stream: BinaryIO, name: str, size: int, max_mb: int) -> FileKind:
    """Validate one upload; raise DomainError with a message naming the file."""
    if size > max_mb * 1024 * 1024:
        raise DomainError(
            f"Tệp “{name}” dung lượng {size / 1024 / 1024:.1f} MB, vượt quá giới hạn {max_mb} MB.",
            field="files",
        )
    if size == 0:
        raise DomainError(f"Tệp “{name}” rỗng.", field="files")
    kind = detect_kind(stream, name)
    if kind is None:
        raise DomainError(
            f"Tệp “{name}” không đúng định dạng cho phép (nội dung tệp không phải {ALLOWED_TEXT}).",
            field="files",
        )
    return kind
