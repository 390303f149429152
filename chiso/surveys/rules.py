"""Questionnaire rules without the database: item kinds and scales, skip rules, answer checks.

An answer set is a dict {item code: value}; values are ints for scale, yes/no, single choice and
number items, a list of ints for multiple choice, a string for free text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SAT5 = "sat5"
SCALE4 = "scale4"
STARS = "stars"
YESNO = "yesno"
CHOICE = "choice"
NUMBER = "number"
TEXT = "text"

KIND_LABELS = {
    SAT5: "Mức độ hài lòng (5 mức)",
    SCALE4: "Thang 4 mức",
    STARS: "Chấm sao (1–5 sao)",
    YESNO: "Có / Không",
    CHOICE: "Chọn phương án",
    NUMBER: "Số",
    TEXT: "Trả lời tự do",
}
SAT5_LABELS = ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"]
SCALE4_LABELS = ["Không", "Khá", "Có", "Rất"]
STAR_LABELS = ["1 sao", "2 sao", "3 sao", "4 sao", "5 sao"]
YESNO_LABELS = {1: "Có", 0: "Không"}
DEFAULT_SCALES = {SAT5: (1, 5), SCALE4: (1, 4), STARS: (1, 5), YESNO: (0, 1)}
# Kinds whose answers are levels of satisfaction and may count in a criterion's %.
RATED_KINDS = {SAT5, SCALE4, STARS}
# Kinds stored as one integer per answer (aggregated in SQL through value columns).
NUMERIC_KINDS = {SAT5, SCALE4, STARS, YESNO, CHOICE, NUMBER}
MAX_TEXT = 1000
MAX_NUMBER = 2_000_000_000


class AnswerError(ValueError):
    """Answers that cannot be stored; `messages` lists every problem in Vietnamese."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class ItemSpec:
    code: str
    kind: str
    text: str = ""
    low: int | None = None
    high: int | None = None
    required: bool = False
    options: tuple[str, ...] = ()
    multiple: bool = False
    show_if: dict = field(default_factory=dict)

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS and not self.multiple

    def bounds(self) -> tuple[int | None, int | None]:
        if self.kind == CHOICE:
            return 1, len(self.options)
        if self.kind in DEFAULT_SCALES:
            default = DEFAULT_SCALES[self.kind]
            return (
                self.low if self.low is not None else default[0],
                self.high if self.high is not None else default[1],
            )
        return self.low, self.high

    def labels(self) -> list[tuple[int, str]]:
        """(value, label) of every option a respondent can pick; empty for number and text."""
        low, high = self.bounds()
        if self.kind == YESNO:
            return [(1, "Có"), (0, "Không")]
        if self.kind == CHOICE:
            return list(enumerate(self.options, start=1))
        if self.kind in (SAT5, SCALE4, STARS) and low is not None and high is not None:
            named = self.options or {SAT5: SAT5_LABELS, STARS: STAR_LABELS}.get(self.kind, ())
            values = range(low, high + 1)
            if len(named) == len(values):
                return list(zip(values, named, strict=True))
            return [(v, str(v)) for v in values]
        return []


def describe_rule(rule: dict) -> str:
    """A skip rule in words, e.g. "Chỉ trả lời nếu câu A1 chọn 1"."""
    if not rule:
        return ""
    target = rule.get("item", "")
    if "values" in rule:
        values = ", ".join(str(v) for v in rule["values"])
        return f"Chỉ trả lời nếu câu {target} chọn {values}"
    if "max" in rule:
        return f"Chỉ trả lời nếu câu {target} từ {rule['max']} trở xuống"
    if "min" in rule:
        return f"Chỉ trả lời nếu câu {target} từ {rule['min']} trở lên"
    return ""


def check_rule(rule: dict, earlier: set[str]) -> str | None:
    """Why a skip rule is malformed (None when it is fine); it may only look at earlier items."""
    if not rule:
        return None
    if not isinstance(rule, dict) or not isinstance(rule.get("item"), str):
        return "Điều kiện hiển thị phải nêu mã câu hỏi (item)."
    if rule["item"] not in earlier:
        return f"Điều kiện hiển thị dựa vào câu {rule['item']} chưa có ở phía trước."
    keys = {"values", "max", "min"} & set(rule)
    if len(keys) != 1:
        return "Điều kiện hiển thị cần đúng một trong values, max, min."
    value = rule[keys.pop()]
    ok = (
        all(isinstance(v, int) for v in value)
        if isinstance(value, list)
        else isinstance(value, int)
    )
    return None if ok else "Giá trị trong điều kiện hiển thị phải là số nguyên."


def shown(rule: dict, answers: dict) -> bool:
    """Does a question with this skip rule apply, given the answers before it?"""
    if not rule:
        return True
    given = answers.get(rule.get("item"))
    if given is None:
        return False
    values = given if isinstance(given, list) else [given]
    if "values" in rule:
        return any(v in rule["values"] for v in values)
    if "max" in rule:
        return any(isinstance(v, int) and v <= rule["max"] for v in values)
    if "min" in rule:
        return any(isinstance(v, int) and v >= rule["min"] for v in values)
    return True


def _as_int(value) -> int | None:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        sign = text[:1] == "-"
        digits = text[1:] if sign else text
        if digits.isascii() and digits.isdigit() and len(digits) <= 12:
            return -int(digits) if sign else int(digits)
    return None


def _blank(value) -> bool:
    return value is None or value == "" or value == []


def _clean_one(item: ItemSpec, value):
    """The stored form of one answer, or a message saying why it is not acceptable."""
    if item.kind == TEXT:
        text = str(value).strip()
        if len(text) > MAX_TEXT:
            return None, f"Câu {item.code}: câu trả lời dài quá {MAX_TEXT} ký tự."
        return text, None
    low, high = item.bounds()
    if item.multiple:
        raw = value if isinstance(value, list) else [value]
        numbers = [_as_int(v) for v in raw]
        if any(n is None or not low <= n <= high for n in numbers):
            return None, f"Câu {item.code}: phương án chọn không hợp lệ."
        return sorted(set(numbers)), None
    number = _as_int(value)
    if number is None:
        return None, f"Câu {item.code}: câu trả lời phải là một số."
    low = -MAX_NUMBER if low is None else low
    high = MAX_NUMBER if high is None else high
    if not low <= number <= high:
        return None, f"Câu {item.code}: giá trị {number} nằm ngoài thang {low}–{high}."
    return number, None


def clean_answers(items: list[ItemSpec], raw: dict) -> dict:
    """Checked answers in questionnaire order; raises AnswerError listing every problem.

    Unknown items and out-of-scale values are errors; answers to questions a skip rule hides
    are dropped (they do not apply); a required question that applies must be answered.
    """
    if not isinstance(raw, dict):
        raise AnswerError(["Phiếu trả lời không đúng định dạng."])
    known = {i.code for i in items}
    errors = [f"Không có câu hỏi mã “{str(code)[:40]}”." for code in raw if code not in known]
    clean: dict = {}
    for item in items:
        value = raw.get(item.code)
        if not shown(item.show_if, clean):
            continue
        if _blank(value):
            if item.required:
                errors.append(f"Câu {item.code} bắt buộc trả lời: {item.text[:80]}".rstrip(": "))
            continue
        stored, problem = _clean_one(item, value)
        if problem:
            errors.append(problem)
        elif stored not in ("", []):
            clean[item.code] = stored
    if errors:
        raise AnswerError(errors)
    if not clean:
        raise AnswerError(["Phiếu chưa có câu trả lời nào."])
    return clean


def format_rule(rule: dict) -> str:
    """A skip rule as spreadsheet text: "A1=1", "A1=1,2", "SAO<=3", "X>=4"."""
    if not rule:
        return ""
    if "values" in rule:
        return f"{rule['item']}=" + ",".join(str(v) for v in rule["values"])
    if "max" in rule:
        return f"{rule['item']}<={rule['max']}"
    return f"{rule['item']}>={rule['min']}"


def parse_rule(text: str) -> dict:
    """The inverse of `format_rule`; raises ValueError on text it cannot read."""
    text = (text or "").replace(" ", "")
    if not text:
        return {}
    for sign, key in (("<=", "max"), (">=", "min")):
        if sign in text:
            item, value = text.split(sign, 1)
            return {"item": item, key: int(value)}
    if "=" in text:
        item, values = text.split("=", 1)
        return {"item": item, "values": [int(v) for v in values.split(",") if v]}
    raise ValueError(text)
