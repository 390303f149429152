"""Tasks from task tables of any column order, with hierarchical numbering.

Parent rows (I, 1, 1.1 when 1.1.1 follows, or unnumbered sub-headings) are not tasks: they give
their children an index, a component and sometimes a monitoring or lead agency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from chiso.core.lib.vntext import fold
from chiso.importer.draft import TaskDraft
from chiso.importer.parse.agencies import split_agencies
from chiso.importer.parse.indices import detect_index, infer_index
from chiso.importer.parse.ocr import restore_ocr
from chiso.importer.parse.tables import TableItem
from chiso.importer.parse.text import clean_cell, is_child, is_roman, norm_stt, one_line, stt_depth
from chiso.plans.deadline import Deadline, find_deadline_in_text, parse_deadline

_COORD_IN_LEAD = re.compile(r"\s+phối hợp(?: với)?\s+", re.IGNORECASE)
_LEAD_WORD = re.compile(r"\s+chủ trì\s*[,;]?\s*$", re.IGNORECASE)


@dataclass
class Context:
    """What the text around a table says about its tasks."""

    appendix: str | None = None
    appendix_index: str | None = None
    section_index: str | None = None  # from a heading above the table ("1. Chỉ số PCI")
    appendix_lead: list[str] = field(default_factory=list)
    appendix_monitoring: list[str] = field(default_factory=list)
    doc_index: str | None = None
    doc_inferred: str | None = None  # from the title's field ("Cải cách hành chính năm 2025")
    plan_date: date | None = None
    period: tuple[date, date] | None = None
    ocr: bool = False


@dataclass
class _Group:
    depth: float
    text: str
    index: str | None
    inferred: str | None
    monitoring: list[str]
    lead: list[str]


def normalize_rows(table: TableItem) -> list[list[str]]:
    """Drop repeated headers; glue the rest of a cell continued after a page break."""
    header_keys = [[fold(c) for c in r] for r in table.header]
    out: list[list[str]] = []
    after_break = False
    for row in table.rows:
        if row is None:
            after_break = True
            continue
        keys = [fold(c) for c in row]
        if any(keys[: len(h)] == h[: len(keys)] for h in header_keys) or _is_column_numbers(keys):
            after_break = True
            continue
        if after_break and out and row and not row[0].strip() and any(c.strip() for c in row):
            out[-1] = [
                _join(a, b) for a, b in zip(out[-1], row + [""] * len(out[-1]), strict=False)
            ]
            after_break = False
            continue
        after_break = False
        if any(c.strip() for c in row):
            out.append(list(row))
    return out


def _is_column_numbers(keys: list[str]) -> bool:
    """Rows like '(1) (2) (3)' or '1 2 3 4' that number the columns under the header."""
    filled = [k for k in keys if k]
    return (
        len(filled) >= 3
        and all(re.fullmatch(r"\(?\d{1,2}\)?", k) for k in filled)
        and [int(k.strip("()")) for k in filled] == list(range(1, len(filled) + 1))
    )


def _join(a: str, b: str) -> str:
    if not b.strip():
        return a
    if not a.strip():
        return b
    return a.rstrip() + ("" if a.rstrip().endswith("-") else " ") + b.lstrip()


def tasks_from_table(table: TableItem, ctx: Context) -> tuple[list[TaskDraft], list[str]]:
    rows = normalize_rows(table)
    roles = table.roles
    cells = _merge_agency_rows(
        [
            {role: clean_cell(row[i]) for i, role in enumerate(roles) if role and i < len(row)}
            for row in rows
        ]
    )
    stts = [norm_stt(c.get("stt")) for c in cells]
    has_content_col = "content" in roles
    stack: list[_Group] = []
    tasks: list[TaskDraft] = []
    warnings: list[str] = []
    for i, row in enumerate(cells):
        stt = stts[i]
        next_stt = next((s for s in stts[i + 1 :] if s), None)
        content = row.get("content", "") if has_content_col else row.get("component", "")
        task_fields = [row.get(r, "") for r in ("output", "lead", "coordinating", "deadline")]
        is_parent = bool(stt and next_stt and is_child(stt, next_stt) and not is_roman(next_stt))
        heading = not stt and not any(task_fields) and not table.flat
        if is_roman(stt) or is_parent or heading or not (content or any(task_fields)):
            _push(stack, _group(row, stt, has_content_col))
            continue
        if not content and not any(task_fields):
            continue
        if stt and not is_roman(stt):  # a leaf closes deeper or equal groups (1.3 before 1.4)
            while stack and stack[-1].depth >= stt_depth(stt):
                stack.pop()
        task = _task(row, stt, stack, ctx, has_content_col, table.flat)
        if task.deadline and task.deadline.kind == "unparsed" and task.deadline.raw:
            warnings.append(
                f"{ctx.appendix or 'Bảng nhiệm vụ'}, mục {stt or '?'}: chưa hiểu thời hạn "
                f"«{task.deadline.raw}», cần nhập lại."
            )
        tasks.append(task)
    return tasks, warnings


_AGENCY_ROLES = ("lead", "coordinating", "monitoring")


def _merge_agency_rows(cells: list[dict[str, str]]) -> list[dict[str, str]]:
    """One lead per row under merged cells: rows that repeat (or leave empty) every cell but
    the agencies of the row above continue that task; their agencies are appended."""
    out: list[dict[str, str]] = []
    for row in cells:
        prev = out[-1] if out else None
        if prev is not None and _continues_agencies(prev, row):
            for role in _AGENCY_ROLES:
                value = row.get(role, "")
                if value and value not in prev.get(role, "").split("\n"):
                    prev[role] = "\n".join(x for x in (prev.get(role, ""), value) if x)
            continue
        out.append(dict(row))
    return out


def _continues_agencies(prev: dict[str, str], row: dict[str, str]) -> bool:
    if not any(row.get(role) for role in _AGENCY_ROLES):
        return False
    if not (prev.get("content") or prev.get("component")) or not norm_stt(prev.get("stt")):
        return False
    others = [k for k in set(prev) | set(row) if k not in _AGENCY_ROLES]
    repeated = all(row.get(k, "") == prev.get(k, "") for k in others)
    blank = all(not row.get(k) for k in others)
    return repeated or blank


def _group(row: dict[str, str], stt: str | None, has_content_col: bool) -> _Group:
    text = one_line(row.get("component") or row.get("content") or "")
    if not text:
        text = one_line(next((v for v in row.values() if v and norm_stt(v) is None), ""))
    index = detect_index(text)
    # An unnumbered row naming an index sits above the unnumbered field rows under it.
    depth = 0.0 if is_roman(stt) else (stt_depth(stt) if stt else (0.25 if index else 0.5))
    return _Group(
        depth=depth,
        text=text,
        index=index,
        inferred=infer_index(text),
        monitoring=split_agencies(row.get("monitoring")),
        lead=split_agencies(row.get("lead")),
    )


def _push(stack: list[_Group], group: _Group) -> None:
    while stack and stack[-1].depth >= group.depth:
        stack.pop()
    stack.append(group)


def _is_index_heading(text: str) -> bool:
    return bool(detect_index(text)) and len(fold(text)) <= 40


def _task(
    row: dict[str, str],
    stt: str | None,
    stack: list[_Group],
    ctx: Context,
    has_content_col: bool,
    flat: bool,
) -> TaskDraft:
    own_component = one_line(row.get("component", "")) if has_content_col else ""
    content = row.get("content", "") if has_content_col else row.get("component", "")
    path = [g.text for g in stack if g.text and not _is_index_heading(g.text)]
    component = own_component or (path[-1] if path else None)
    lead, extra_coord = _lead_cell(row.get("lead", ""))
    lead = lead or _inherited(stack, "lead") or list(ctx.appendix_lead)
    monitoring = split_agencies(row.get("monitoring")) or _inherited(stack, "monitoring")
    monitoring = monitoring or list(ctx.appendix_monitoring)
    task = TaskDraft(
        content=content or row.get("output", ""),
        no=stt,
        index=_index(stack, own_component, ctx),
        component=component,
        component_path=path + ([own_component] if own_component else []),
        output=row.get("output") or None,
        lead=lead,
        coordinating=split_agencies(row.get("coordinating")) + extra_coord,
        monitoring=monitoring,
        deadline=_deadline(row, content, ctx),
        appendix=ctx.appendix,
        source="flat-table" if flat else "table",
    )
    task.confidence = _confidence(task, row, ctx, flat)
    if ctx.ocr:
        _restore(task)
    return task


def _lead_cell(cell: str) -> tuple[list[str], list[str]]:
    """'Phòng Kinh tế phối hợp Phòng Tài nguyên và Môi trường': lead, then coordinating."""
    parts = _COORD_IN_LEAD.split(clean_cell(cell), maxsplit=1)
    lead = split_agencies(_LEAD_WORD.sub("", parts[0]))
    return lead, split_agencies(parts[1]) if len(parts) > 1 else []


def _inherited(stack: list[_Group], attr: str) -> list[str]:
    for group in reversed(stack):
        if getattr(group, attr):
            return list(getattr(group, attr))
    return []


def _index(stack: list[_Group], own_component: str, ctx: Context) -> str | None:
    for group in reversed(stack):
        if group.index:
            return group.index
    if ctx.section_index:
        return ctx.section_index
    if ctx.appendix_index:
        return ctx.appendix_index
    if ctx.doc_index:
        return ctx.doc_index
    for text in [own_component] + [g.text for g in reversed(stack)]:
        if text and (found := infer_index(text)):
            return found
    return ctx.doc_inferred


def _deadline(row: dict[str, str], content: str, ctx: Context) -> Deadline | None:
    raw = one_line(row.get("deadline", ""))
    if raw:
        return parse_deadline(raw, plan_date=ctx.plan_date, period=ctx.period)
    return find_deadline_in_text(content, plan_date=ctx.plan_date, period=ctx.period)


def _confidence(task: TaskDraft, row: dict[str, str], ctx: Context, flat: bool) -> dict[str, float]:
    base = 0.75 if flat else 0.95
    deadline = 0.0
    if task.deadline is not None:
        deadline = 0.3 if task.deadline.kind == "unparsed" else base
    conf = {
        "content": base,
        "component": base if task.component else 0.0,
        "index": 0.9 if task.index else 0.0,
        "output": base if task.output else 0.0,
        "lead": base if row.get("lead") else (0.6 if task.lead else 0.0),
        "coordinating": base if task.coordinating else 0.0,
        "monitoring": base if row.get("monitoring") else (0.6 if task.monitoring else 0.0),
        "deadline": deadline,
    }
    if ctx.ocr:
        conf = {k: round(v * 0.7, 2) for k, v in conf.items()}
    return conf


def _restore(task: TaskDraft) -> None:
    task.content_original = task.content
    task.content = restore_ocr(task.content)
    if task.output:
        task.output = restore_ocr(task.output)
    task.lead = [restore_ocr(x) for x in task.lead]
    task.coordinating = [restore_ocr(x) for x in task.coordinating]
