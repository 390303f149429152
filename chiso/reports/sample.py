"""A sample compiled report built without a database, for the rendering check:

python -m chiso.reports.sample OUT.docx     (used by `make render-check`)
"""

from __future__ import annotations

import sys
from pathlib import Path

from chiso.core.builders import BUILDERS
from chiso.reports.compose import compose, default_sections
from chiso.tracking import rates

UNITS = [
    ("Sở Tư pháp", 12, 7, 2, 1, 2, 0),
    ("Văn phòng Ủy ban nhân dân tỉnh", 15, 10, 1, 2, 2, 0),
    ("Sở Thông tin và Truyền thông", 9, 6, 0, 1, 2, 0),
    ("Sở Tài chính", 7, 3, 1, 2, 1, 0),
    ("Trung tâm Phục vụ hành chính công tỉnh", 10, 8, 1, 0, 1, 0),
]
LATE = [
    (
        "Số hóa kết quả giải quyết thủ tục hành chính còn hiệu lực",
        "Sở Tư pháp",
        "2024-11-15",
        29,
        "Quá hạn chưa hoàn thành",
        "Chờ bổ sung kinh phí thuê dịch vụ số hóa.",
    ),
    (
        "Khảo sát sự hài lòng của người dân tại Bộ phận Một cửa",
        "Sở Tài chính",
        "2024-12-01",
        13,
        "Quá hạn chưa hoàn thành",
        "",
    ),
    (
        "Công khai thủ tục hành chính trên Cổng dịch vụ công",
        "Văn phòng Ủy ban nhân dân tỉnh",
        "2024-10-31",
        10,
        "Hoàn thành quá hạn",
        "Hệ thống nâng cấp trong tháng 10.",
    ),
]


def sample_content() -> dict:
    keys = ["total", "done_on_time", "done_late", "overdue", "in_progress", "not_due"]
    units = []
    for name, *numbers in UNITS:
        counts = dict(zip(keys, numbers, strict=True)) | {"cancelled": 0}
        units.append({"unit": name, **rates.rates_of(counts)})
    summary = rates.rates_of(rates.add_counts(units))
    late = [
        {"content": c, "unit": u, "due_date": d, "days_late": n, "status_label": s, "reason": r}
        for c, u, d, n, s, r in LATE
    ]
    return {
        "kind": "compiled",
        "plan": {
            "number": "276/KH-UBND",
            "title": "Nâng cao Chỉ số cải cách hành chính (PAR INDEX) tỉnh Đồng Nai năm 2024",
            "date": "2024-02-20",
            "place": "Đồng Nai",
        },
        "unit": {
            "name": "Sở Nội vụ",
            "short_name": "SNV",
            "unit_type": "department",
            "parent": "Ủy ban nhân dân tỉnh Đồng Nai",
            "province": "Ủy ban nhân dân tỉnh Đồng Nai",
        },
        "period": {
            "code": "2024-Q4",
            "label": "quý IV năm 2024",
            "year": 2024,
            "data_start": "2024-09-15",
            "data_end": "2024-12-14",
        },
        "summary": summary,
        "units": units,
        "components": [
            {
                "index_code": "PAR INDEX",
                "component": "Cải cách thủ tục hành chính",
                "total": 20,
                "done": 15,
                "overdue": 2,
                "in_progress": 3,
                "done_rate": 75.0,
            },
            {
                "index_code": "SIPAS",
                "component": "Tiếp cận dịch vụ",
                "total": 8,
                "done": 6,
                "overdue": 1,
                "in_progress": 1,
                "done_rate": 75.0,
            },
        ],
        "indices": [
            {
                "label": "Chỉ số cải cách hành chính (PAR INDEX)",
                "baseline": "85,52 (2023)",
                "latest": "87,10 (2024)",
                "target": "90 (2025)",
                "gap": "2,9",
            },
        ],
        "late": late,
        "not_reported": [{"unit": "Sở Tài chính", "count": 1}],
        "tasks": [],
    }


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "report.docx")
    content = sample_content()
    doc = compose(content, default_sections(content), signer_name="Nguyễn Văn A")
    out.write_bytes(BUILDERS["docx"].build(doc))
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
