"""Pure parsing of a plan document into a draft: Document -> PlanDraft (no database)."""

from __future__ import annotations

import re

from chiso.core.lib.vntext import (
    diacritic_ratio,
    find_original,
    fold,
    fold_chars,
)
from chiso.core.readers.document import Document
from chiso.importer.draft import PlanDraft
from chiso.importer.errors import NoPlanFound
from chiso.importer.parse.agencies import split_agencies
from chiso.importer.parse.header import find_monitoring_body, infer_period, parse_header
from chiso.importer.parse.indices import detect_index, explicit_indices, infer_index
from chiso.importer.parse.narrative import tasks_from_narrative
from chiso.importer.parse.ocr import restore_ocr
from chiso.importer.parse.sections import tasks_from_sections
from chiso.importer.parse.tables import TextLine, segment
from chiso.importer.parse.targets import targets_from_rows
from chiso.importer.parse.tasks import Context, tasks_from_table
from chiso.importer.parse.text import tidy_task_text

__all__ = ["parse_document"]

OCR_RATIO = 0.2
_APPENDIX = re.compile(r"^phu luc\b")
_RESPONSIBLE = re.compile(
    r"(theo doi, quan ly|theo doi|thuc hien|chu tri|tham muu|trach nhiem|quan ly)\s+cua\s+(.+)$"
)


def parse_document(doc: Document) -> PlanDraft:
    """Header, targets and tasks of a plan; raises NoPlanFound when there are no tasks."""
    items = segment(doc)
    lines = [item.text for item in items if isinstance(item, TextLine)]
    full_text = "\n".join(lines)
    draft = PlanDraft(source_format=doc.source_format)
    draft.ocr = len(full_text) > 200 and diacritic_ratio(full_text) < OCR_RATIO
    draft.header = parse_header(lines, full_text)
    if draft.ocr and draft.header.title:
        draft.header.title = restore_ocr(draft.header.title)
    _fix_issuer(draft, full_text)
    body = find_monitoring_body(full_text)
    draft.header.monitoring_body = restore_ocr(body) if body and draft.ocr else body
    draft.header.confidence["monitoring_body"] = 0.8 if body else 0.0
    draft.targets = _targets(items)
    years = [y for t in draft.targets for y in (t.target_year,) if y]
    draft.header.period = infer_period([draft.header.title or ""], draft.header.date, years)
    draft.header.confidence["period"] = 0.8 if draft.header.period else 0.0
    ctx = Context(
        doc_index=detect_index(draft.header.title or ""),
        doc_inferred=infer_index(draft.header.title or ""),
        plan_date=draft.header.date,
        period=draft.header.period,
        ocr=draft.ocr,
    )
    _table_tasks(items, ctx, draft, full_text)
    if not draft.tasks:
        draft.tasks = tasks_from_sections(lines, ctx)
    if not draft.tasks:
        tasks, warnings = tasks_from_narrative(lines, ctx)
        draft.tasks, draft.warnings = tasks, draft.warnings + warnings
    if not draft.tasks:
        raise NoPlanFound()
    for task in draft.tasks:
        task.content = tidy_task_text(task.content)
        task.output = tidy_task_text(task.output) or None
    _header_warnings(draft)
    return draft


def _targets(items: list) -> list:
    targets = []
    recent: list[str] = []
    for item in items:
        if isinstance(item, TextLine):
            if item.text.strip():
                recent = (recent + [item.text])[-3:]
            continue
        if item.kind != "targets":
            continue
        index = next((found for t in reversed(recent) if (found := detect_index(t))), None)
        rows = [r for r in item.rows if r is not None]
        targets += targets_from_rows(rows, item.labels[2:] if item.flat else item.labels, index)
    return targets


def _table_tasks(items: list, ctx: Context, draft: PlanDraft, full_text: str) -> None:
    title_lines: list[str] = []
    in_appendix_title = False
    for item in items:
        if isinstance(item, TextLine):
            text = item.text.strip()
            if _APPENDIX.match(fold(text)):
                ctx.appendix, title_lines, in_appendix_title = text, [], True
                ctx.appendix_index, ctx.appendix_lead, ctx.appendix_monitoring = None, [], []
                ctx.section_index = None
            elif in_appendix_title and text:
                title_lines.append(text)
                _apply_appendix_title(ctx, " ".join(title_lines), full_text)
            elif _is_heading(text) and (found := detect_index(text)):
                ctx.section_index = found
            continue
        in_appendix_title = False
        if item.kind != "tasks" or "stt" not in item.roles and "content" not in item.roles:
            continue
        tasks, warnings = tasks_from_table(item, ctx)
        draft.tasks += tasks
        draft.warnings += warnings


_HEADING_START = re.compile(r"^(?:[ivx]+|\d{1,2}(?:\.\d{1,2})*|[a-z])[.)]\s|^(?:chi so|doi voi)\b")


def _is_heading(text: str) -> bool:
    """A short heading line ("1. Chỉ số năng lực cạnh tranh cấp tỉnh"), not a sentence."""
    return (
        0 < len(text) <= 150
        and not text.rstrip().endswith((".", ";", ":"))
        and (text.isupper() or bool(_HEADING_START.match(fold(text))))
    )


def _apply_appendix_title(ctx: Context, title: str, full_text: str) -> None:
    """'... THUỘC TRÁCH NHIỆM THEO DÕI, QUẢN LÝ CỦA SỞ NỘI VỤ (Kèm theo ...)'."""
    # The "(Kèm theo Kế hoạch số ...)" line follows the title, sometimes without its "(".
    title = re.split(r"\(?\s*kèm theo\b", title, maxsplit=1, flags=re.IGNORECASE)[0]
    found = explicit_indices(title)
    ctx.appendix_index = found[0] if len(found) == 1 else None
    m = _RESPONSIBLE.search(fold_chars(title))
    if not m:
        return
    original = title[m.start(2) : m.end(2)]
    names = [_recase(n, full_text) for n in split_agencies(original.strip(" .("))]
    ctx.appendix_lead = names
    ctx.appendix_monitoring = names if "theo doi" in m.group(1) else []


def _recase(name: str, full_text: str) -> str:
    """'SỞ NỘI VỤ' -> 'Sở Nội vụ' as the body writes it (falls back to sentence case)."""
    if not name.isupper():
        return name
    found = find_original(full_text, name)
    if found and not found.isupper():
        return " ".join(found.split())
    return _unit_case(name)


_FIELD_HEADS = {"so": 1, "phong": 1, "ban": 1, "cuc": 1, "van phong": 2, "chi cuc": 2}
_ACRONYMS = {"ubnd", "hdnd", "mttq", "tthc", "cchc"}


def _unit_case(name: str) -> str:
    """'SỞ XÂY DỰNG' -> 'Sở Xây dựng': the unit word and, after Sở/Phòng/Ban, its field."""
    words = name.lower().split()
    head = _FIELD_HEADS.get(fold(" ".join(words[:2]))) or _FIELD_HEADS.get(fold(words[0]), 0)
    for k in {0, head} if head else {0}:
        if k < len(words):
            words[k] = words[k][:1].upper() + words[k][1:]
    return " ".join(w.upper() if fold(w) in _ACRONYMS else w for w in words)


def _fix_issuer(draft: PlanDraft, full_text: str) -> None:
    header = draft.header
    if header.issuer and header.confidence.get("issuer", 0) >= 0.9 and not header.issuer.isupper():
        return
    if header.place:
        m = re.search(
            r"\b(tinh|huyen|thi xa|thanh pho|quan|thi tran|xa|phuong)\s+"
            + re.escape(fold(header.place)),
            fold(full_text),
        )
        if m:
            level = {
                "xa": "xã",
                "phuong": "phường",
                "tinh": "tỉnh",
                "huyen": "huyện",
                "thi xa": "thị xã",
                "thanh pho": "thành phố",
                "quan": "quận",
                "thi tran": "thị trấn",
            }[m.group(1)]
            header.issuer = f"UBND {level} {header.place}"
            header.confidence["issuer"] = 0.7


def _header_warnings(draft: PlanDraft) -> None:
    header = draft.header
    if not header.number:
        draft.warnings.append("Chưa tìm thấy số văn bản (số kế hoạch), cần nhập tay.")
    if not header.date:
        draft.warnings.append("Chưa tìm thấy ngày ban hành kế hoạch, cần nhập tay.")
    if not header.period:
        draft.warnings.append("Chưa xác định được thời kỳ của kế hoạch, cần nhập tay.")
    if draft.ocr:
        draft.warnings.append(
            "Văn bản nhận dạng (OCR) không dấu: đã khôi phục dấu tiếng Việt ở những từ chắc chắn, "
            "cần kiểm tra lại nội dung."
        )
