"""Errors raised while reading a document (plan, criteria table, …).

Every error carries `message`, a Vietnamese sentence shown to the user as is. They subclass the
project's DomainError so views can render them like any other rule violation.
"""

from chiso.core.errors import DomainError


class DocumentError(DomainError):
    """The uploaded document cannot be turned into a draft plan."""

    default_message = "Không đọc được tài liệu."

    def __init__(self, message: str | None = None, *, detail: str = ""):
        super().__init__(message or self.default_message)
        self.detail = detail  # technical detail for logs, never shown to users


class EmptyDocument(DocumentError):
    default_message = "Tài liệu trống, không có nội dung để nhập."


class ScannedDocument(EmptyDocument):
    default_message = (
        "Tệp PDF không có lớp chữ (có thể là bản scan). "
        "Vui lòng tải lên bản Word hoặc PDF xuất trực tiếp từ Word, hoặc nhận dạng chữ (OCR) trước."
    )


class UnsupportedFormat(DocumentError):
    default_message = (
        "Định dạng tệp không được hỗ trợ. Vui lòng tải lên tệp .docx, .pdf, .html hoặc .txt."
    )


class EncryptedDocument(DocumentError):
    default_message = "Tệp được đặt mật khẩu hoặc mã hóa. Vui lòng gỡ mật khẩu rồi tải lên lại."


class UnsafeDocument(DocumentError):
    """A Word package refused by the archive guard (decompression bomb, nested archives)."""


class UnreadableDocument(DocumentError):
    default_message = (
        "Không đọc được tài liệu: tệp bị hỏng hoặc có cấu trúc bất thường. Vui lòng mở tệp bằng "
        "Word, lưu lại (dạng .docx) rồi tải lên lại."
    )


class TooComplex(DocumentError):
    default_message = (
        "Tài liệu quá dài hoặc quá phức tạp để đọc tự động. Vui lòng tách kế hoạch thành các tệp "
        "nhỏ hơn (ví dụ mỗi phụ lục một tệp) rồi tải lên lần lượt."
    )


class ParseLimit(DocumentError):
    """Reading the document broke the time or memory ceiling of a parse."""

    TIME = (
        "Không đọc được tài liệu này: việc đọc vượt quá thời gian cho phép (tài liệu quá dài hoặc "
        "có cấu trúc bất thường). Vui lòng mở tệp bằng Word, lưu lại dạng .docx hoặc tách thành "
        "các tệp nhỏ hơn rồi tải lên lại."
    )
    MEMORY = (
        "Không đọc được tài liệu này: việc đọc cần nhiều bộ nhớ hơn mức cho phép (tài liệu quá "
        "lớn hoặc có cấu trúc bất thường). Vui lòng mở tệp bằng Word, lưu lại dạng .docx hoặc "
        "tách thành các tệp nhỏ hơn rồi tải lên lại."
    )
    default_message = MEMORY


class TooLarge(DocumentError):
    default_message = "Tệp quá lớn (tối đa 20 MB)."
