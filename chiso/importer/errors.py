"""Errors of the plan import. Reading errors live with the readers (chiso.core.readers.errors)
and are re-exported here: the importer raises and catches them under these names.
"""

from chiso.core.readers.errors import (
    DocumentError,
    EmptyDocument,
    EncryptedDocument,
    ParseLimit,
    ScannedDocument,
    TooComplex,
    TooLarge,
    UnreadableDocument,
    UnsafeDocument,
    UnsupportedFormat,
)

__all__ = [
    "DocumentError",
    "EmptyDocument",
    "ScannedDocument",
    "UnsupportedFormat",
    "EncryptedDocument",
    "UnsafeDocument",
    "UnreadableDocument",
    "TooComplex",
    "ParseLimit",
    "TooLarge",
    "NoPlanFound",
]


class NoPlanFound(DocumentError):
    default_message = (
        "Không tìm thấy bảng nhiệm vụ hoặc danh sách nhiệm vụ nào trong tài liệu. "
        "Vui lòng kiểm tra lại tệp kế hoạch."
    )
