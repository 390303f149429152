"""Structured deadlines and the parser of the Vietnamese phrases plans use for them.

A plan writes deadlines in words ("Thường xuyên", "Quý III/2021", "trước ngày 20/6/2023",
"Định kỳ hàng quý", "Sau khi UBND tỉnh phê duyệt"). `parse_deadline` turns such a phrase into a
`Deadline`: a kind, the concrete due dates it implies and, for recurring deadlines, the
frequency and the day inside each period, so task tracking can create one occurrence per period.
The raw words are always kept. Pure module: no Django, no database.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

KINDS = (
    "date",
    "before",
    "month",
    "quarter",
    "half_year",
    "year",
    "recurring",
    "range",
    "continuous",
    "conditional",
    "unparsed",
)
FREQUENCIES = ("week", "month", "quarter", "half_year", "year")
_PERIOD_MONTHS = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_MIN_YEAR, _MAX_YEAR = 1990, 2100


@dataclass(frozen=True)
class Deadline:
    """A deadline as written (`raw`) and as understood.

    For `recurring`, `frequency` is the period length and the due day inside each period is
    `month_of_period` (1-based month within the period; None = its last month) and `day`
    (None = last day of that month). `start`/`end` bound a recurrence or a range when the
    phrase says so ("Thường xuyên (2021-2025)", "Quý I hàng năm (2021-2025)").
    """

    raw: str
    kind: str
    dates: tuple[date, ...] = ()
    frequency: str | None = None
    month_of_period: int | None = None
    day: int | None = None
    start: date | None = None
    end: date | None = None
    notes: tuple[str, ...] = field(default=())

    def due_dates(
        self, period_start: date, period_end: date, plan_date: date | None = None
    ) -> list[date]:
        """Concrete due dates; recurring deadlines expand over the plan period.

        Recurrence starts at the plan's date (a plan signed in October has no Q1 occurrence)
        and stops at the end of the plan period or of the phrase's own window.
        """
        if self.kind != "recurring" or not self.frequency:
            return list(self.dates)
        lo = max(d for d in (period_start, plan_date, self.start) if d is not None)
        hi = min(d for d in (period_end, self.end) if d is not None)
        if self.frequency == "week":
            return _weekly(lo, hi)
        return [d for d in self._period_dues(lo.year, hi.year) if lo <= d <= hi]

    def _period_dues(self, first_year: int, last_year: int) -> list[date]:
        length = _PERIOD_MONTHS[self.frequency or "year"]
        dues = []
        for year in range(first_year, last_year + 1):
            for start_month in range(1, 13, length):
                offset = (self.month_of_period or length) - 1
                month = start_month + min(offset, length - 1)
                dues.append(_day_in_month(year, month, self.day))
        return dues

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (ISO dates) for a JSONField."""
        return {
            "raw": self.raw,
            "kind": self.kind,
            "dates": [d.isoformat() for d in self.dates],
            "frequency": self.frequency,
            "month_of_period": self.month_of_period,
            "day": self.day,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Deadline:
        def iso(value: str | None) -> date | None:
            return date.fromisoformat(value) if value else None

        return cls(
            raw=data.get("raw", ""),
            kind=data.get("kind", "unparsed"),
            dates=tuple(date.fromisoformat(d) for d in data.get("dates", [])),
            frequency=data.get("frequency"),
            month_of_period=data.get("month_of_period"),
            day=data.get("day"),
            start=iso(data.get("start")),
            end=iso(data.get("end")),
            notes=tuple(data.get("notes", [])),
        )


# --- helpers -----------------------------------------------------------------------------


def _fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", " ", text).strip().lower()


def _day_in_month(year: int, month: int, day: int | None) -> date:
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day, last) if day else last)


def _weekly(lo: date, hi: date) -> list[date]:
    sunday = lo + timedelta(days=(6 - lo.weekday()))
    out = []
    while sunday <= hi:
        out.append(sunday)
        sunday += timedelta(days=7)
    return out


def _year(text: str) -> int | None:
    value = int(text)
    if value < 100:
        value += 2000
    return value if _MIN_YEAR <= value <= _MAX_YEAR else None


def _safe_date(year: int | None, month: int, day: int) -> date | None:
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def quarter_end(year: int, quarter: int) -> date:
    return _day_in_month(year, quarter * 3, None)


def _context_year(plan_date: date | None, period: tuple[date, date] | None) -> int | None:
    if plan_date:
        return plan_date.year
    return period[0].year if period else None


# --- patterns (applied to folded text) ---------------------------------------------------

_DATE = re.compile(
    r"(?<![\d/.])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2})(?![\d/])"
    r"|ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+n[a-z]{1,2}m\s+(\d{4})"
)
_BEFORE_PREFIX = re.compile(
    r"(truoc|cham nhat|han chot|khong qua|khong muon hon|\btr(?!ong)[a-z]{2,4})"
    r"\s*(ngay)?\s*[:]?\s*$"
)
_QUARTER = re.compile(r"\bquy\s+(iv|iii|ii|i|[1-4])\b(?:\s*(?:/|-|nam)\s*(\d{4}))?")
# "Quý I, II năm 2026" / "quý II và IV/2026": the numerals after the first share its "quý".
_QUARTER_LIST = re.compile(
    r"\bquy\s+((?:iv|iii|ii|i|[1-4])(?:\s*(?:,|va|;)\s*(?:quy\s+)?(?:iv|iii|ii|i|[1-4])\b)+)"
    r"(?:\s*(?:/|-|nam)\s*(\d{4}))?"
)
_MONTH = re.compile(r"\bthang\s+(\d{1,2})(?:\s*(?:/|-|nam)\s*(\d{4}))?(?![\d/])")
# "Từ tháng 3/2026 đến tháng 9/2026", "từ ngày 01/3 đến 30/6/2026": a range due at its end.
_FROM_TO = re.compile(r"^(?:.*?\b)?tu\s+(.+?)\s+(?:den|toi)\s+(?:het\s+)?(.+)$")
_HALF = re.compile(r"\b0?6 thang (dau|cuoi) n[a-z]{1,2}m(?:\s+(\d{4}))?")
_RANGE = re.compile(r"(?<!\d)(\d{4})\s*[-–—]\s*(\d{4})(?!\d)")
_YEAR = re.compile(r"\bn[a-z]{1,2}m\s+(\d{4})\b|^\s*(\d{4})\s*$")
_RECURRING = re.compile(
    r"\b(?:hang|hang|moi|dinh ky(?: hang)?)\s+(tuan|thang|quy|n[a-z]{1,2}m)\b"
    r"|\b(?:dinh ky|hang)\s+0?6\s+thang\b|^0?6 thang$|\b0?6 thang (?:mot|1) lan\b"
)
_FREQ_WORD = {"tuan": "week", "thang": "month", "quy": "quarter"}
_DAY_OF_PERIOD = re.compile(
    r"ngay\s+(\d{1,2})\s+(?:cua\s+)?thang\s+(dau|cuoi|thu\s+\d)\s+(?:cua\s+)?(quy|nam|ky)"
)
_DAY_OF_MONTH = re.compile(r"ngay\s+(\d{1,2})\s+(?:hang|moi)\s+thang")
_DAY_MONTH_YEARLY = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})\s+(?:hang|moi)\s+n[a-z]{1,2}m")
_CONTINUOUS = re.compile(r"\b(thuong xuyen|lien tuc|hang ngay|moi ngay)\b")
_CONDITIONAL = re.compile(
    r"\b(sau khi|ngay khi|khi co|khi duoc|khi phat sinh|dot xuat|kip thoi|tuy theo"
    r"|theo (?:ke hoach|quy dinh|nhiem ky|yeu cau|huong dan|chi dao|lo trinh|tien do|che do"
    r"|van ban|thong bao|de nghi|thoi gian|thuc te|lich))\b|^khi\b"
)


@dataclass
class _Found:
    kind: str
    dates: list[date]
    pos: int


def _find_dates(text: str, ctx_year: int | None) -> list[_Found]:
    out = []
    for m in _DATE.finditer(text):
        if m.group(1):
            d = _safe_date(_year(m.group(3)), int(m.group(2)), int(m.group(1)))
        else:
            d = _safe_date(_year(m.group(6)), int(m.group(5)), int(m.group(4)))
        if d is None:
            continue
        before = _BEFORE_PREFIX.search(text[max(0, m.start() - 24) : m.start()])
        out.append(_Found("before" if before else "date", [d], m.start()))
    return out


def _find_quarters(text: str, ctx_year: int | None) -> list[_Found]:
    text = _QUARTER_LIST.sub(_expand_quarters, text)
    matches = list(_QUARTER.finditer(text))
    out = []
    for i, m in enumerate(matches):
        # "quý II, quý III năm 2021": a quarter without a year takes the next one's year.
        year_text = m.group(2) or next((n.group(2) for n in matches[i:] if n.group(2)), None)
        year = _year(year_text) if year_text else ctx_year
        dates = [quarter_end(year, _ROMAN[m.group(1)])] if year else []
        out.append(_Found("quarter", dates, m.start()))
    return out


def _expand_quarters(m: re.Match[str]) -> str:
    """'quy i, ii nam 2026' -> 'quy i, quy ii nam 2026' (same length is not needed here)."""
    numerals = re.findall(r"iv|iii|ii|i|[1-4]", m.group(1))
    tail = f"/{m.group(2)}" if m.group(2) else ""
    return ", ".join(f"quy {n}" for n in numerals[:-1]) + f", quy {numerals[-1]}{tail}"


def _find_months(text: str, ctx_year: int | None) -> list[_Found]:
    out = []
    matches = list(_MONTH.finditer(text))
    for i, m in enumerate(matches):
        # "tháng 6 và tháng 12/2026": a month without a year takes the next one's year.
        year_text = m.group(2) or next((n.group(2) for n in matches[i:] if n.group(2)), None)
        year, month = (_year(year_text) if year_text else None), int(m.group(1))
        if year and 1 <= month <= 12:
            out.append(_Found("month", [_day_in_month(year, month, None)], m.start()))
    for m in _HALF.finditer(text):
        year = _year(m.group(2)) if m.group(2) else ctx_year
        month = 6 if m.group(1) == "dau" else 12
        out.append(
            _Found("half_year", [_day_in_month(year, month, None)] if year else [], m.start())
        )
    return out


def _recurrence(text: str) -> tuple[str, int | None, int | None] | None:
    """(frequency, month_of_period, day) when the phrase describes a recurrence."""
    m = _RECURRING.search(text)
    if not m and not _DAY_OF_PERIOD.search(text):
        return None
    word = m.group(1) if m else "quy"
    freq = _FREQ_WORD.get(word, "year") if word else "half_year"
    month_of_period, day = None, None
    if dm := _DAY_OF_PERIOD.search(text):
        day = int(dm.group(1))
        which = dm.group(2)
        freq = {"quy": "quarter", "nam": "year"}.get(dm.group(3), freq)
        length = _PERIOD_MONTHS.get(freq, 3)
        month_of_period = 1 if which == "dau" else length if which == "cuoi" else int(which[-1])
    elif dm := _DAY_OF_MONTH.search(text):
        freq, day = "month", int(dm.group(1))
    elif dm := _DAY_MONTH_YEARLY.search(text):
        freq, day, month_of_period = "year", int(dm.group(1)), int(dm.group(2))
    elif freq == "year" and (q := _QUARTER.search(text)):
        month_of_period = _ROMAN[q.group(1)] * 3  # "Quý I hàng năm": due at the end of Q1
    if month_of_period and not 1 <= month_of_period <= _PERIOD_MONTHS.get(freq, 12):
        month_of_period = None
    if day and not 1 <= day <= 31:
        day = None
    return freq, month_of_period, day


def _window(text: str) -> tuple[date | None, date | None]:
    m = _RANGE.search(text)
    if not m:
        return None, None
    y1, y2 = _year(m.group(1)), _year(m.group(2))
    if not y1 or not y2 or y1 > y2:
        return None, None
    return date(y1, 1, 1), date(y2, 12, 31)


# --- public API --------------------------------------------------------------------------


def parse_deadline(
    raw: str | None,
    *,
    plan_date: date | None = None,
    period: tuple[date, date] | None = None,
) -> Deadline:
    """Parse the text of a deadline cell ("Thời gian hoàn thành") into a `Deadline`.

    `plan_date` and `period` give the context a phrase leaves implicit: the year of
    "Quý II" and the span over which "Hằng quý" recurs. Unknown phrases give kind "unparsed";
    nothing is guessed silently.
    """
    raw = (raw or "").strip()
    text = _fold(raw)
    if not text:
        return Deadline(raw=raw, kind="unparsed")
    ctx_year = _context_year(plan_date, period)
    if rec := _recurrence(text):
        return _recurring(raw, text, rec, plan_date, period)
    if ranged := _from_to(raw, text, plan_date, period):
        return ranged
    found = _find_dates(text, ctx_year)
    if not found:
        found = sorted(_find_quarters(text, ctx_year) + _find_months(text, ctx_year), key=_pos)
    if found:
        dates = sorted({d for f in found for d in f.dates})
        notes = () if dates else ("Thiếu năm, không xác định được ngày cụ thể",)
        return Deadline(raw=raw, kind=found[0].kind, dates=tuple(dates), notes=notes)
    start, end = _window(text)
    if _CONTINUOUS.search(text):
        return Deadline(raw=raw, kind="continuous", start=start, end=end)
    if _CONDITIONAL.search(text):
        return Deadline(raw=raw, kind="conditional", start=start, end=end)
    if start and end:
        return Deadline(raw=raw, kind="range", dates=(end,), start=start, end=end)
    if m := _YEAR.search(text):
        year = _year(m.group(1) or m.group(2))
        if year:
            return Deadline(raw=raw, kind="year", dates=(date(year, 12, 31),))
    return Deadline(raw=raw, kind="unparsed")


def _pos(found: _Found) -> int:
    return found.pos


def _from_to(
    raw: str, text: str, plan_date: date | None, period: tuple[date, date] | None
) -> Deadline | None:
    """'Từ tháng 3/2026 đến tháng 9/2026' -> range 01/03/2026..30/09/2026, due at the end."""
    m = _FROM_TO.match(text)
    if not m:
        return None
    last = parse_deadline(m.group(2), plan_date=plan_date, period=period)
    if not last.dates or last.kind in ("recurring", "range"):
        return None
    year = last.dates[-1].year
    first = parse_deadline(m.group(1), plan_date=date(year, 1, 1), period=period)
    if not first.dates:
        first = parse_deadline(f"{m.group(1)}/{year}", plan_date=date(year, 1, 1))
    if not first.dates or first.dates[0] > last.dates[-1]:
        return None
    start = _period_start(first)
    return Deadline(raw=raw, kind="range", dates=(last.dates[-1],), start=start, end=last.dates[-1])


def _period_start(deadline: Deadline) -> date:
    day = deadline.dates[0]
    if deadline.kind == "month":
        return day.replace(day=1)
    if deadline.kind == "quarter":
        return date(day.year, day.month - 2, 1)
    if deadline.kind in ("year", "half_year"):
        return date(day.year, 1 if deadline.kind == "year" or day.month == 6 else 7, 1)
    return day


def _recurring(
    raw: str,
    text: str,
    rec: tuple[str, int | None, int | None],
    plan_date: date | None,
    period: tuple[date, date] | None,
) -> Deadline:
    freq, month_of_period, day = rec
    start, end = _window(text)
    deadline = Deadline(
        raw=raw,
        kind="recurring",
        frequency=freq,
        month_of_period=month_of_period,
        day=day,
        start=start,
        end=end,
    )
    span = period or ((start, end) if start and end else None)
    if not span:
        return replace(deadline, notes=("Chưa có thời kỳ kế hoạch",))
    dates = deadline.due_dates(span[0], span[1], plan_date)
    return replace(deadline, dates=tuple(dates))


_TEXT_DATE = re.compile(
    r"(?:hoan thanh\s+)?(?:truoc|cham nhat|\btr(?!ong)[a-z]{2,4})\s*(?:ngay\s*)?"
    r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})"
)
_TEXT_PERIOD = re.compile(
    r"\b(?:hoan thanh\s+)?trong\s+(quy\s+(?:iv|iii|ii|i|[1-4])\s*/\s*\d{4}"
    r"|thang\s+\d{1,2}\s*/\s*\d{4})"
)
_TEXT_YEAR = re.compile(r"hoan thanh (?:trong |truoc )?n[a-z]{1,2}m (\d{4})")
_TEXT_RECURRING = re.compile(
    r"(?:truoc\s+)?\d{1,2}/\d{1,2}\s+hang\s+n[a-z]{1,2}m"
    r"|dinh ky hang (?:tuan|thang|quy|n[a-z]{1,2}m)|^hang (?:tuan|thang|quy)\b"
)


def find_deadline_in_text(
    text: str,
    *,
    plan_date: date | None = None,
    period: tuple[date, date] | None = None,
) -> Deadline | None:
    """Find a deadline stated inside narrative text, e.g. "(hoàn thành trước ngày 30/7/2023)".

    Dates that merely cite a document ("Báo cáo số 1142/BC-SNV ngày 22/5/2023") are not
    deadlines, so only dates introduced by "trước"/"chậm nhất", periods introduced by "trong"
    and explicit recurrences count. Returns None when the text states no deadline.
    """
    folded = _fold(text)
    candidates: list[tuple[int, str]] = []
    for regex in (_TEXT_DATE, _TEXT_PERIOD, _TEXT_YEAR, _TEXT_RECURRING):
        for m in regex.finditer(folded):
            candidates.append((m.start(), m.group(0)))
    if not candidates:
        return None
    candidates.sort()
    phrase = candidates[0][1]
    raw = _original_span(text, folded, phrase)
    deadline = parse_deadline(raw, plan_date=plan_date, period=period)
    if deadline.kind == "unparsed":
        return None
    return deadline


def _original_span(text: str, folded: str, phrase: str) -> str:
    """Map a phrase found in the folded text back to the original words when lengths agree."""
    compact = re.sub(r"\s+", " ", text).strip()
    start = folded.find(phrase)
    if len(compact) == len(folded) and start >= 0:
        return compact[start : start + len(phrase)]
    return phrase
