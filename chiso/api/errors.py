"""API errors in Vietnamese, like the pages: field locations stay as they are (they are names in
the schema), the sentences a person reads are translated from pydantic's error types."""

from __future__ import annotations

MESSAGES = {
    "missing": "Thiếu trường bắt buộc.",
    "int_parsing": "Phải là số nguyên.",
    "int_type": "Phải là số nguyên.",
    "int_from_float": "Phải là số nguyên, không có phần thập phân.",
    "float_parsing": "Phải là số.",
    "float_type": "Phải là số.",
    "decimal_parsing": "Phải là số.",
    "bool_parsing": "Phải là true hoặc false.",
    "bool_type": "Phải là true hoặc false.",
    "string_type": "Phải là chuỗi ký tự.",
    "string_too_short": "Chuỗi quá ngắn.",
    "string_too_long": "Chuỗi quá dài.",
    "date_parsing": "Ngày không hợp lệ (dạng YYYY-MM-DD).",
    "date_from_datetime_parsing": "Ngày không hợp lệ (dạng YYYY-MM-DD).",
    "date_type": "Ngày không hợp lệ (dạng YYYY-MM-DD).",
    "datetime_parsing": "Thời điểm không hợp lệ (dạng ISO 8601).",
    "datetime_from_date_parsing": "Thời điểm không hợp lệ (dạng ISO 8601).",
    "datetime_type": "Thời điểm không hợp lệ (dạng ISO 8601).",
    "enum": "Giá trị không thuộc danh sách cho phép.",
    "literal_error": "Giá trị không thuộc danh sách cho phép.",
    "greater_than": "Giá trị quá nhỏ.",
    "greater_than_equal": "Giá trị quá nhỏ.",
    "less_than": "Giá trị quá lớn.",
    "less_than_equal": "Giá trị quá lớn.",
    "list_type": "Phải là một danh sách.",
    "dict_type": "Phải là một đối tượng JSON.",
    "model_attributes_type": "Phải là một đối tượng JSON.",
    "json_invalid": "Nội dung không phải JSON hợp lệ.",
    "extra_forbidden": "Trường này không được phép.",
    "value_error": "Giá trị không hợp lệ.",
    "uuid_parsing": "Mã UUID không hợp lệ.",
}
FALLBACK = "Giá trị không hợp lệ."
UNAUTHORIZED = (
    "Chưa xác thực: gửi mã truy cập trong tiêu đề Authorization: Bearer <mã> "
    "(tạo mã ở trang Tài khoản)."
)


def translate(errors: list[dict]) -> list[dict]:
    """Each error with its `msg` in Vietnamese; `type` and `loc` unchanged for programs."""
    out = []
    for error in errors:
        translated = {k: v for k, v in error.items() if k not in {"ctx", "url", "input"}}
        translated["msg"] = MESSAGES.get(error.get("type", ""), FALLBACK)
        out.append(translated)
    return out
