"""One guard for every ZIP-based upload (Word, Excel, ZIP evidence) before anything opens it.

Word and Excel files are ZIP containers, so a 20 MB upload can declare gigabytes of content (a
"decompression bomb") or thousands of overlapping entries. `check_archive` reads only the central
directory and refuses, with a Vietnamese message, an archive whose entries are too many, whose
total declared size is too large, whose compression ratio is not that of real documents, whose names
repeat or escape the archive, or that nests other archives. Python's zipfile never inflates an
entry beyond its declared size, so once the declared sizes pass, every later read is bounded too;
`read_member` reads one entry with an explicit cap for callers that read parts themselves.

Office packages legitimately embed other packages (a chart's workbook under `word/embeddings/`),
and a ZIP of evidence may hold Word or Excel files: those are allowed because chiso never opens
them; they are only counted in the totals. Any other archive inside an archive is refused.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from chiso.core.errors import DomainError

MB = 1024 * 1024
ARCHIVE_SUFFIXES = (".zip", ".jar", ".7z", ".rar", ".gz", ".tgz", ".bz2", ".xz", ".tar", ".cab")
# Office documents are ZIP packages too; inside a ZIP of evidence they are documents, not archives
# (chiso never opens them), so they are allowed like a PDF would be.
DOCUMENT_SUFFIXES = (".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp")
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class ZipLimits:
    max_entries: int = 5000
    max_total_bytes: int = 300 * MB
    max_entry_bytes: int = 200 * MB
    max_ratio: int = 200  # uncompressed / compressed, for entries large enough to matter
    ratio_floor_bytes: int = 2 * MB


DEFAULT_LIMITS = ZipLimits()


class UnsafeArchive(DomainError):
    """The archive would expand beyond what any real document needs, or is malformed."""


class CorruptArchive(UnsafeArchive):
    """Not a readable ZIP at all; callers may prefer their own "wrong format" message."""


def _refuse(name: str, why: str) -> UnsafeArchive:
    return UnsafeArchive(f"Tệp “{name}” bị từ chối: {why}. Dữ liệu không được lưu.")


def _is_embedded_package(entry: str) -> bool:
    return "/embeddings/" in entry


def check_archive(
    source: bytes | BinaryIO, *, name: str = "tệp tải lên", limits: ZipLimits = DEFAULT_LIMITS
) -> list[zipfile.ZipInfo]:
    """Validate the archive's directory; returns its entries or raises UnsafeArchive."""
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    position = stream.tell() if hasattr(stream, "tell") else 0
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
            nested = _nested_members(archive, entries)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise CorruptArchive(_refuse(name, "tệp bị hỏng hoặc không đọc được").message) from exc
    finally:
        stream.seek(position)
    _check_entries(entries, name, limits)
    if nested:
        raise _refuse(name, f"chứa tệp nén lồng bên trong ({nested[0]})")
    return entries


def _check_entries(entries: list[zipfile.ZipInfo], name: str, limits: ZipLimits) -> None:
    if len(entries) > limits.max_entries:
        raise _refuse(name, f"có {len(entries)} thành phần, quá giới hạn {limits.max_entries}")
    seen: set[str] = set()
    total = 0
    for entry in entries:
        member = entry.filename
        if member in seen:
            raise _refuse(name, f"có hai thành phần trùng tên “{member}”")
        seen.add(member)
        if member.startswith(("/", "\\")) or ".." in member.replace("\\", "/").split("/"):
            raise _refuse(name, f"có đường dẫn không hợp lệ “{member}”")
        if entry.file_size > limits.max_entry_bytes:
            raise _refuse(name, "một thành phần khi giải nén quá lớn")
        total += entry.file_size
        if total > limits.max_total_bytes:
            limit_mb = limits.max_total_bytes // MB
            raise _refuse(name, f"khi giải nén vượt quá {limit_mb} MB")
        if entry.file_size >= limits.ratio_floor_bytes:
            ratio = entry.file_size / max(entry.compress_size, 1)
            if ratio > limits.max_ratio:
                raise _refuse(name, "tỉ lệ nén bất thường (có dấu hiệu “bom giải nén”)")


def _nested_members(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> list[str]:
    """Archives inside the archive (by name or by their first bytes), embeddings excepted."""
    found = []
    for entry in entries:
        lowered = entry.filename.lower()
        if entry.is_dir() or _is_embedded_package(lowered) or lowered.endswith(DOCUMENT_SUFFIXES):
            continue
        if lowered.endswith(ARCHIVE_SUFFIXES):
            found.append(entry.filename)
            continue
        if entry.file_size >= 4 and entry.compress_size < 64 * MB:
            with archive.open(entry) as member:
                if member.read(4) == _ZIP_MAGIC:
                    found.append(entry.filename)
    return found


def read_member(
    archive: zipfile.ZipFile, member: str, *, cap: int = 20 * MB, name: str = "tệp tải lên"
) -> bytes:
    """One entry's bytes, read in chunks and refused beyond `cap` whatever its header says."""
    chunks, size = [], 0
    with archive.open(member) as handle:
        while chunk := handle.read(64 * 1024):
            size += len(chunk)
            if size > cap:
                raise _refuse(name, f"thành phần “{member}” lớn hơn {cap // MB} MB")
            chunks.append(chunk)
    return b"".join(chunks)
