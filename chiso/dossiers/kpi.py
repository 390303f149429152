"""The KPI definitions, as pure functions over plain values.

The database computes the same numbers set-based (see rollup.py); these functions are the
reference the tests hold it to, and the rules for rates, pending-overdue stocks, QĐ 766's
feedback satisfaction, target checks and traffic lights.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from chiso.core.lib.text import fold

PENDING, EARLY, ON_TIME, LATE = 0, 1, 2, 3

DOSSIER_COUNTS = (
    "received",
    "online",
    "digitised",
    "resolved",
    "early",
    "on_time",
    "late",
    "late_apology",
    "pending_overdue",
    "payable",
    "paid_online",
)
# name → (numerator counters, denominator counter)
DOSSIER_RATES = {
    "on_time_rate": (("early", "on_time"), "resolved"),
    "apology_rate": (("late_apology",), "late"),
    "online_rate": (("online",), "received"),
    "digitised_rate": (("digitised",), "received"),
    "online_payment_rate": (("paid_online",), "payable"),
}
DOSSIER_COLUMNS = ("unit", "month", *DOSSIER_COUNTS, *DOSSIER_RATES)

FEEDBACK_COUNTS = (
    "received",
    "handled",
    "handled_on_time",
    "handled_late",
    "published",
    "pending_overdue",
    "unsatisfied",
    "received_handled_late",
    "unsatisfied_or_late",
)
FEEDBACK_RATES = {
    "on_time_rate": (("handled_on_time",), "handled"),
    "published_rate": (("published",), "handled"),
}
FEEDBACK_COLUMNS = ("unit", "month", *FEEDBACK_COUNTS, *FEEDBACK_RATES, "satisfaction_rate")

KPI_LABELS = {
    "on_time_rate": "Tỷ lệ hồ sơ giải quyết đúng và sớm hạn",
    "apology_rate": "Tỷ lệ hồ sơ trễ hạn có phiếu xin lỗi",
    "online_rate": "Tỷ lệ hồ sơ nộp trực tuyến",
    "digitised_rate": "Tỷ lệ hồ sơ được số hóa",
    "online_payment_rate": "Tỷ lệ thanh toán trực tuyến",
    "feedback_on_time_rate": "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn",
    "feedback_published_rate": "Tỷ lệ phản ánh, kiến nghị được công khai",
    "feedback_satisfaction_rate": "Mức độ hài lòng về xử lý phản ánh, kiến nghị (QĐ 766)",
}


# --- months -----------------------------------------------------------------------------------


def month_of(day: date) -> int:
    """2025-03-31 → 202503."""
    return day.year * 100 + day.month


def month_end(month: int) -> date:
    year, mon = divmod(month, 100)
    return date(year, mon, calendar.monthrange(year, mon)[1])


def month_label(month: int) -> str:
    """202503 → '2025-03' (the CLI and API format)."""
    return f"{month // 100:04d}-{month % 100:02d}"


def months_before(month: int, count: int) -> int:
    """202503, 11 → 202404."""
    index = (month // 100) * 12 + month % 100 - 1 - count
    return (index // 12) * 100 + index % 12 + 1


def months_between(first: int, last: int) -> list[int]:
    out, month = [], first
    while month <= last:
        out.append(month)
        month = month + 1 if month % 100 < 12 else (month // 100 + 1) * 100 + 1
    return out


# --- one record -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Derived:
    recv_month: int
    ret_month: int | None
    od_open_month: int
    od_close_month: int | None
    outcome: int


def derive(received: date, due: date, returned: date | None) -> Derived:
    """Month columns and outcome of one record, by calendar date.

    A record counts as pending-overdue at the end of month M when it was received and due on or
    before M's last day and not returned by then: it enters on max(received, due) and leaves on
    max(received, due, returned), so the stock is a running sum of entries minus exits.
    """
    enters = max(received, due)
    if returned is None:
        return Derived(month_of(received), None, month_of(enters), None, PENDING)
    outcome = EARLY if returned < due else ON_TIME if returned == due else LATE
    leaves = max(enters, returned)
    return Derived(
        month_of(received), month_of(returned), month_of(enters), month_of(leaves), outcome
    )


# --- reference definitions over raw records ----------------------------------------------------


@dataclass(frozen=True)
class DossierFacts:
    received: date
    due: date
    returned: date | None = None
    channel: str = "direct"
    digitised: bool = False
    paid_online: bool | None = None
    apology: bool = False


def dossier_counts(rows: Iterable[DossierFacts], month: int) -> dict[str, int]:
    """The issue's definitions, literally, for one unit and month."""
    end = month_end(month)
    c = dict.fromkeys(DOSSIER_COUNTS, 0)
    for r in rows:
        if month_of(r.received) == month:
            c["received"] += 1
            c["online"] += r.channel == "online"
            c["digitised"] += r.digitised
            c["payable"] += r.paid_online is not None
            c["paid_online"] += r.paid_online is True
        if r.returned is not None and month_of(r.returned) == month:
            c["resolved"] += 1
            c["early"] += r.returned < r.due
            c["on_time"] += r.returned == r.due
            c["late"] += r.returned > r.due
            c["late_apology"] += r.returned > r.due and r.apology
        not_returned = r.returned is None or r.returned > end
        c["pending_overdue"] += r.received <= end and not_returned and r.due <= end
    return c


@dataclass(frozen=True)
class FeedbackFacts:
    received: date
    due: date
    handled: date | None = None
    published: bool = False
    satisfied: bool | None = None


def feedback_counts(rows: Iterable[FeedbackFacts], month: int) -> dict[str, int]:
    end = month_end(month)
    c = dict.fromkeys(FEEDBACK_COUNTS, 0)
    for r in rows:
        late = r.handled is not None and r.handled > r.due
        if month_of(r.received) == month:
            c["received"] += 1
            c["unsatisfied"] += r.satisfied is False
            c["received_handled_late"] += late
            c["unsatisfied_or_late"] += r.satisfied is False or late
        if r.handled is not None and month_of(r.handled) == month:
            c["handled"] += 1
            c["handled_on_time"] += not late
            c["handled_late"] += late
            c["published"] += r.published
        not_handled = r.handled is None or r.handled > end
        c["pending_overdue"] += r.received <= end and not_handled and r.due <= end
    return c


# --- rates ------------------------------------------------------------------------------------

_CENT = Decimal("0.01")


def percent(numerator: int, denominator: int) -> Decimal | None:
    """Percent with two decimals (half up); None when the denominator is 0."""
    if not denominator:
        return None
    return (Decimal(100 * numerator) / Decimal(denominator)).quantize(_CENT, ROUND_HALF_UP)


def with_rates(counts: dict, rates: dict = DOSSIER_RATES) -> dict:
    out = dict(counts)
    for name, (parts, denominator) in rates.items():
        out[name] = percent(sum(counts[p] for p in parts), counts[denominator])
    return out


def feedback_rates(counts: dict) -> dict:
    """Feedback rates; satisfaction is QĐ 766's (total − unsatisfied − handled late) / total.

    Total is the feedback received in the period; one that is both unsatisfied and handled late
    is subtracted once (QĐ 766 counts feedback "không hài lòng hoặc xử lý quá hạn").
    """
    out = with_rates(counts, FEEDBACK_RATES)
    total = counts["received"]
    out["satisfaction_rate"] = percent(total - counts["unsatisfied_or_late"], total)
    return out


def add_counts(rows: Iterable[dict], names: Iterable[str]) -> dict[str, int]:
    names = tuple(names)
    total = dict.fromkeys(names, 0)
    for row in rows:
        for n in names:
            total[n] += row.get(n) or 0
    return total


def running_pending(flows: dict[int, int], months: list[int], baseline: int = 0) -> dict[int, int]:
    """pending_overdue per month from (entries − exits) per month and the stock before them."""
    stock, out = baseline, {}
    for month in months:
        stock += flows.get(month, 0)
        out[month] = stock
    return out


# --- targets and traffic lights ----------------------------------------------------------------

GREEN, AMBER, RED, GREY = "green", "amber", "red", "grey"
LIGHT_LABELS = {GREEN: "Đạt", AMBER: "Gần đạt", RED: "Chưa đạt", GREY: "Chưa có số liệu"}
AMBER_MARGIN = Decimal(5)


def meets(value: Decimal, op: str, target: Decimal) -> bool:
    return {">=": value >= target, ">": value > target, "<=": value <= target}[op]


def light(value: Decimal | None, op: str, target: Decimal) -> str:
    """Green when the target is met, amber within 5 points of it, red otherwise."""
    if value is None:
        return GREY
    if meets(value, op, target):
        return GREEN
    gap = target - value if op in (">=", ">") else value - target
    return AMBER if gap <= AMBER_MARGIN else RED


_PERCENT = re.compile(r"(>=|≥|>|trên|tối thiểu|ít nhất|đạt)?\s*(\d{1,3}(?:[.,]\d+)?)\s*%")
_KPI_WORDS = (  # folded phrase → KPI, most specific first
    ("xin loi", "apology_rate"),
    ("thanh toan truc tuyen", "online_payment_rate"),
    ("so hoa", "digitised_rate"),
    ("phan anh", "feedback_on_time_rate"),
    ("truc tuyen", "online_rate"),
    ("dung han", "on_time_rate"),
    ("som han", "on_time_rate"),
    ("truoc han", "on_time_rate"),
)


def suggest_target(text: str) -> tuple[str, str, Decimal] | None:
    """'>99% hồ sơ giải quyết đúng và sớm hạn' → ('on_time_rate', '>', 99)."""
    m = _PERCENT.search(text or "")
    if not m:
        return None
    folded = fold(text)
    if not any(word in folded for word in ("ho so", "phan anh", "thanh toan")):
        return None  # a task's own deadline rate ("100% nhiệm vụ đúng hạn") is not a service KPI
    kpi = next((k for phrase, k in _KPI_WORDS if phrase in folded), None)
    if kpi is None:
        return None
    op = ">" if m[1] in (">", "trên") else ">="
    value = Decimal(m[2].replace(",", "."))
    return (kpi, op, value) if value <= 100 else None
