"""The scoring method of a leaf, recognised from the rule as a decision writes it (pure).

Only plain wordings are recognised; anything else is "free within [0, max]" flagged for review:

- steps: "Đạt 100% = 1 điểm; từ 80% đến dưới 100% = 0,5 điểm; dưới 80% = 0" — two or more
  clauses with a percentage and points; a clause's threshold is its lowest percentage not
  preceded by "dưới" ("dưới 80%" alone is the bottom step, threshold 0);
- yes_no: "Có = 1, Không = 0", "Đạt: 1 điểm; không đạt: 0 điểm" (points of "có" = the maximum);
- deduction: "trừ 0,5 điểm/văn bản", "mỗi trường hợp trừ 0,25 điểm";
- ratio: "điểm tỷ lệ thuận với …", "Điểm = 2 × tỷ lệ …";
- bonus: "điểm thưởng", "điểm cộng".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from chiso.assessment import methods
from chiso.core.lib.text import fold

NUMBER = r"(\d+(?:[.,]\d+)?)"
_PERCENT = re.compile(NUMBER + r"\s*%")
_POINTS_AFTER_SIGN = re.compile(r"(?:=|:|→|->)\s*" + NUMBER)
_POINTS_WORD = re.compile(NUMBER + r"\s*(?:diem|d)\b")
_DEDUCTION = re.compile(r"\btru\s+" + NUMBER + r"\s*(?:diem|d)\b")
_YES = re.compile(r"(?:^|[\s;,.(])(?:co|dat)\s*(?:=|:)\s*" + NUMBER)
_NO = re.compile(r"\bkhong(?:\s+dat)?\s*(?:=|:)\s*" + NUMBER)
_BELOW = re.compile(r"^\W*(?:duoi|nho hon|<)")


@dataclass
class Recognised:
    method: str
    params: dict = field(default_factory=dict)
    review: str = ""  # why a person should look at it ("" when the wording was plain)


def _number(text: str) -> Decimal:
    return methods.to_decimal(text.replace(",", "."))


def _steps(folded: str, maximum: Decimal) -> list | None:
    steps = []
    for clause in re.split(r"[;\n]", folded):
        percents = list(_PERCENT.finditer(clause))
        if not percents:
            continue
        tail = clause[percents[-1].end() :]
        found = _POINTS_AFTER_SIGN.search(tail) or _POINTS_WORD.search(tail)
        if found is None:
            continue
        if _BELOW.match(clause) and len(percents) == 1:
            threshold = Decimal(0)
        else:
            lows = [
                Decimal(m.group(1).replace(",", "."))
                for m in percents
                if not clause[: m.start()].rstrip().endswith("duoi")
            ]
            threshold = min(lows) if lows else Decimal(0)
        steps.append([float(threshold / 100), str(_number(found.group(1)))])
    if len(steps) < 2 or any(Decimal(points) > maximum for _t, points in steps):
        return None
    return sorted(steps, key=lambda s: -s[0])


def recognise(text: str, maximum) -> Recognised:
    """The method and parameters a rule's wording gives for a leaf of this maximum."""
    maximum = methods.to_decimal(maximum)
    folded = "\n".join(fold(line) for line in (text or "").splitlines())
    if not folded.strip():
        return Recognised(methods.FREE, review="Văn bản không ghi cách chấm; chấm từ 0 đến tối đa.")
    deduction = _DEDUCTION.search(folded)
    if deduction:
        per = _number(deduction.group(1))
        if 0 < per <= maximum:
            return Recognised(methods.DEDUCTION, {"per_violation": str(per)})
    steps = _steps(folded, maximum)
    if steps:
        return Recognised(methods.STEPS, {"steps": steps})
    yes, no = _YES.search(folded), _NO.search(folded)
    if yes and no and _number(yes.group(1)) == maximum and _number(no.group(1)) == 0:
        return Recognised(methods.YES_NO)
    if "ty le thuan" in folded or re.search(r"[x×*]\s*ty le", folded):
        return Recognised(methods.RATIO)
    if "diem thuong" in folded or "diem cong" in folded:
        return Recognised(methods.BONUS)
    return Recognised(
        methods.FREE, review="Chưa nhận ra cách chấm; tạm để chấm từ 0 đến tối đa, hãy kiểm tra."
    )


def scorer(*texts: str) -> str:
    """Who scores the leaf, when the wording says so (default: the unit itself)."""
    folded = fold(" ".join(t or "" for t in texts))
    if "dieu tra xa hoi hoc" in folded or "dieu tra xhh" in folded:
        return "survey"
    if "hoi dong tham dinh cham" in folded or "do hoi dong cham" in folded:
        return "council"
    return "unit"
