"""Targets tables: baseline year -> target year per component ("4.34/10.00" -> "6.90/10.00")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from chiso.core.lib.vntext import fold
from chiso.importer.draft import TargetDraft
from chiso.importer.parse.text import norm_stt, one_line

_YEAR = re.compile(r"n[a-z]{1,2}m\s*(\d{4})")
_TARGET_WORDS = re.compile(r"chi tieu|muc tieu|ke hoach|phan dau|den nam")
_NUMBER = r"\d+(?:[.,]\d+)?"
_SCORE = re.compile(rf"^\s*({_NUMBER})\s*(?:/\s*({_NUMBER}))?\s*(%)?")
_RANK = re.compile(r"\(?\s*((?:xep )?(?:thu|hang|vi tri)?\s*[\d\s–-]+(?:/\s*\d+)?)\s*\)?\s*$")


@dataclass
class ValueColumn:
    which: str  # "baseline" or "target"
    year: int | None
    measure: str  # "score", "percent", "rank"


def value_columns(labels: list[str]) -> list[ValueColumn]:
    """Columns after the number and the name, expanding year groups over their sub-labels."""
    groups: list[tuple[str, int | None]] = []
    subs: list[str] = []
    for label in labels:
        key = fold(label)
        if m := _YEAR.search(key):
            which = "target" if _TARGET_WORDS.search(key) or groups else "baseline"
            groups.append((which, int(m.group(1))))
        elif groups:
            subs.append(key)
    if not subs:
        return [ValueColumn(w, y, "score") for w, y in groups]
    per_group = max(1, len(subs) // max(1, len(groups)))
    cols = []
    for g, (which, year) in enumerate(groups):
        for key in subs[g * per_group : (g + 1) * per_group]:
            measure = (
                "percent"
                if key.startswith("ty le")
                else "rank"
                if "hang" in key or "vi tri" in key
                else "score"
            )
            cols.append(ValueColumn(which, year, measure))
    return cols


def parse_value(text: str) -> dict[str, object]:
    """'4.34/10.00' -> value 4.34, max 10.0; '80.23% (xếp thứ 45/63)' -> value, unit, rank."""
    out: dict[str, object] = {}
    raw = one_line(text)
    m = _SCORE.match(raw)
    if m:
        out["value"] = float(m.group(1).replace(",", "."))
        if m.group(2):
            out["max"] = float(m.group(2).replace(",", "."))
        if m.group(3):
            out["unit"] = "%"
    if "(" in raw:
        inner = raw[raw.index("(") + 1 :].rstrip(") ")
        out["rank"] = re.sub(r"\s*-\s*", "-", one_line(inner))
    return out


def targets_from_rows(
    rows: list[list[str]], labels: list[str], index: str | None
) -> list[TargetDraft]:
    cols = value_columns(labels)
    targets = []
    parents: dict[str, str] = {}
    for row in rows:
        if len(row) < 3:
            continue
        code = norm_stt(row[0]) or one_line(row[0]) or None
        name = one_line(row[1])
        if code and norm_stt(code):
            parents[code] = name
        target = TargetDraft(index=index, component=name, code=code)
        for col, cell in zip(cols, row[2:], strict=False):
            _apply(target, col, one_line(cell))
        if target.baseline is None and target.target is None:
            continue
        if code and "." in code:
            target.parsed["parent"] = parents.get(code.rsplit(".", 1)[0])
        targets.append(target)
    return targets


def _apply(target: TargetDraft, col: ValueColumn, cell: str) -> None:
    if not cell:
        return
    parsed = parse_value(cell)
    prefix = col.which
    if col.measure == "rank":
        setattr(target, f"rank_{prefix}", cell)
        return
    if col.measure == "percent":
        target.parsed[f"{prefix}_percent"] = parsed.get("value")
        return
    setattr(target, prefix, cell)
    setattr(target, f"{prefix}_year", col.year)
    if "value" in parsed:
        target.parsed[f"{prefix}_value"] = parsed["value"]
    if "max" in parsed:
        target.parsed[f"{prefix}_max"] = parsed["max"]
    if "unit" in parsed:
        target.parsed["unit"] = parsed["unit"]
    if "rank" in parsed:
        setattr(target, f"rank_{prefix}", parsed["rank"])
