"""The JSON draft: fields read for the confirm step; the review form's edits applied to it.

A draft is the dict of `draft_to_json`, plus "agencies"/"unresolved" once resolved. The review
form posts one input per field (`plan-title`, `tasks-3-content`, ...); `apply_form` copies the
edited values onto a copy of the stored draft, so nothing the browser sends beyond those values
(hidden ids, extra rows) is trusted.
"""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any

from chiso.core.errors import DomainError
from chiso.frameworks.vocabulary import INDEX_CODES
from chiso.importer.parse.agencies import split_agencies
from chiso.plans.deadline import parse_deadline
from chiso.plans.vocabulary import ASSIGNMENT_ROLES

PLAN_TEXT = ("number", "issuer", "place", "title", "monitoring_body")
TASK_TEXT = ("no", "component", "content", "output")
TARGET_TEXT = ("component", "baseline", "target", "rank_baseline", "rank_target")
LOW_CONFIDENCE = 0.7
_FORM_KEY = re.compile(r"^(tasks|targets)-(\d+)-([a-z_]+)$")


def agency_names(draft: dict[str, Any]) -> list[str]:
    """Every agency name the tasks use (and the plan's monitoring body), once each, in order."""
    seen: dict[str, None] = {}
    body = ((draft.get("plan") or {}).get("monitoring_body") or "").strip()
    if body:
        seen[body] = None
    for task in draft.get("tasks") or []:
        for role in ASSIGNMENT_ROLES:
            for name in task.get(role) or []:
                if name and name.strip():
                    seen.setdefault(name.strip(), None)
    return list(seen)


def join_names(names: list[str] | None) -> str:
    """Agency names as one editable text (split again by `split_agencies` on ';')."""
    return "; ".join(names or [])


def parse_iso(value: Any, label: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        pass
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", str(value).strip())
    if m:
        try:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            pass
    raise DomainError(f"{label}: ngày “{value}” không hợp lệ (nhập theo dạng ngày/tháng/năm).")


def plan_period(plan: dict[str, Any]) -> tuple[date, date]:
    """The plan period; a plan without one runs through the year of its date (or this year)."""
    period = plan.get("period") or [None, None]
    start = parse_iso(period[0], "Thực hiện từ")
    end = parse_iso(period[1], "Thực hiện đến")
    day = parse_iso(plan.get("date"), "Ngày ban hành")
    year = (day or date.today()).year
    start = start or date(year, 1, 1)
    end = end or date(max(year, start.year), 12, 31)
    if end < start:
        raise DomainError("Thời gian thực hiện: ngày kết thúc phải sau ngày bắt đầu.")
    return start, end


def plan_fields(draft: dict[str, Any], *, fallback_title: str = "") -> dict[str, Any]:
    """Keyword arguments of plans.services.plan_create from the draft's header."""
    plan = draft.get("plan") or {}
    start, end = plan_period(plan)
    title = (plan.get("title") or "").strip() or fallback_title.rsplit(".", 1)[0]
    return {
        "number": (plan.get("number") or "").strip()[:60],
        "issuer": (plan.get("issuer") or "").strip()[:255],
        "place": (plan.get("place") or "").strip()[:100],
        "date": parse_iso(plan.get("date"), "Ngày ban hành"),
        "title": title,
        "period_start": start,
        "period_end": end,
    }


def clean_deadline(deadline: dict[str, Any] | None) -> dict[str, Any]:
    data = dict(deadline or {})
    data.pop("missing", None)
    return data if (data.get("raw") or data.get("kind") not in (None, "unparsed")) else {}


def task_fields(task: dict[str, Any], position: int) -> dict[str, Any]:
    """Keyword arguments of plans.services.TaskSpec (without assignees) for one draft task."""
    content = (task.get("content") or "").strip()
    label = f"Nhiệm vụ {task.get('no') or ''} (dòng {position})".replace("  ", " ")
    if not content:
        raise DomainError(f"{label}: nội dung nhiệm vụ không được để trống.")
    index = task.get("index") or ""
    if index and index not in INDEX_CODES:
        raise DomainError(f"{label}: chỉ số “{index}” không hợp lệ.")
    return {
        "content": content,
        "number": str(task.get("no") or "").strip(),
        "section_path": [str(p) for p in task.get("component_path") or []],
        "appendix": task.get("appendix") or "",
        "index_code": index,
        "component_text": (task.get("component") or "").strip(),
        "content_original": task.get("content_original") or "",
        "expected_output": (task.get("output") or "").strip(),
        "deadline": clean_deadline(task.get("deadline")),
    }


def tasks_without_lead(draft: dict[str, Any]) -> list[str]:
    """Labels ("số 3 (dòng 7)") of the tasks that name no lead unit: they cannot be tracked."""
    return [
        f"{('số ' + str(task.get('no')) + ' ') if task.get('no') else ''}(dòng {i})"
        for i, task in enumerate(draft.get("tasks") or [], start=1)
        if not any(str(name).strip() for name in task.get("lead") or [])
    ]


def require_leads(draft: dict[str, Any]) -> None:
    """A task without a lead is never imported silently: it needs one or is left out."""
    missing = tasks_without_lead(draft)
    if not missing:
        return
    shown = ", ".join(missing[:10]) + (
        f" và {len(missing) - 10} nhiệm vụ khác" if len(missing) > 10 else ""
    )
    raise DomainError(
        f"Còn {len(missing)} nhiệm vụ chưa có đơn vị chủ trì: {shown}. Nhập đơn vị chủ trì "
        "cho từng nhiệm vụ, hoặc đánh dấu “Bỏ” để không nhập nhiệm vụ đó.",
        field="lead",
    )


def deadline_json(raw: str, plan: dict[str, Any]) -> dict[str, Any]:
    """Re-parse a deadline phrase in the plan's context (date and period)."""
    day = parse_iso(plan.get("date"), "Ngày ban hành")
    period = plan_period(plan)
    return parse_deadline(raw, plan_date=day, period=period).to_dict()


# --- the review form ------------------------------------------------------------------------


def _row(rows: list[dict[str, Any]], index: str, what: str) -> dict[str, Any]:
    i = int(index)
    if not 0 <= i < len(rows):
        label = "nhiệm vụ" if what == "tasks" else "mục tiêu"
        raise DomainError(f"Dòng {label} số {i + 1} không có trong bản nháp.")
    return rows[i]


def _set_task(task: dict[str, Any], name: str, value: str, plan: dict[str, Any]) -> None:
    value = value.strip()
    if name in TASK_TEXT:
        task[name] = value or None
    elif name == "index":
        if value and value not in INDEX_CODES:
            raise DomainError(f"Chỉ số “{value}” không hợp lệ.")
        task["index"] = value or None
    elif name in ASSIGNMENT_ROLES:
        if value != join_names(task.get(name)):
            task[name] = split_agencies(value.replace("\r", ""))
    elif name == "skip":
        task["skip"] = value in ("1", "on", "true")
    elif name == "deadline" and value != ((task.get("deadline") or {}).get("raw") or ""):
        task["deadline"] = deadline_json(value, plan)


def apply_form(draft: dict[str, Any], data) -> dict[str, Any]:
    """A copy of `draft` with the review form's values (a QueryDict or dict of str) applied.

    Raises DomainError for a row the draft does not have or a value that cannot be valid.
    """
    edited = copy.deepcopy(draft)
    plan = edited.setdefault("plan", {})
    for name in PLAN_TEXT:
        if f"plan-{name}" in data:
            plan[name] = data.get(f"plan-{name}", "").strip() or None
    if "plan-date" in data:
        day = parse_iso(data.get("plan-date"), "Ngày ban hành")
        plan["date"] = day.isoformat() if day else None
    period = list(plan.get("period") or [None, None])
    for i, (name, label) in enumerate([("start", "Thực hiện từ"), ("end", "Thực hiện đến")]):
        if f"plan-period_{name}" in data:
            day = parse_iso(data.get(f"plan-period_{name}"), label)
            period[i] = day.isoformat() if day else None
    plan["period"] = period if all(period) else None
    plan_period(plan)
    for key in data:
        m = _FORM_KEY.match(key)
        if not m:
            continue
        what, index, name = m.groups()
        row = _row(edited.get(what) or [], index, what)
        value = data.get(key, "")
        if what == "tasks":
            _set_task(row, name, value, plan)
        elif name in TARGET_TEXT:
            row[name] = value.strip() or None
    edited["tasks"] = [t for t in edited.get("tasks") or [] if not t.pop("skip", False)]
    return edited


def mappings_from_form(data, names: list[str]) -> dict[str, str]:
    """`agency-<i>` select values for the draft's unresolved names (by position)."""
    chosen = {}
    for i, name in enumerate(names):
        value = (data.get(f"agency-{i}") or "").strip()
        if value:
            chosen[name] = value
    return chosen
