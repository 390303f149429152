"""A criteria set as a spreadsheet: the template chiso provides, and reading it back (pure).

One row per node, the tree given by the codes ("1" → "1.2" → "1.2.3"):

Mã | Nội dung | Điểm tối đa | Cách chấm | Mức điểm | Người chấm | Tài liệu kiểm chứng |
Nguồn số liệu

- Cách chấm (leaves only): "Theo mức", "Có/không", "Tỷ lệ", "Trừ điểm", "Điểm thưởng", "Chấm tự do"
  (or the codes steps, yes_no, ratio, deduction, bonus, free).
- Mức điểm: for "Theo mức", the steps as "100%: 1; 80%: 0,5; 0%: 0"; for "Trừ điểm", the points
  removed per violation ("0,5").
- Người chấm: "Đơn vị", "Hội đồng" or "Điều tra XHH" (default: Đơn vị).
Every problem is reported with its row number; nothing is created from a sheet with errors.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Font

from chiso.assessment import methods
from chiso.assessment.codes import code_problem
from chiso.core.lib.text import fold
from chiso.frameworks.tabular import read_rows

COLUMNS = {
    "code": ("ma", "ma tieu chi"),
    "name": ("noi dung", "ten", "ten tieu chi"),
    "max": ("diem toi da", "toi da"),
    "method": ("cach cham",),
    "params": ("muc diem", "tham so"),
    "scored_by": ("nguoi cham",),
    "evidence": ("tai lieu kiem chung",),
    "source": ("nguon so lieu",),
}
HEADERS = [
    "Mã",
    "Nội dung",
    "Điểm tối đa",
    "Cách chấm",
    "Mức điểm",
    "Người chấm",
    "Tài liệu kiểm chứng",
    "Nguồn số liệu",
]
METHOD_WORDS = {
    "theo muc": methods.STEPS,
    "bac thang": methods.STEPS,
    "co/khong": methods.YES_NO,
    "co khong": methods.YES_NO,
    "ty le": methods.RATIO,
    "tru diem": methods.DEDUCTION,
    "diem thuong": methods.BONUS,
    "cham tu do": methods.FREE,
    "tu do": methods.FREE,
    **{code: code for code in methods.METHODS},
}
SCORER_WORDS = {
    "": "unit",
    "don vi": "unit",
    "don vi tu cham": "unit",
    "hoi dong": "council",
    "hoi dong tham dinh": "council",
    "dieu tra xhh": "survey",
    "dieu tra xa hoi hoc": "survey",
    "unit": "unit",
    "council": "council",
    "survey": "survey",
}
_STEP = re.compile(r"(\d+(?:[.,]\d+)?)\s*%\s*[:=]\s*(\d+(?:[.,]\d+)?)")


@dataclass
class SheetResult:
    tree: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # created anyway, to look at in review
    leaves: int = 0
    total: object = None


def template_xlsx() -> bytes:
    """The empty template with one worked example per scoring method."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Bộ tiêu chí"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    examples = [
        ["1", "Công tác chỉ đạo, điều hành CCHC", 5, "", "", "", "", ""],
        ["1.1", "Kế hoạch CCHC năm", 5, "", "", "", "", ""],
        ["1.1.1", "Ban hành kế hoạch đúng hạn", 1, "Có/không", "", "Đơn vị", "Kế hoạch CCHC", ""],
        [
            "1.1.2",
            "Mức độ hoàn thành kế hoạch",
            2,
            "Theo mức",
            "100%: 2; 80%: 1; 0%: 0",
            "Đơn vị",
            "Báo cáo kết quả",
            "tracking.on_time_rate",
        ],
        ["1.1.3", "Văn bản bị kiến nghị xử lý", 1, "Trừ điểm", "0,5", "Đơn vị", "", ""],
        ["1.1.4", "Sáng kiến được công nhận", 1, "Điểm thưởng", "", "Hội đồng", "", ""],
    ]
    for row in examples:
        sheet.append(row)
    for column, width in zip("ABCDEFGH", [8, 50, 12, 14, 26, 14, 30, 22], strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _params(method: str, text: str, number: int, errors: list[str]) -> dict:
    if method == methods.STEPS:
        steps = [
            [float(ratio.replace(",", ".")) / 100, points.replace(",", ".")]
            for ratio, points in _STEP.findall(text)
        ]
        if not steps:
            errors.append(f"Dòng {number}: “Theo mức” cần cột Mức điểm dạng “100%: 1; 80%: 0,5”.")
        return {"steps": steps}
    if method == methods.DEDUCTION:
        try:
            return {"per_violation": str(methods.to_decimal(text))}
        except methods.ScoreError:
            errors.append(f"Dòng {number}: “Trừ điểm” cần số điểm trừ mỗi vi phạm ở cột Mức điểm.")
    return {}


def read_sheet(data: bytes, filename: str) -> SheetResult:
    rows, found = read_rows(data, filename, COLUMNS)
    result = SheetResult()
    if not {"code", "name", "max"} <= found:
        result.errors.append("Thiếu cột bắt buộc: Mã, Nội dung, Điểm tối đa (xem tệp mẫu).")
        return result
    nodes: dict[str, dict] = {}
    for row in rows:
        values, number = row.values, row.number
        code = values.get("code", "").strip().rstrip(".")
        if not code:
            result.errors.append(f"Dòng {number}: thiếu mã tiêu chí.")
            continue
        if code in nodes:
            result.errors.append(f"Dòng {number}: mã “{code}” bị trùng.")
            continue
        if problem := code_problem(code):
            result.errors.append(f"Dòng {number}: {problem[0].lower()}{problem[1:]}")
            continue
        try:
            maximum = methods.to_decimal(values.get("max", ""))
        except methods.ScoreError:
            result.errors.append(f"Dòng {number}: điểm tối đa “{values.get('max')}” không hợp lệ.")
            continue
        node = {
            "code": code,
            "name": values.get("name", "").strip(),
            "max": str(maximum),
            "children": [],
            "_row": number,
            "_method": fold(values.get("method", "")),
            "_params": values.get("params", ""),
            "scored_by": SCORER_WORDS.get(fold(values.get("scored_by", ""))),
            "evidence": values.get("evidence", "").strip(),
            "source": values.get("source", "").strip(),
        }
        if node["scored_by"] is None:
            who = values.get("scored_by")
            result.errors.append(f"Dòng {number}: người chấm “{who}” không rõ.")
        nodes[code] = node
        parent = code.rpartition(".")[0]
        if parent:
            if parent not in nodes:
                result.errors.append(f"Dòng {number}: chưa có tiêu chí cấp trên “{parent}”.")
                continue
            nodes[parent]["children"].append(node)
        else:
            result.tree.append(node)
    for node in nodes.values():
        _finish(node, result)
    result.total = sum(methods.to_decimal(n["max"]) for n in result.tree) if result.tree else 0
    return result


def _finish(node: dict, result: SheetResult) -> None:
    number = node.pop("_row")
    method_word, params_text = node.pop("_method"), node.pop("_params")
    if node["children"]:
        node.pop("scored_by", None)
        total = sum(methods.to_decimal(c["max"]) for c in node["children"])
        if total != methods.to_decimal(node["max"]):
            maximum = node["max"]
            result.errors.append(
                f"Dòng {number}: điểm tối đa {maximum} khác tổng của các tiêu chí con ({total})."
            )
        return
    del node["children"]
    result.leaves += 1
    method = METHOD_WORDS.get(method_word)
    if method is None:
        result.errors.append(f"Dòng {number}: cách chấm “{method_word or '(trống)'}” không rõ.")
        return
    node["method"] = method
    node["params"] = _params(method, params_text, number, result.errors)
    node["method_text"] = params_text
