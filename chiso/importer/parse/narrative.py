"""Narrative plans: the lead agency is a heading ("3. Trưởng phòng Tư pháp") and its tasks are
the numbered paragraphs (3.1, 3.2.1, a), b)) or bullets under it, with deadlines in the text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from chiso.core.lib.vntext import fold
from chiso.importer.draft import TaskDraft
from chiso.importer.parse.agencies import split_agencies, strip_leader
from chiso.importer.parse.indices import detect_index, infer_index
from chiso.importer.parse.ocr import restore_ocr
from chiso.importer.parse.sections import text_deadline
from chiso.importer.parse.tasks import Context
from chiso.importer.parse.text import is_bullet, one_line, strip_bullet
from chiso.plans.deadline import find_deadline_in_text

_HEADING = re.compile(r"^(\d{1,2})\s*[.,]\s+(\S.*)$")
_ITEM = re.compile(r"^(\d{1,2}(?:\s*[.,]\s*\d{1,2})+)\s*[.,]?\s+(\S.*)$|^([a-zđ])\)\s+(\S.*)$")
_AGENCY_START = re.compile(
    r"^(tr[a-z]{1,5}ng ph[a-z]{1,3}ng|truong ban|chanh |th[a-z] tr[a-z]{1,5}ng|ch[a-z]{0,2} tich"
    r"|giam doc|so |phong |"
    r"van phong|ubnd|uy ban|thanh tra|cong an|trung tam|ban |doan |bao hiem|cac phong|"
    r"cac co quan|cac so|dai |chi cuc|kho bac|toa an|vien kiem sat)"
)
_NOISE = re.compile(r"^(?:[!>*^\u00b9\u00b2\u00b3]|\d{1,3}$)")
_END = re.compile(r"^(tren day\b|noi nh[a-z]{1,3}\b|[ivx]+\.\s+to chuc thuc hien|tm\.|kt\.)")


@dataclass
class _Item:
    number: str | None
    lines: list[str] = field(default_factory=list)


def is_agency_heading(line: str) -> tuple[str, str] | None:
    """('3', 'Trưởng phòng Tư pháp') for a numbered heading that names who leads."""
    m = _HEADING.match(line.strip())
    if not m or len(line) > 160 or line.rstrip().endswith((".", ";", ":")):
        return None
    title = m.group(2).strip()
    key = fold(title)
    return (m.group(1), title) if _AGENCY_START.match(key) else None


def tasks_from_narrative(lines: list[str], ctx: Context) -> tuple[list[TaskDraft], list[str]]:
    tasks: list[TaskDraft] = []
    lead: list[str] = []
    heading = ""
    items: list[_Item] = []
    for raw in lines:
        line = raw.strip()
        if not line or _NOISE.match(line):
            continue
        if _END.match(fold(line)):
            if tasks or items:
                break
            continue  # "III. TỔ CHỨC THỰC HIỆN" before the agency headings opens them
        if found := is_agency_heading(line):
            tasks += _flush(items, lead, heading, ctx)
            heading = found[1]
            lead = _lead_names(heading, ctx)
            items = []
            continue
        if not lead:
            continue
        if not items and heading and not _ITEM.match(line) and not is_bullet(line):
            heading = f"{heading} {line}"  # the heading wraps onto a second line
            lead = _lead_names(heading, ctx)
            continue
        if m := _ITEM.match(line):
            number = re.sub(r"\s+", "", (m.group(1) or m.group(3) or "")).replace(",", ".")
            items.append(_Item(number, [m.group(2) or m.group(4)]))
        elif is_bullet(line):
            items.append(_Item(None, [strip_bullet(line)]))
        elif _HEADING.match(line) and items:
            items.append(_Item(line.split(".")[0], [_HEADING.match(line).group(2)]))  # "54." = 5.4
        elif items:
            items[-1].lines.append(line)
    tasks += _flush(items, lead, heading, ctx)
    return tasks, []


def _lead_names(heading: str, ctx: Context) -> list[str]:
    text = restore_ocr(heading) if ctx.ocr else heading
    names = split_agencies(re.sub(r"\s+và\s+(?=Chủ tịch|Thủ trưởng|Trưởng|Chánh)", "; ", text))
    return [strip_leader(n) for n in names]


def _flush(items: list[_Item], lead: list[str], heading: str, ctx: Context) -> list[TaskDraft]:
    tasks = []
    numbers = [i.number for i in items]
    for k, item in enumerate(items):
        text = _join_lines(item.lines)
        later = [n for n in numbers[k + 1 :] if n]
        is_container = (
            bool(item.number)
            and text.endswith(":")
            and any(n.startswith(item.number + ".") for n in later[:1])
        )
        if is_container or not text:
            continue
        tasks.append(_task(item, text, lead, heading, ctx))
    return tasks


def _join_lines(lines: list[str]) -> str:
    return one_line(" ".join(lines))


def _task(item: _Item, text: str, lead: list[str], heading: str, ctx: Context) -> TaskDraft:
    content = restore_ocr(text) if ctx.ocr else text
    index = detect_index(content) or ctx.doc_index or infer_index(content)
    deadline = find_deadline_in_text(text, plan_date=ctx.plan_date, period=ctx.period)
    if deadline is None and ctx.ocr:  # words the OCR garbled may hide the deadline
        deadline = text_deadline(content, ctx)
    task = TaskDraft(
        content=content,
        no=item.number,
        index=index,
        lead=list(lead),
        deadline=deadline,
        source="narrative",
        content_original=text if ctx.ocr else None,
        component_path=[restore_ocr(heading) if ctx.ocr else heading],
    )
    factor = 0.7 if ctx.ocr else 1.0
    task.confidence = {
        "content": round(0.7 * factor, 2),
        "lead": round(0.7 * factor, 2),
        "index": round((0.6 if index else 0.0) * factor, 2),
        "deadline": round((0.8 if deadline else 0.0) * factor, 2),
    }
    return task
