"""Spreadsheets: questionnaires (export, import as a new version), answers (template, export,
import of paper forms collected by the post office) and results."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from chiso.core.errors import DomainError
from chiso.core.lib.safezip import CorruptArchive, check_archive
from chiso.core.lib.text import fold
from chiso.surveys import rules

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_BYTES = 5 * 1024 * 1024
MAX_ANSWER_ROWS = 20_000

INFO_KEYS = [
    ("code", "Mã bộ câu hỏi"),
    ("title", "Tên phiếu"),
    ("intro", "Lời giới thiệu"),
    ("rule", "Cách tính (top_box hoặc mean)"),
    ("framework", "Mã bộ chỉ số"),
    ("note", "Nguồn, ghi chú"),
]
ITEM_HEADERS = [
    "Mã phần",
    "Tên phần",
    "Chỉ số thành phần của phần",
    "Mã tiêu chí",
    "Tên tiêu chí",
    "Chỉ số thành phần của tiêu chí",
    "Mã câu",
    "Câu hỏi",
    "Loại",
    "Nhỏ nhất",
    "Lớn nhất",
    "Phương án (cách nhau bởi |)",
    "Chọn nhiều",
    "Bắt buộc",
    "Điều kiện hiển thị",
    "Tính vào mức hài lòng",
]


def _book_bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(book: Workbook, title: str, headers: list[str], rows, first: bool = False):
    sheet = book.active if first else book.create_sheet()
    sheet.title = title
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(["" if v is None else v for v in row])
    return sheet


def _yes(value) -> str:
    return "có" if value else ""


def questionnaire_to_xlsx(data: dict) -> bytes:
    book = Workbook()
    info = [(label, data.get(key) or "") for key, label in INFO_KEYS]
    _sheet(book, "Thông tin", ["Mục", "Nội dung"], info, first=True)
    rows = []
    for part in data["parts"]:
        for c in part["criteria"]:
            for i in c["items"]:
                rows.append(
                    [
                        part["code"],
                        part["name"],
                        part.get("component", ""),
                        c["code"],
                        c["name"],
                        c.get("component", ""),
                        i["code"],
                        i["text"],
                        i["kind"],
                        i.get("scale_min"),
                        i.get("scale_max"),
                        " | ".join(i.get("options") or []),
                        _yes(i.get("multiple")),
                        _yes(i.get("required")),
                        rules.format_rule(i.get("show_if") or {}),
                        _yes(i.get("counts")),
                    ]
                )
    _sheet(book, "Câu hỏi", ITEM_HEADERS, rows)
    return _book_bytes(book)


def _open(data: bytes):
    if len(data) > MAX_BYTES:
        raise DomainError(f"Tệp quá lớn (tối đa {MAX_BYTES // 1024 // 1024} MB).")
    try:
        check_archive(data, name="tệp Excel")
    except CorruptArchive as exc:
        raise DomainError("Tệp Excel bị lỗi hoặc không đúng định dạng .xlsx.") from exc
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DomainError("Tệp Excel bị lỗi hoặc không đúng định dạng .xlsx.") from exc


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _flag(value) -> bool:
    return fold(_text(value)) in {"co", "x", "1", "true", "yes"}


def _int_or_none(value, where: str):
    text = _text(value)
    if not text:
        return None
    try:
        return int(text)
    except ValueError as exc:
        raise DomainError(f"{where}: “{text}” không phải số nguyên.") from exc


def _item(row: list, number: int) -> dict:
    where = f"Dòng {number}"
    try:
        show_if = rules.parse_rule(_text(row[14]))
    except ValueError as exc:
        raise DomainError(
            f"{where}: điều kiện hiển thị “{_text(row[14])}” không đọc được."
        ) from exc
    options = [o.strip() for o in _text(row[11]).split("|") if o.strip()]
    return {
        "code": _text(row[6]),
        "text": _text(row[7]),
        "kind": fold(_text(row[8])),
        "scale_min": _int_or_none(row[9], where),
        "scale_max": _int_or_none(row[10], where),
        "options": options,
        "multiple": _flag(row[12]),
        "required": _flag(row[13]),
        "show_if": show_if,
        "counts": _flag(row[15]),
    }


def questionnaire_from_xlsx(data: bytes) -> dict:
    """A questionnaire definition (the shape services.questionnaire_import reads)."""
    book = _open(data)
    if len(book.worksheets) < 2:
        raise DomainError("Tệp cần hai trang: “Thông tin” và “Câu hỏi” (như tệp xuất ra).")
    info_rows = list(book.worksheets[0].iter_rows(values_only=True))[1:]
    labels = {fold(label): key for key, label in INFO_KEYS}
    out: dict = {"parts": []}
    for row in info_rows:
        if row and fold(_text(row[0])) in labels:
            out[labels[fold(_text(row[0]))]] = _text(row[1] if len(row) > 1 else "")
    rows = list(book.worksheets[1].iter_rows(values_only=True))
    book.close()
    if not rows or [fold(_text(h)) for h in rows[0][:7]] != [fold(h) for h in ITEM_HEADERS[:7]]:
        raise DomainError("Trang “Câu hỏi” không đúng mẫu: hãy dùng tệp xuất từ chiso để sửa.")
    parts: dict = {}
    criteria: dict = {}
    for number, raw in enumerate(rows[1:], start=2):
        row = list(raw) + [None] * (len(ITEM_HEADERS) - len(raw))
        if not any(_text(v) for v in row):
            continue
        part_code, crit_code = _text(row[0]), _text(row[3])
        if part_code not in parts:
            parts[part_code] = {
                "code": part_code,
                "name": _text(row[1]),
                "component": _text(row[2]),
                "criteria": [],
            }
            out["parts"].append(parts[part_code])
        if crit_code not in criteria:
            criteria[crit_code] = {
                "code": crit_code,
                "name": _text(row[4]),
                "component": _text(row[5]),
                "items": [],
            }
            parts[part_code]["criteria"].append(criteria[crit_code])
        criteria[crit_code]["items"].append(_item(row, number))
    return out


# --- answers ----------------------------------------------------------------------------------

FIXED_ANSWER_HEADERS = ["Xã, phường, đơn vị", "Thôn, ấp", "Ngày thu phiếu (dd/mm/yyyy)"]


def answers_template(items) -> bytes:
    book = Workbook()
    headers = FIXED_ANSWER_HEADERS + [i.code for i in items]
    sheet = _sheet(book, "Phiếu", headers, [], first=True)
    guide = [[i.code, i.text, i.get_kind_display(), rules.format_rule(i.show_if)] for i in items]
    _sheet(book, "Hướng dẫn", ["Mã câu", "Câu hỏi", "Loại", "Điều kiện hiển thị"], guide)
    sheet.freeze_panes = "D2"
    return _book_bytes(book)


def _day(value, number: int) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError as exc:
        raise DomainError(f"Dòng {number}: ngày “{text}” phải theo dạng dd/mm/yyyy.") from exc


def _answer(value, multiple: bool):
    text = _text(value)
    if multiple and text:
        return [v.strip() for v in text.replace(",", ";").split(";") if v.strip()]
    return text


def answers_from_xlsx(data: bytes, items, units_by_name: dict) -> list[dict]:
    """Rows of answers: {"unit", "village", "day", "answers"}; units matched by folded name."""
    book = _open(data)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    if not rows:
        raise DomainError("Tệp không có dữ liệu.")
    header = [_text(h) for h in rows[0]]
    if [fold(h) for h in header[:3]] != [fold(h) for h in FIXED_ANSWER_HEADERS]:
        raise DomainError("Ba cột đầu phải là: " + ", ".join(FIXED_ANSWER_HEADERS) + ".")
    codes = {i.code: i for i in items}
    unknown = [h for h in header[3:] if h and h not in codes]
    if unknown:
        raise DomainError("Cột không phải mã câu hỏi của phiếu: " + ", ".join(unknown[:10]))
    if len(rows) - 1 > MAX_ANSWER_ROWS:
        raise DomainError(f"Tệp có quá nhiều dòng (tối đa {MAX_ANSWER_ROWS}).")
    out = []
    for number, raw in enumerate(rows[1:], start=2):
        row = list(raw) + [None] * (len(header) - len(raw))
        if not any(_text(v) for v in row):
            continue
        unit_name = fold(_text(row[0]))
        unit = units_by_name.get(unit_name) if unit_name else None
        if unit_name and unit is None:
            raise DomainError(f"Dòng {number}: “{_text(row[0])}” không thuộc mẫu của đợt này.")
        answers = {
            code: _answer(row[col], codes[code].multiple)
            for col, code in enumerate(header[3:], start=3)
            if code and _text(row[col])
        }
        out.append(
            {
                "unit": unit,
                "village": _text(row[1]),
                "day": _day(row[2], number),
                "answers": answers,
            }
        )
    if not out:
        raise DomainError("Tệp không có phiếu nào.")
    return out


def answers_export(items, responses) -> bytes:
    book = Workbook()
    headers = ["Số phiếu", "Lần sửa", "Hình thức"] + FIXED_ANSWER_HEADERS + [i.code for i in items]
    rows = (
        [
            r.pk,
            r.version,
            r.get_mode_display(),
            r.unit.name if r.unit else "",
            r.village,
            r.submitted_at.strftime("%d/%m/%Y"),
        ]
        + [_cell_answer(r.answers.get(i.code)) for i in items]
        for r in responses
    )
    _sheet(book, "Phiếu", headers, rows, first=True)
    return _book_bytes(book)


def _cell_answer(value):
    return ";".join(str(v) for v in value) if isinstance(value, list) else value


def results_export(title: str, result: dict) -> bytes:
    book = Workbook()
    headers = [
        "Cấp",
        "Mã",
        "Nội dung",
        "Số trả lời",
        "Hài lòng (%)",
        "Cận dưới 95%",
        "Cận trên 95%",
    ]

    def row(level, code, name, m):
        return [level, code, name, m["n"], _pct(m["pct"]), _pct(m["ci_low"]), _pct(m["ci_high"])]

    rows = [row("Toàn bộ", "", title, result["overall"])]
    rows += [row("Phần", p["code"], p["name"], p) for p in result["parts"]]
    rows += [row("Tiêu chí", c["code"], c["name"], c) for c in result["criteria"]]
    rows += [row("Câu hỏi", i["code"], i["text"], i) for i in result["items"]]
    _sheet(book, "Kết quả", headers, rows, first=True)
    return _book_bytes(book)


def _pct(value):
    return None if value is None else round(value, 2)
