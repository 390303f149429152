"""Report periods (quarter, 6 months, 9 months, year) and their data cut-off windows. Pure.

The national reporting rule (Nghị định 09/2019/NĐ-CP, Điều 12, taken up by the Home Affairs
sector's reporting circulars) does not count a quarter from the 1st to the last day: data are
"cut off" on the 14th of the period's last month, and the window opens on the 15th of the last
month of the previous period. A 6-month, 9-month and annual report all open on 15/12 of the
previous year. The rule is data (`CutoffRule`), overridable through settings.REPORT_CUTOFF_RULES,
so a province that uses calendar periods sets `{"start_day": None, "end_day": None}`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

QUARTER = "quarter"
HALF = "half_year"
NINE_MONTHS = "nine_months"
YEAR = "year"
KINDS = (QUARTER, HALF, NINE_MONTHS, YEAR)
KIND_LABELS = {
    QUARTER: "Quý",
    HALF: "6 tháng",
    NINE_MONTHS: "9 tháng",
    YEAR: "Năm",
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class CutoffRule:
    """Window = [start_day of the month before the first month; end_day of the last month].

    `None` for a day means the calendar edge (1st of the first month / last day of the month).
    """

    start_day: int | None = 15
    end_day: int | None = 14


DEFAULT_RULES: dict[str, CutoffRule] = {kind: CutoffRule(15, 14) for kind in KINDS}


def rules_from_settings(raw: dict | None) -> dict[str, CutoffRule]:
    """Merge {"quarter": {"start_day": 15, "end_day": 14}, ...} over the defaults."""
    rules = dict(DEFAULT_RULES)
    for kind, values in (raw or {}).items():
        if kind not in KINDS:
            raise ValueError(f"Unknown report period kind in REPORT_CUTOFF_RULES: {kind!r}")
        rules[kind] = CutoffRule(**values)
    return rules


@dataclass(frozen=True)
class ReportPeriod:
    kind: str
    year: int
    number: int  # quarter 1-4; 1 for the other kinds
    first_month: int
    last_month: int
    data_start: date
    data_end: date

    @property
    def code(self) -> str:
        suffix = {QUARTER: f"Q{self.number}", HALF: "H1", NINE_MONTHS: "9M", YEAR: "Y"}[self.kind]
        return f"{self.year}-{suffix}"

    @property
    def label(self) -> str:
        """Vietnamese name as a report title says it: "quý IV năm 2024"."""
        if self.kind == QUARTER:
            return f"quý {ROMAN[self.number]} năm {self.year}"
        if self.kind == HALF:
            return f"6 tháng đầu năm {self.year}"
        if self.kind == NINE_MONTHS:
            return f"9 tháng đầu năm {self.year}"
        return f"năm {self.year}"

    @property
    def calendar_start(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def calendar_end(self) -> date:
        return _month_end(self.year, self.last_month)

    def window_text(self) -> str:
        return f"từ ngày {self.data_start:%d/%m/%Y} đến ngày {self.data_end:%d/%m/%Y}"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _months(kind: str, number: int) -> tuple[int, int]:
    if kind == QUARTER:
        return 3 * number - 2, 3 * number
    return 1, {HALF: 6, NINE_MONTHS: 9, YEAR: 12}[kind]


def make_period(
    kind: str, year: int, number: int = 1, rules: dict[str, CutoffRule] | None = None
) -> ReportPeriod:
    if kind not in KINDS:
        raise ValueError(f"Loại kỳ báo cáo không hợp lệ: {kind}")
    if kind == QUARTER and number not in ROMAN:
        raise ValueError("Quý phải từ 1 đến 4.")
    if not 1900 <= year <= 2200:
        raise ValueError("Năm báo cáo không hợp lệ.")
    rule = (rules or DEFAULT_RULES)[kind]
    first, last = _months(kind, number if kind == QUARTER else 1)
    if rule.start_day is None:
        start = date(year, first, 1)
    else:
        prev_year, prev_month = (year - 1, 12) if first == 1 else (year, first - 1)
        day = min(rule.start_day, _month_end(prev_year, prev_month).day)
        start = date(prev_year, prev_month, day)
    if rule.end_day is None:
        end = _month_end(year, last)
    else:
        end = date(year, last, min(rule.end_day, _month_end(year, last).day))
    return ReportPeriod(kind, year, number if kind == QUARTER else 1, first, last, start, end)


_CODE = re.compile(r"^\s*(\d{4})\s*-\s*(Q[1-4]|H1|6M|9M|Y|N|YEAR)\s*$", re.IGNORECASE)


def parse_period(code: str, rules: dict[str, CutoffRule] | None = None) -> ReportPeriod:
    """ "2024-Q4", "2024-H1" (or 6M), "2024-9M", "2024-Y" (or a bare "2024") → ReportPeriod."""
    text = (code or "").strip()
    if re.fullmatch(r"\d{4}", text):
        return make_period(YEAR, int(text), rules=rules)
    match = _CODE.match(text)
    if not match:
        raise ValueError(
            f"Kỳ báo cáo “{code}” không hợp lệ. Ví dụ: 2024-Q4 (quý IV), 2024-H1 (6 tháng), "
            "2024-9M (9 tháng), 2024-Y (năm)."
        )
    year, suffix = int(match.group(1)), match.group(2).upper()
    if suffix.startswith("Q"):
        return make_period(QUARTER, year, int(suffix[1]), rules)
    kind = {"H1": HALF, "6M": HALF, "9M": NINE_MONTHS}.get(suffix, YEAR)
    return make_period(kind, year, rules=rules)


def periods_of_year(year: int, rules: dict[str, CutoffRule] | None = None) -> list[ReportPeriod]:
    """Every report period of a year, in the order their cut-offs fall."""
    quarters = [make_period(QUARTER, year, q, rules) for q in range(1, 5)]
    others = [make_period(k, year, rules=rules) for k in (HALF, NINE_MONTHS, YEAR)]
    return sorted(quarters + others, key=lambda p: (p.data_end, KINDS.index(p.kind)))


def periods_closed_on(
    day: date, lookback_days: int = 31, rules: dict[str, CutoffRule] | None = None
) -> list[ReportPeriod]:
    """Periods whose cut-off passed within `lookback_days` before `day` (for scheduled drafts)."""
    earliest = day - timedelta(days=lookback_days)
    found = []
    for year in (day.year - 1, day.year):
        found += [p for p in periods_of_year(year, rules) if earliest <= p.data_end < day]
    return found


def recent_periods(
    day: date, count: int = 8, rules: dict[str, CutoffRule] | None = None
) -> list[ReportPeriod]:
    """The current quarter, then the periods whose cut-off passed, newest first."""
    every = [p for y in range(day.year - 4, day.year + 1) for p in periods_of_year(y, rules)]
    every += periods_of_year(day.year + 1, rules)
    current = [p for p in every if p.kind == QUARTER and p.data_start <= day <= p.data_end]
    closed = sorted(
        (p for p in every if p.data_end < day),
        key=lambda p: (-p.data_end.toordinal(), KINDS.index(p.kind)),
    )
    return (current + closed)[:count]
