"""What the review screen shows for a draft (pure: the draft and candidates in, rows out)."""

from __future__ import annotations

from datetime import date
from itertools import groupby
from typing import Any

from chiso.frameworks.vocabulary import INDEX_CODES
from chiso.importer.draft_json import LOW_CONFIDENCE, join_names
from chiso.plans.vocabulary import ASSIGNMENT_ROLES

KIND_LABELS = {
    "date": "Ngày cụ thể",
    "before": "Trước ngày",
    "month": "Trong tháng",
    "quarter": "Trong quý",
    "half_year": "Trong 6 tháng",
    "year": "Trong năm",
    "recurring": "Định kỳ",
    "range": "Giai đoạn",
    "continuous": "Thường xuyên",
    "conditional": "Theo sự kiện, điều kiện",
    "unparsed": "Chưa hiểu — cần nhập lại",
}
# Fields highlighted when empty too: a task needs content, a lead unit and a deadline.
REQUIRED = ("content", "lead", "deadline")
FIELDS = ("no", "index", "component", "content", "output", *ASSIGNMENT_ROLES)
SHOWN_DATES = 4
AGENCY_CONFIDENCE = 0.5
SURE_MATCH = 90


def _vn(day: str) -> str:
    try:
        return date.fromisoformat(day).strftime("%d/%m/%Y")
    except (TypeError, ValueError):
        return str(day)


def deadline_view(deadline: dict[str, Any] | None) -> dict[str, Any]:
    deadline = deadline or {}
    kind = deadline.get("kind") or "unparsed"
    dates = [_vn(d) for d in deadline.get("dates") or []]
    more = len(dates) - SHOWN_DATES
    return {
        "raw": deadline.get("raw") or "",
        "kind": kind,
        "kind_label": KIND_LABELS.get(kind, kind),
        "dates": dates[:SHOWN_DATES],
        "more": more if more > 0 else 0,
        "count": len(dates),
        "unparsed": kind == "unparsed",
    }


def _agency_doubt(names: list[str], agencies: dict[str, Any] | None) -> bool:
    """A name that did not resolve, or resolved with a weak fuzzy score."""
    if agencies is None:
        return False
    return any(agencies.get(n) is None or agencies[n].get("score", 100) < SURE_MATCH for n in names)


def low_fields(task: dict[str, Any], agencies: dict[str, Any] | None = None) -> set[str]:
    """Fields of a task to highlight: low confidence, or a required field left empty.

    For agency columns the parser's confidence only counts when very low: a name that resolved
    to a unit is a stronger signal than a column-level guess, and a whole column highlighted
    tells the reviewer nothing.
    """
    confidence = task.get("confidence") or {}
    low = set()
    for name in (*FIELDS, "deadline"):
        value = task.get(name)
        filled = bool(value.get("raw")) if name == "deadline" and value else bool(value)
        limit = AGENCY_CONFIDENCE if name in ASSIGNMENT_ROLES else LOW_CONFIDENCE
        unsure = filled and confidence.get(name, 1.0) < limit
        if name in ASSIGNMENT_ROLES and filled and _agency_doubt(value, agencies):
            unsure = True
        if unsure or (name in REQUIRED and not filled):
            low.add(name)
    if (task.get("deadline") or {}).get("kind") == "unparsed":
        low.add("deadline")
    return low


def task_rows(draft: dict[str, Any]) -> list[dict[str, Any]]:
    agencies = draft.get("agencies")
    rows = []
    for i, task in enumerate(draft.get("tasks") or []):
        rows.append(
            {
                # Strings, not ints: Django localizes every int it renders, which dominates the
                # rendering time of a 250-task review page.
                "i": str(i),
                "n": str(i + 1),
                "task": task,
                "low": low_fields(task, agencies),
                "names": {r: join_names(task.get(r)) for r in ASSIGNMENT_ROLES},
                "deadline": deadline_view(task.get("deadline")),
                "appendix": task.get("appendix") or "",
            }
        )
    return rows


def sections(draft: dict[str, Any]) -> list[dict[str, Any]]:
    """Task rows grouped by appendix (consecutive), so a long plan folds into sections."""
    out = []
    for n, (appendix, rows) in enumerate(groupby(task_rows(draft), key=lambda r: r["appendix"])):
        rows = list(rows)
        out.append(
            {
                "n": n,
                "title": appendix or "Nhiệm vụ",
                "rows": rows,
                "low_count": sum(1 for r in rows if r["low"]),
            }
        )
    return out


def target_rows(draft: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "i": str(i),
            "n": str(i + 1),
            "t": t,
            "low": (t.get("confidence") or 1.0) < LOW_CONFIDENCE,
            "baseline_year": str(t.get("baseline_year") or ""),
            "target_year": str(t.get("target_year") or ""),
        }
        for i, t in enumerate(draft.get("targets") or [])
    ]


def header_dates(draft: dict[str, Any]) -> dict[str, str]:
    """The header's dates as dd/mm/yyyy for the text inputs of the review form."""
    plan = draft.get("plan") or {}
    period = plan.get("period") or [None, None]
    values = {"date": plan.get("date"), "period_start": period[0], "period_end": period[1]}
    return {k: _vn(v) if v else "" for k, v in values.items()}


def header_low(draft: dict[str, Any]) -> set[str]:
    plan = draft.get("plan") or {}
    confidence = plan.get("confidence") or {}
    low = {k for k, v in confidence.items() if v < LOW_CONFIDENCE}
    return low | {k for k in ("title", "period") if not plan.get(k)}


def index_choices() -> list[str]:
    return list(INDEX_CODES)
