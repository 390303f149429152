"""The plan's header: number, issuer, place and date, title, period."""

from __future__ import annotations

import re
from datetime import date

from chiso.core.lib.text import sentence_title
from chiso.core.lib.vntext import fold, fold_chars
from chiso.importer.draft import PlanHeader
from chiso.importer.parse.text import clean_cell, one_line

HEADER_LINES = 80
_NUMBER = re.compile(
    r"^\s*s[o0ốôb6][:.]?\s*:?\s*(\d*)\s*/\s*([a-z0-9đ]+(?:\s*-\s*[a-z0-9đ]+)*)", re.I
)
_DATE = re.compile(
    r"([^,\d:/-]{2,40}?)\s*,\s*ngay\s+(\d{1,2}|\.+|…+)?\s*thang\s+(\d{1,2}|\.+|…+)?\s*"
    r"n[a-z]{1,2}m\s+(\d{4})"
)
_ISSUER = re.compile(
    r"^(?:uy ban nhan dan|ubnd|hoi dong nhan dan|so|phong|van phong)\b.*"
    r"\b(?:tinh|huyen|thi xa|thanh pho|xa|phuong|thi tran|quan)\b"
)
_TITLE_STOP = re.compile(
    r"^(thuc hien|can cu|i\.|\(ban hanh|\(kem theo|\d+\.\s|theo de nghi|phu luc|muc dich)"
)
_PERIOD_RANGE = re.compile(r"giai doan\s*(\d{4})\s*[-–—]\s*(\d{4})")
_PERIOD_YEAR = re.compile(r"\bn[a-z]{1,2}m\s+(\d{4})\b")


def parse_header(lines: list[str], body_text: str = "") -> PlanHeader:
    head = [one_line(clean_cell(x)) for x in lines[:HEADER_LINES]]
    header = PlanHeader()
    conf = header.confidence
    for k, line in enumerate(head):
        line = _left_column(line)
        m = _NUMBER.match(fold(line)) if header.number is None else None
        if m and m.group(1):  # "Số: /KH-UBND" (number left blank) is no number
            header.number = re.sub(r"\s+", "", _original(line, m.start(1), m.end(2)))
            conf["number"] = 1.0
        if header.date is None and header.place is None and (m := _DATE.search(fold(line))):
            header.place = _place(line[m.start(1) : m.end(1)])
            header.date = _date(m.group(2), m.group(3), m.group(4))
            conf["date"] = 1.0 if header.date else 0.0
            conf["place"] = 0.9
        if header.issuer is None and k < 15 and len(line) < 60 and _ISSUER.match(fold(line)):
            header.issuer = line.strip(" *")
            conf["issuer"] = 0.9
    header.title = _title(head)
    if header.title:
        header.title = sentence_title(header.title, body_text)
    conf["title"] = 0.8 if header.title else 0.0
    if header.issuer is None:
        header.issuer = _issuer_fallback(header, body_text)
        conf["issuer"] = 0.4 if header.issuer else 0.0
    return header


# The plan-level standing body: "Giao Sở Nội vụ là cơ quan thường trực, theo dõi ...",
# "Giao Sở Nội vụ theo dõi, đôn đốc ... Kế hoạch này", "báo cáo UBND huyện (qua Phòng Nội vụ)
# để theo dõi". Matched on fold_chars text so offsets point at the original words.
_BODY = (
    r"(?<![\w-])((?:so|phong|van phong|ban|thanh tra|cuc|chi cuc|trung tam|uy ban|ubnd"
    r"|cong chuc)\s"
    r"[^,.;:()\n]{2,70}?)"
)
_MONITORING_BODY = (
    re.compile(r"(?:giao\s+)?" + _BODY + r"\s*[,(]?\s*(?:la\s+)?co quan thuong truc"),
    re.compile(
        r"\bgiao\s+" + _BODY + r"\s+(?:chu tri,?\s+)?(?:theo doi|huong dan),?\s+(?:va\s+)?don doc"
    ),
    re.compile(r"\(\s*qua\s+" + _BODY + r"\s*\)\s*de\s+(?:theo doi|tong hop)"),
)


def find_monitoring_body(text: str) -> str | None:
    """The plan-level monitoring body as the text writes it, or None (patterns by strength)."""
    key = fold_chars(text)
    m = next((m for regex in _MONITORING_BODY if (m := regex.search(key))), None)
    if m is None:
        return None
    name = one_line(text[m.start(1) : m.end(1)]).strip(" ,")
    return name if name[:1].isupper() else None


_MOTTO = re.compile(r"\s*\bcong hoa xa hoi chu nghia viet nam\b")


def _left_column(line: str) -> str:
    """The issuer's column of a header flattened into one line with the national motto."""
    m = _MOTTO.search(fold_chars(line))
    return line[: m.start()].strip() if m and m.start() > 0 else line


def _place(text: str) -> str | None:
    """Trailing capitalised words: 'KH-UBND Tuy Phong' -> 'Tuy Phong'."""
    words = text.strip(" *").split()
    kept: list[str] = []
    for word in reversed(words):
        if not word[:1].isupper() or (len(word) > 1 and word.isupper()):
            break
        kept.insert(0, word)
    return " ".join(kept) or None


def _original(line: str, start: int, end: int) -> str:
    # fold() keeps one character per character for NFC Vietnamese text, so offsets carry over.
    return line[start:end] if len(fold(line)) == len(line) else fold(line)[start:end].upper()


def _date(day: str | None, month: str | None, year: str) -> date | None:
    try:
        return date(int(year), int(month or ""), int(day or ""))
    except ValueError:
        return None


def _title(head: list[str]) -> str | None:
    for i, line in enumerate(head):
        if fold(line).strip("* ") in ("ke hoach", "ke hoach:"):
            parts: list[str] = []
            for nxt in head[i + 1 : i + 8]:
                if not nxt:
                    if parts:
                        break
                    continue
                if parts and (_TITLE_STOP.match(fold(nxt)) or nxt.startswith("(")):
                    break
                parts.append(nxt.strip("* "))
            if parts:
                return one_line(" ".join(parts))
    return None


def _issuer_fallback(header: PlanHeader, body_text: str) -> str | None:
    """'(Kèm theo Kế hoạch ... của Chủ tịch Ủy ban nhân dân tỉnh)' or the number's suffix."""
    folded = fold_chars(body_text)
    m = re.search(
        r"kem theo ke hoach so [^)]*? cua ((?:chu tich )?(?:uy ban nhan dan|ubnd)[^)]*)\)", folded
    )
    if m:
        return body_text[m.start(1) : m.end(1)].strip()
    if header.number and "UBND" in header.number.upper() and header.place:
        return f"UBND {header.place}"
    return None


def infer_period(
    texts: list[str], plan_date: date | None, target_years: list[int]
) -> tuple[date, date] | None:
    """Plan period from the title ("giai đoạn 2021-2025", "năm 2023") or else the body."""
    for text in texts:
        key = fold(text or "")
        years: list[int] = []
        for m in _PERIOD_RANGE.finditer(key):
            years += [int(m.group(1)), int(m.group(2))]
        if not years:
            years = [int(y) for y in _PERIOD_YEAR.findall(key)]
        years = [y for y in years if 1990 <= y <= 2100]
        if years:
            return date(min(years), 1, 1), date(max(years), 12, 31)
    if plan_date and target_years:
        return date(plan_date.year, 1, 1), date(max(max(target_years), plan_date.year), 12, 31)
    if plan_date:
        return date(plan_date.year, 1, 1), date(plan_date.year, 12, 31)
    return None
