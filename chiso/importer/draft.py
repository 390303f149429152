"""The draft plan the importer proposes, and its JSON form.

A draft is what the user reviews before anything is saved: every field carries a confidence
in 0..1 so the review screen can highlight what the parser was unsure about.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from chiso.plans.deadline import Deadline


@dataclass
class PlanHeader:
    number: str | None = None
    issuer: str | None = None
    place: str | None = None
    date: date | None = None
    title: str | None = None
    period: tuple[date, date] | None = None
    # The plan-level standing monitoring body as the text writes it ("Sở Nội vụ là cơ quan
    # thường trực, theo dõi ..."); resolved to a unit when the plan is confirmed.
    monitoring_body: str | None = None
    confidence: dict[str, float] = field(default_factory=dict)


@dataclass
class TargetDraft:
    index: str | None
    component: str
    code: str | None = None
    baseline: str | None = None
    baseline_year: int | None = None
    target: str | None = None
    target_year: int | None = None
    rank_baseline: str | None = None
    rank_target: str | None = None
    parsed: dict[str, Any] = field(default_factory=dict)  # baseline_value, baseline_max, unit...
    confidence: float = 0.8


@dataclass
class TaskDraft:
    content: str
    no: str | None = None
    index: str | None = None
    component: str | None = None
    component_path: list[str] = field(default_factory=list)
    output: str | None = None
    lead: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)
    monitoring: list[str] = field(default_factory=list)
    deadline: Deadline | None = None
    appendix: str | None = None
    source: str = "table"  # "table", "flat-table", "narrative"
    content_original: str | None = None  # OCR text before diacritic restoration
    confidence: dict[str, float] = field(default_factory=dict)


@dataclass
class PlanDraft:
    header: PlanHeader = field(default_factory=PlanHeader)
    targets: list[TargetDraft] = field(default_factory=list)
    tasks: list[TaskDraft] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source_format: str = "txt"
    ocr: bool = False


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _deadline_json(deadline: Deadline | None) -> dict[str, Any]:
    if deadline is None:
        return {"raw": "", "kind": "unparsed", "dates": [], "missing": True}
    data = deadline.to_dict()
    return {"raw": data.pop("raw"), "kind": data.pop("kind"), "dates": data.pop("dates"), **data}


def task_to_json(task: TaskDraft) -> dict[str, Any]:
    return {
        "no": task.no,
        "index": task.index,
        "component": task.component,
        "component_path": task.component_path,
        "content": task.content,
        "output": task.output,
        "lead": task.lead,
        "coordinating": task.coordinating,
        "monitoring": task.monitoring,
        "deadline": _deadline_json(task.deadline),
        "appendix": task.appendix,
        "source": task.source,
        "content_original": task.content_original,
        "confidence": task.confidence,
    }


def target_to_json(target: TargetDraft) -> dict[str, Any]:
    return {
        "index": target.index,
        "component": target.component,
        "code": target.code,
        "baseline": target.baseline,
        "baseline_year": target.baseline_year,
        "target": target.target,
        "target_year": target.target_year,
        "rank_baseline": target.rank_baseline,
        "rank_target": target.rank_target,
        **target.parsed,
        "confidence": target.confidence,
    }


def draft_to_json(draft: PlanDraft) -> dict[str, Any]:
    """The JSON contract shared with `chiso import-plan --json` and the review screen."""
    header = draft.header
    return {
        "plan": {
            "number": header.number,
            "issuer": header.issuer,
            "place": header.place,
            "date": _iso(header.date),
            "title": header.title,
            "period": [_iso(header.period[0]), _iso(header.period[1])] if header.period else None,
            "monitoring_body": header.monitoring_body,
            "confidence": header.confidence,
        },
        "targets": [target_to_json(t) for t in draft.targets],
        "tasks": [task_to_json(t) for t in draft.tasks],
        "warnings": list(draft.warnings),
        "source_format": draft.source_format,
        "ocr": draft.ocr,
    }
