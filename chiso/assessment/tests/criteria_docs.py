"""Word files shaped like a provincial decision's criteria table, built at test time."""

from __future__ import annotations

import io

import docx
from docx.enum.text import WD_BREAK

HEADER = ["STT", "Tiêu chí, tiêu chí thành phần", "Điểm tối đa", "Cách chấm", "Tài liệu kiểm chứng"]
STEPS = "Đạt 100% = {top} điểm; từ 80% đến dưới 100% = {half} điểm; dưới 80% = 0"
RULES = [
    lambda m: STEPS.format(top=_vn(m), half=_vn(m / 2)),
    lambda m: f"Có = {_vn(m)}, Không = 0",
    lambda m: "Mỗi văn bản ban hành chậm trừ 0,5 điểm/văn bản",
    lambda m: "Hội đồng thẩm định xem xét, đánh giá theo thực tế",
    lambda m: "Điểm tỷ lệ thuận với tỷ lệ hồ sơ giải quyết đúng hạn",
]
ROMAN = ["I", "II", "III", "IV", "V"]
FIELDS = [
    "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
    "CẢI CÁCH THỂ CHẾ",
    "CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
    "CẢI CÁCH TỔ CHỨC BỘ MÁY",
    "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN SỐ",
]


def _vn(number) -> str:
    return f"{number:g}".replace(".", ",")


def department_rows(fields: int = 5, criteria: int = 3, leaves: int = 2) -> list[dict]:
    """Fields I, II … with criteria 1, 2 … and sub-criteria 1.1, 1.2 … (fields × criteria ×
    leaves leaves, each leaf 2 points); the last leaf of the set is the survey's."""
    rows, n = [], 0
    for f in range(fields):
        rows.append(
            {
                "kind": "field",
                "code": ROMAN[f],
                "name": FIELDS[f],
                "max": criteria * leaves * 2,
            }
        )
        for c in range(1, criteria + 1):
            rows.append(
                {
                    "kind": "criterion",
                    "code": str(c),
                    "name": f"Tiêu chí {f + 1}.{c}",
                    "max": leaves * 2,
                }
            )
            for sub in range(1, leaves + 1):
                rule = RULES[n % len(RULES)](2)
                rows.append(
                    {
                        "kind": "leaf",
                        "code": f"{c}.{sub}",
                        "name": f"Nội dung {f + 1}.{c}.{sub}",
                        "max": 2,
                        "rule": rule,
                        "evidence": f"Báo cáo {f + 1}.{c}",
                    }
                )
                n += 1
    rows[-1]["rule"] = "Điểm điều tra xã hội học về sự hài lòng của người dân"
    return rows


def _fill(table, rows: list[dict], first: int) -> None:
    """Field rows span the number and text columns; the evidence of a criterion's leaves is one
    vertically merged cell, as decisions print them."""
    merge_from = None
    for offset, row in enumerate(rows):
        r = first + offset
        cells = table.rows[r].cells
        if row["kind"] == "field":
            merged = cells[0].merge(cells[1])
            merged.text = f"{row['code']}. {row['name']}"
            cells[2].text = str(row["max"])
            tail = cells[3].merge(cells[4])
            tail.text = ""
            merge_from = None
            continue
        cells[0].text = row["code"]
        cells[1].text = row["name"]
        cells[2].text = str(row["max"]).replace(".", ",")
        cells[3].text = row.get("rule", "")
        if row["kind"] == "leaf":
            if merge_from is None:
                merge_from = r
                cells[4].text = row["evidence"]
            else:
                table.cell(merge_from, 4).merge(cells[4])
                table.cell(merge_from, 4).text = row["evidence"]
        else:
            merge_from = None


def criteria_docx(
    rows: list[dict], *, split_at: int | None = None, repeat_header=True, total=None, header=HEADER
) -> bytes:
    """A decision: title lines, the criteria table (optionally split into two tables after
    `split_at` rows, with a page break between), a total row."""
    document = docx.Document()
    for line in [
        "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI",
        "QUYẾT ĐỊNH",
        "Phụ lục: Bộ tiêu chí xác định Chỉ số cải cách hành chính của các sở, ban, ngành",
    ]:
        document.add_paragraph(line)
    parts = [rows] if split_at is None else [rows[:split_at], rows[split_at:]]
    for index, part in enumerate(parts):
        with_header = index == 0 or repeat_header
        extra = (1 if with_header else 0) + (1 if index == 0 else 0)
        last = index == len(parts) - 1
        table = document.add_table(
            rows=extra + len(part) + (1 if last and total else 0), cols=len(header)
        )
        table.style = "Table Grid"
        r = 0
        if with_header:
            for c, label in enumerate(header):
                table.cell(0, c).text = label
            r = 1
        if index == 0:
            for c in range(len(header)):
                table.cell(r, c).text = f"({c + 1})"
            r += 1
        _fill(table, part, r)
        if last and total is not None:
            table.cell(r + len(part), 1).text = "Tổng điểm"
            table.cell(r + len(part), 2).text = str(total)
        if not last:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
