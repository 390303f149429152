"""Narrative plans without a task table: tasks are the lettered or numbered items of the
"Nhiệm vụ, giải pháp" section, grouped under headings that name an index ("1. Đối với Chỉ số
PAR INDEX") and sometimes under the agency that leads them ("Sở Tư pháp:").

The lead is the subject of the section or of the sentence ("Giao Sở Nội vụ chủ trì, phối hợp
với Văn phòng UBND và Sở Tư pháp ..." -> lead Sở Nội vụ, coordinating the other two); bullets
under an item belong to it; the deadline is read from the item's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from chiso.core.lib.vntext import fold, fold_chars
from chiso.importer.draft import TaskDraft
from chiso.importer.parse.agencies import split_agencies
from chiso.importer.parse.indices import detect_index, infer_index
from chiso.importer.parse.ocr import restore_ocr
from chiso.importer.parse.tasks import Context
from chiso.importer.parse.text import is_bullet, one_line, strip_bullet
from chiso.plans.deadline import Deadline, find_deadline_in_text, parse_deadline

_START = re.compile(r"^[ivx]+\s*[.)]\s+(?:cac\s+)?(?:nhiem vu|giai phap|noi dung)")
_STOP = re.compile(r"^(?:[ivx]+\s*[.)]\s+|noi nhan\b|tm\.|kt\.)")
_ITEM = re.compile(r"^(?:([a-zđ])\)|(\d{1,2}(?:\s*\.\s*\d{1,2})*)\s*[.)])\s+(\S.*)$", re.IGNORECASE)
_UNIT_HEAD = (
    r"(?:so|phong|van phong|ubnd|uy ban|thanh tra|cong an|trung tam|ban|cuc|chi cuc|bao hiem"
    r"|cac so|cac co quan|cac phong|doan|hoi|bo phan|cong chuc|kho bac|dai)\b"
)
_SUBJECT = re.compile(r"^(" + _UNIT_HEAD + r"[^:.;]{0,80}?)\s*:\s*(.*)$")
_LEAD = re.compile(r"^(?:giao\s+)?(" + _UNIT_HEAD + r".{0,90}?)\s+chu tri\b")
_GIAO = re.compile(r"^giao\s+(" + _UNIT_HEAD + r".{0,90}?)\s+(?:theo doi|thuc hien|to chuc)\b")
_COORD = re.compile(r"\bphoi hop (?:voi|cung)\s+(.+)$")
# Verbs that end a list of agencies inside a sentence.
_VERB = re.compile(
    r"\s+(?:xay dung|to chuc|huong dan|kiem tra|khao sat|ra soat|trien khai|thuc hien|tham muu"
    r"|theo doi|cap nhat|cong khai|tuyen truyen|nang cap|danh gia|bao cao|de xuat|hoan thanh"
    r"|lay y kien|tap huan|xu ly|giai quyet|ban hanh|tong hop|dam bao)\b|[;.:(]|,\s+(?!(?:"
    + _UNIT_HEAD
    + r"))"
)
_WHEN = re.compile(r"thoi (?:gian|han)(?: thuc hien| hoan thanh)?\s*:\s*([^.;]+)")
_HALF = re.compile(r"\b0?6 thang (?:dau|cuoi) n[a-z]{1,2}m \d{4}")
_EVERY = re.compile(r"\b(?:dinh ky\s+)?hang (?:tuan|thang|quy)\b")
_ALWAYS = re.compile(r"\bthuong xuyen\b|\blien tuc\b")
_WHEN_EVENT = re.compile(
    r"\b(?:sau khi (?:co|duoc)|theo ke hoach (?:cua|cong tac)|khi co (?:yeu cau|huong dan))[^.;]*"
)


@dataclass
class _Item:
    no: str
    lines: list[str] = field(default_factory=list)
    index: str | None = None
    subject: list[str] = field(default_factory=list)
    heading: str = ""
    labelled: dict[str, str] = field(default_factory=dict)  # "Cơ quan chủ trì: ..." lines


def tasks_from_sections(lines: list[str], ctx: Context) -> list[TaskDraft]:
    """Tasks of the "Nhiệm vụ, giải pháp" section; [] when the plan has no such section."""
    items: list[_Item] = []
    started, index, subject, heading = False, None, [], ""
    for raw in lines:
        line = raw.strip()
        key = fold(line)
        if not line:
            continue
        if not started:
            started = bool(_START.match(key))
            continue
        if _STOP.match(key) and not _START.match(key):
            break
        if _is_index_heading(line):
            index, subject, heading = detect_index(line), [], one_line(line)
            continue
        if m := _SUBJECT.match(fold_chars(line)):
            subject = split_agencies(line[m.start(1) : m.end(1)])
            rest = line[m.start(2) :].strip()
            if rest:
                items.append(_Item("", [rest], index, subject, heading))
            continue
        if m := _ITEM.match(line):
            items.append(_Item(m.group(1) or re.sub(r"\s+", "", m.group(2)), [m.group(3)]))
            items[-1].index, items[-1].subject, items[-1].heading = index, subject, heading
        elif items and (found := _labelled(strip_bullet(line))):
            items[-1].labelled[found[0]] = found[1]
        elif is_bullet(line) and items:
            items[-1].lines.append("\n- " + strip_bullet(line))
        elif items:
            items[-1].lines.append(line)
    return [_task(item, ctx) for item in items if _is_task(item)]


_LABEL = re.compile(
    r"^(?:(?:co quan|don vi)\s+)?(chu tri|phoi hop|thoi gian(?: hoan thanh| thuc hien)?"
    r"|thoi han(?: hoan thanh)?)\s*:\s*(\S.*)$"
)


def _labelled(line: str) -> tuple[str, str] | None:
    """("lead" | "coordinating" | "deadline", value) for "Cơ quan chủ trì: Sở Nội vụ."."""
    m = _LABEL.match(fold_chars(line))
    if not m:
        return None
    role = {"chu tri": "lead", "phoi hop": "coordinating"}.get(m.group(1), "deadline")
    return role, line[m.start(2) :].strip(" .;")


def _is_index_heading(line: str) -> bool:
    if len(line) > 160 or line.rstrip().endswith((".", ";")):
        return False
    key = fold(line)
    named = re.match(r"^(?:\d{1,2}[.)]\s+)?(?:doi voi|chi so)", key)
    return bool(detect_index(line)) and bool(named)


def _is_task(item: _Item) -> bool:
    text = one_line(" ".join(item.lines))
    return len(text) > 15 and not text.endswith(":") or any("\n- " in x for x in item.lines)


def _join(lines: list[str]) -> str:
    """Item lines as one text: wrapped lines joined (hyphenated ends glued), bullets kept."""
    text = ""
    for line in lines:
        if line.startswith("\n"):
            text += line
        elif text.endswith("-") and line[:1].islower():
            text = text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    return "\n".join(one_line(x) for x in text.split("\n"))


def _task(item: _Item, ctx: Context) -> TaskDraft:
    original = _join(item.lines)
    content = restore_ocr(original) if ctx.ocr else original
    lead, coordinating = _agencies(content)
    if item.subject:
        lead = list(item.subject)
    labels = item.labelled
    lead = split_agencies(labels["lead"]) if "lead" in labels else lead
    coordinating = split_agencies(labels.get("coordinating")) or coordinating
    deadline = text_deadline(content, ctx)
    if "deadline" in labels:
        deadline = parse_deadline(labels["deadline"], plan_date=ctx.plan_date, period=ctx.period)
    index = item.index or ctx.doc_index or detect_index(content) or infer_index(content)
    task = TaskDraft(
        content=content,
        no=item.no or None,
        index=index,
        component_path=[item.heading] if item.heading else [],
        lead=lead,
        coordinating=coordinating,
        deadline=deadline,
        source="narrative",
        content_original=original if ctx.ocr else None,
    )
    task.confidence = {
        "content": 0.7,
        "lead": 0.7 if lead else 0.0,
        "coordinating": 0.6 if coordinating else 0.0,
        "index": 0.7 if index else 0.0,
        "deadline": 0.7 if deadline else 0.0,
    }
    return task


def _agencies(text: str) -> tuple[list[str], list[str]]:
    """Lead and coordinating units named by the sentence of an item."""
    first = text.split("\n")[0]
    key = fold_chars(first)
    lead: list[str] = []
    m = _LEAD.match(key) or _GIAO.match(key)
    if m:
        lead = split_agencies(first[m.start(1) : m.end(1)])
    coordinating: list[str] = []
    if c := _COORD.search(key):
        tail = first[c.start(1) :]
        stop = _VERB.search(fold_chars(tail))
        names = tail[: stop.start()] if stop else tail
        coordinating = split_agencies(names)
    return lead, coordinating


def text_deadline(text: str, ctx: Context) -> Deadline | None:
    """The deadline an item's text states ("Thời gian thực hiện: Quý II/2025", "thường xuyên")."""
    key = fold_chars(text)
    if m := _WHEN.search(key):
        phrase = text[m.start(1) : m.end(1)]
        found = parse_deadline(phrase, plan_date=ctx.plan_date, period=ctx.period)
        if found.kind != "unparsed":
            return found
    if found := find_deadline_in_text(text, plan_date=ctx.plan_date, period=ctx.period):
        return found
    for regex in (_HALF, _EVERY, _ALWAYS, _WHEN_EVENT):
        if m := regex.search(key):
            phrase = text[m.start() : m.end()]
            found = parse_deadline(phrase, plan_date=ctx.plan_date, period=ctx.period)
            if found.kind != "unparsed":
                return found
    return None
