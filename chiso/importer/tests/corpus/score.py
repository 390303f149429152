"""Scoring a draft against gold labels: task recall and precision, field accuracy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from chiso.core.lib.vntext import fold

FIELDS = ("lead", "coordinating", "index", "deadline_kind", "deadline_dates")
SAME_TASK = 85  # partial similarity of the folded contents for a predicted task to count


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    fields: int = 0
    fields_right: int = 0
    header: int = 0
    header_right: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("gold", "predicted", "matched", "fields", "fields_right", "header"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.header_right += other.header_right
        self.misses += other.misses

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def field_acc(self) -> float:
        return self.fields_right / self.fields if self.fields else 1.0

    @property
    def header_acc(self) -> float:
        return self.header_right / self.header if self.header else 1.0


def _names(names: list[str] | None) -> set[str]:
    return {fold(n) for n in names or []}


def _same_name(a: str | None, b: str | None) -> bool:
    """'UBND tỉnh X' and 'ỦY BAN NHÂN DÂN TỈNH X' name the same issuer."""

    def key(text: str | None) -> str:
        return fold(text or "").replace("uy ban nhan dan", "ubnd")

    return key(a) == key(b)


def _values(task: dict[str, Any]) -> dict[str, Any]:
    deadline = task.get("deadline") or {}
    return {
        "lead": _names(task.get("lead")),
        "coordinating": _names(task.get("coordinating")),
        "index": task.get("index"),
        "deadline_kind": deadline.get("kind"),
        "deadline_dates": list(deadline.get("dates") or []),
    }


def _match(gold: list[dict], predicted: list[dict]) -> list[tuple[dict, dict | None]]:
    free = list(range(len(predicted)))
    keys = [fold(p.get("content") or "") for p in predicted]
    pairs = []
    for g in gold:
        key = fold(g["content"])
        best, best_score = None, SAME_TASK - 1
        for i in free:
            score = fuzz.partial_ratio(key, keys[i]) if keys[i] else 0
            if score > best_score:
                best, best_score = i, score
        if best is not None:
            free.remove(best)
        pairs.append((g, predicted[best] if best is not None else None))
    return pairs


def score_draft(name: str, draft: dict[str, Any], gold: dict[str, Any]) -> Score:
    score = Score(gold=len(gold["tasks"]), predicted=len(draft.get("tasks") or []))
    for g, p in _match(gold["tasks"], draft.get("tasks") or []):
        if p is None:
            score.misses.append(f"{name}: task not found «{g['content'][:50]}»")
            continue
        score.matched += 1
        want, got = _values(g), _values(p)
        for f in FIELDS:
            score.fields += 1
            if want[f] == got[f]:
                score.fields_right += 1
            else:
                score.misses.append(f"{name}: «{g['content'][:30]}» {f}: {got[f]!r} != {want[f]!r}")
    plan, want_plan = draft.get("plan") or {}, gold["plan"]
    for key in ("issuer", "monitoring_body"):
        if key == "issuer" and want_plan.get(key) is None:
            continue
        score.header += 1
        if _same_name(plan.get(key), want_plan.get(key)):
            score.header_right += 1
        else:
            score.misses.append(f"{name}: {key}: {plan.get(key)!r} != {want_plan.get(key)!r}")
    return score
