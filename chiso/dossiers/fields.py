"""The columns of one-stop exports and the parsing of their cells (pure, no database).

Parsers are called a million times per province-year, so each caches on the raw text: exports
repeat the same dates, yes/no words and channel names over and over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from chiso.core.lib.text import fold


class CellError(ValueError):
    """A cell that cannot be read; the message is shown to the user as is."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # canonical Vietnamese header
    required: bool
    synonyms: tuple[str, ...] = ()


DOSSIER_COLUMNS = (
    Column("code", "Mã hồ sơ", True, ("so ho so", "ma hs", "ma ho so mot cua")),
    Column("procedure_code", "Mã thủ tục", True, ("ma tthc", "ma thu tuc hanh chinh")),
    Column("procedure_name", "Tên thủ tục", False, ("thu tuc", "ten tthc")),
    Column("field", "Lĩnh vực", False, ("ten linh vuc",)),
    Column("unit", "Cơ quan giải quyết", True, ("don vi giai quyet", "co quan xu ly", "don vi")),
    Column("received", "Ngày tiếp nhận", True, ("ngay nhan", "thoi gian tiep nhan", "ngay nop")),
    Column("due", "Ngày hẹn trả", True, ("ngay hen tra ket qua", "han giai quyet", "ngay hen")),
    Column("returned", "Ngày trả kết quả", False, ("ngay tra", "ngay co ket qua")),
    Column("channel", "Hình thức nộp", True, ("kenh nop", "hinh thuc tiep nhan", "hinh thuc")),
    Column("digitised", "Số hóa", False, ("so hoa ho so", "da so hoa")),
    Column("paid_online", "Thanh toán trực tuyến", False, ("thanh toan online", "tt truc tuyen")),
    Column("apology", "Phiếu xin lỗi", False, ("xin loi", "co phieu xin loi", "van ban xin loi")),
)

FEEDBACK_COLUMNS = (
    Column("code", "Mã phản ánh", True, ("ma pakn", "ma phan anh kien nghi", "so phan anh")),
    Column("unit", "Cơ quan xử lý", True, ("don vi xu ly", "co quan giai quyet", "don vi")),
    Column("received", "Ngày tiếp nhận", True, ("ngay nhan", "thoi gian tiep nhan")),
    Column("due", "Hạn xử lý", True, ("han giai quyet", "thoi han xu ly", "ngay hen")),
    Column("handled", "Ngày xử lý xong", False, ("ngay xu ly", "ngay hoan thanh", "ngay tra loi")),
    Column("channel", "Kênh", False, ("kenh tiep nhan", "hinh thuc")),
    Column("published", "Công khai", False, ("da cong khai", "cong khai ket qua")),
    Column("satisfied", "Hài lòng", False, ("muc do hai long", "danh gia hai long")),
)

_PUNCT = re.compile(r"[^a-z0-9 ]+")


def header_key(text) -> str:
    """'Mã hồ sơ (*)' and 'MÃ HỒ SƠ' → 'ma ho so'."""
    return " ".join(_PUNCT.sub(" ", fold(str(text or ""))).split())


def _known(columns: tuple[Column, ...]) -> dict[str, str]:
    known = {}
    for col in columns:
        for name in (col.header, *col.synonyms):
            known[header_key(name)] = col.key
    return known


@dataclass
class HeaderMatch:
    index: dict[str, int]  # column key → position in the row
    missing: list[Column]
    unknown: list[str]  # headers of the file that map to nothing


def match_headers(
    headers: list, columns: tuple[Column, ...], remembered: dict[str, str] | None = None
) -> HeaderMatch:
    """Which file column holds which field: the source's remembered mapping first, then names."""
    known = _known(columns) | {header_key(k): v for k, v in (remembered or {}).items()}
    keys = {c.key for c in columns}
    index: dict[str, int] = {}
    unknown = []
    for pos, raw in enumerate(headers):
        key = known.get(header_key(raw))
        if key in keys and key not in index:
            index[key] = pos
        elif str(raw or "").strip():
            unknown.append(str(raw).strip())
    missing = [c for c in columns if c.required and c.key not in index]
    return HeaderMatch(index=index, missing=missing, unknown=unknown)


# --- cells ------------------------------------------------------------------------------------

_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME = re.compile(r"\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?")


@lru_cache(maxsize=200_000)
def _day(text: str) -> date | None:
    head, sep, tail = text.replace("T", " ", 1).partition(" ")
    if sep and not _TIME.fullmatch(tail.strip()):
        return None
    m = _DMY.fullmatch(head)
    try:
        if m:
            return date(int(m[3]), int(m[2]), int(m[1]))
        m = _ISO.fullmatch(head)
        return date(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:
        return None


def parse_date(value) -> date | None:
    """A calendar date from 'dd/mm/yyyy HH:MM', 'dd/mm/yyyy', ISO or a spreadsheet date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    day = _day(text)
    if day is None or not 1900 <= day.year <= 2100:
        raise CellError(f"Ngày “{text[:40]}” không hợp lệ (cần dạng dd/mm/yyyy hoặc yyyy-mm-dd).")
    return day


_YES = {"co", "x", "1", "true", "yes", "da", "da co", "dat"}
_NO = {"khong", "0", "false", "no", "chua", "chua co", "khong dat"}


@lru_cache(maxsize=1024)
def _yes_no(text: str) -> bool | None:
    key = header_key(text)
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise CellError(f"Giá trị “{text[:40]}” không hợp lệ (cần “Có” hoặc “Không”).")


def parse_yes_no(value) -> bool | None:
    """'Có' → True, 'Không' → False, empty → None."""
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip()
    return _yes_no(text) if text else None


_CHANNELS = {
    "truc tiep": "direct",
    "nop truc tiep": "direct",
    "truc tuyen": "online",
    "nop truc tuyen": "online",
    "online": "online",
    "dich vu cong truc tuyen": "online",
    "buu chinh cong ich": "post",
    "buu chinh": "post",
    "qua buu chinh": "post",
    "bcci": "post",
}


@lru_cache(maxsize=1024)
def _channel(text: str) -> str:
    found = _CHANNELS.get(header_key(text))
    if found is None:
        raise CellError(
            f"Hình thức nộp “{text[:40]}” không hợp lệ "
            "(cần “Trực tiếp”, “Trực tuyến” hoặc “Bưu chính công ích”)."
        )
    return found


def parse_channel(value) -> str:
    text = str(value or "").strip()
    if not text:
        raise CellError("Thiếu hình thức nộp.")
    return _channel(text)


def parse_text(value, limit: int) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets turn numeric codes into floats
    return " ".join(str(value).split())[:limit]
