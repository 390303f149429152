"""Scoring methods of a PAR assessment leaf (tiêu chí thành phần), as pure functions.

A province's decision gives every leaf a maximum and a rule. The rules seen in provincial criteria
sets are:

- steps: fixed steps on an achievement ratio, e.g. "đạt 100% = 1 điểm; 80%–dưới 100% = 0,5;
  dưới 80% = 0" → params {"steps": [[1.0, 1], [0.8, 0.5], [0, 0]]} (ratio threshold, points);
- yes_no: the maximum or zero;
- ratio: points proportional to a ratio, `max × ratio` (ratio in 0..1);
- deduction: the maximum minus `per_violation` for each violation, down to zero;
- bonus: extra points within [0, max] (the leaf's max is the bonus cap);
- free: any score within [0, max] (two decimals).

`validate` says whether a score a person typed is allowed by the rule (Vietnamese reason if not);
`propose` turns a measured quantity (a ratio, a violation count, yes/no) into the rule's score.
Scores are Decimals with two decimals, as the decisions print them.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

STEPS, YES_NO, RATIO, DEDUCTION, BONUS, FREE = (
    "steps",
    "yes_no",
    "ratio",
    "deduction",
    "bonus",
    "free",
)
METHODS = {
    STEPS: "Theo mức (bậc thang)",
    YES_NO: "Có/không (đạt tối đa hoặc 0)",
    RATIO: "Tỷ lệ thuận với kết quả đạt được",
    DEDUCTION: "Trừ điểm theo mỗi vi phạm",
    BONUS: "Điểm thưởng",
    FREE: "Chấm trong khoảng 0 – tối đa",
}
TWO = Decimal("0.01")


class ScoreError(ValueError):
    """A score the rule does not allow; `message` is Vietnamese and names the reason."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def to_decimal(value) -> Decimal:
    """A score from a form or JSON: '0,5', '0.5', 0.5, 1 — never a float artefact."""
    if isinstance(value, Decimal):
        number = value
    else:
        text = str(value).strip().replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise ScoreError(f"“{value}” không phải là một số điểm.") from exc
    if not number.is_finite():
        raise ScoreError(f"“{value}” không phải là một số điểm.")
    return number.quantize(TWO, rounding=ROUND_HALF_UP)


def _fmt(number: Decimal) -> str:
    text = f"{number.normalize():f}"
    return text.replace(".", ",")


def step_values(params: dict, max_points: Decimal) -> list[Decimal]:
    values = {to_decimal(points) for _threshold, points in params.get("steps", [])}
    values.add(Decimal("0.00"))
    return sorted(v for v in values if v <= max_points)


def allowed_values(method: str, params: dict, max_points) -> list[Decimal] | None:
    """The discrete scores a rule allows, or None when any value in a range is allowed."""
    top = to_decimal(max_points)
    if method == STEPS:
        return step_values(params or {}, top)
    if method == YES_NO:
        return [Decimal("0.00"), top]
    if method == DEDUCTION:
        per = to_decimal((params or {}).get("per_violation", 0))
        if per <= 0:
            return None
        values, current = [], top
        while current > 0:
            values.append(current)
            current -= per
        values.append(Decimal("0.00"))
        return sorted(set(values))
    return None


def validate(method: str, params: dict, max_points, value) -> Decimal:
    """The score as a Decimal if the rule allows it; ScoreError with the reason otherwise."""
    if method not in METHODS:
        raise ScoreError(f"Phương pháp chấm “{method}” không hợp lệ.")
    score = to_decimal(value)
    top = to_decimal(max_points)
    if score < 0:
        raise ScoreError("Điểm không được âm.")
    if score > top:
        raise ScoreError(f"Điểm {_fmt(score)} vượt quá điểm tối đa {_fmt(top)}.")
    allowed = allowed_values(method, params or {}, top)
    if allowed is not None and score not in allowed:
        choices = "; ".join(_fmt(v) for v in allowed)
        raise ScoreError(f"Điểm {_fmt(score)} không đúng cách chấm; chỉ được chọn: {choices}.")
    return score


def propose(method: str, params: dict, max_points, measure) -> Decimal | None:
    """The rule's score for a measured quantity (ratio 0..1, a count, a yes/no); None if the
    rule has no measured input (free, bonus)."""
    top = to_decimal(max_points)
    params = params or {}
    if method == STEPS:
        ratio = Decimal(str(measure))
        for threshold, points in sorted(params.get("steps", []), key=lambda s: -float(s[0])):
            if ratio >= Decimal(str(threshold)):
                return min(to_decimal(points), top)
        return Decimal("0.00")
    if method == YES_NO:
        return top if measure else Decimal("0.00")
    if method == RATIO:
        ratio = min(max(Decimal(str(measure)), Decimal(0)), Decimal(1))
        return (top * ratio).quantize(TWO, rounding=ROUND_HALF_UP)
    if method == DEDUCTION:
        per = to_decimal(params.get("per_violation", 0))
        return max(top - per * int(measure), Decimal("0.00"))
    return None


def percent(points, maximum) -> Decimal | None:
    """points / maximum × 100 with two decimals; None when there is no maximum."""
    if points is None or not maximum:
        return None
    return (Decimal(points) / Decimal(maximum) * 100).quantize(TWO, rounding=ROUND_HALF_UP)


def classify(index_pct: Decimal | None, thresholds: list) -> str:
    """The classification of an index by the framework's thresholds [[min %, label], …]."""
    if index_pct is None:
        return "Chưa có kết quả"
    for minimum, label in sorted(thresholds or [], key=lambda t: -float(t[0])):
        if index_pct >= Decimal(str(minimum)):
            return label
    return "Chưa xếp loại"
