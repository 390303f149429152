"""The proposal for the emulation council: the ranking as a .docx in the state's document format
(the report builder of chiso.reports, Nghị định 30/2020/NĐ-CP) and as an .xlsx table with
numbers as numbers."""

from __future__ import annotations

from collections import Counter
from datetime import date

from chiso.core.builders import BUILDERS
from chiso.core.builders.base import (
    Header,
    Heading,
    Paragraph,
    ReportDocument,
    Signature,
    Table,
)
from chiso.emulation.models import EmulationModel
from chiso.emulation.scoring import CLASSIFICATIONS, NO_DATA
from chiso.reports.compose import upper_name


def _headers(rows: list[dict]) -> list[str]:
    components = rows[0]["components"] if rows else []
    return [
        "Hạng",
        "Đơn vị",
        *[f"{c['code']}. {c['name']} (tối đa {_vn(c['weight'])})" for c in components],
        "Tổng điểm",
        "Xếp loại",
        "Ghi chú",
    ]


def proposal_table(model: EmulationModel, rows: list[dict]) -> tuple[list[str], list[list]]:
    """Headers and rows; scores and points are numbers, missing data the words "chưa có dữ
    liệu" (never a zero)."""
    table = []
    for r in rows:
        table.append(
            [
                r["rank"],
                r["unit"],
                *[NO_DATA if c["points"] is None else c["points"] for c in r["components"]],
                NO_DATA if r["score"] is None else r["score"],
                r["classification"],
                r["note"],
            ]
        )
    return _headers(rows), table


def _vn(value) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def _docx_rows(rows: list[dict]) -> list[list]:
    return [
        [
            "" if r["rank"] is None else str(r["rank"]),
            r["unit"],
            *[NO_DATA if c["points"] is None else _vn(c["points"]) for c in r["components"]],
            NO_DATA if r["score"] is None else _vn(r["score"]),
            r["classification"],
            r["note"],
        ]
        for r in rows
    ]


def proposal_document(model: EmulationModel, rows: list[dict], today: date) -> ReportDocument:
    scope = model.group.scope
    counts = Counter(r["classification"] for r in rows if r["rank"] is not None)
    state = "đã chốt" if model.is_frozen else "dự thảo, chưa chốt"
    proposal = [f"- {label}: {counts.get(label, 0)} đơn vị;" for label in CLASSIFICATIONS]
    widths = [12, 45, *([18] * len(rows[0]["components"]) if rows else []), 18, 30, 30]
    return ReportDocument(
        header=Header(
            superior=upper_name(scope.name),
            issuer="HỘI ĐỒNG THI ĐUA, KHEN THƯỞNG",
            number="Số: …/TTr-HĐTĐKT",
            place_date=f"…, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}",
        ),
        title="TỜ TRÌNH",
        summary=(f"Đề nghị xét, công nhận kết quả thi đua năm {model.year} của {model.group.name}"),
        blocks=[
            Paragraph(
                f"Căn cứ {model.name} ({state}), kết quả thực hiện nhiệm vụ của các đơn vị được "
                "tổng hợp từ số liệu theo dõi trên hệ thống: tiến độ và báo cáo thực hiện kế "
                "hoạch, kết quả chỉ số cải cách hành chính, giải quyết hồ sơ một cửa và các nội "
                "dung khác theo bảng tiêu chí."
            ),
            Paragraph(
                "Tiêu chí chưa có dữ liệu không tính điểm; tổng điểm được quy đổi trên tổng "
                "trọng số các tiêu chí có dữ liệu. Đơn vị thôi hoạt động trong năm do sắp xếp "
                "tổ chức được chấm điểm nhưng không xếp hạng. Các đơn vị bằng điểm đồng hạng."
            ),
            Heading("I. KẾT QUẢ CHẤM ĐIỂM VÀ XẾP HẠNG"),
            Table(_headers(rows), _docx_rows(rows), widths_mm=widths, sheet="Kết quả"),
            Heading("II. ĐỀ NGHỊ"),
            Paragraph(
                "Hội đồng Thi đua, Khen thưởng đề nghị xem xét, công nhận mức độ hoàn thành "
                "nhiệm vụ của các đơn vị như sau:\n" + "\n".join(proposal)
            ),
        ],
        recipients=["Như trên;", "Lưu: VT."],
        signature=Signature(["TM. HỘI ĐỒNG", "CHỦ TỊCH"]),
    )


def proposal_docx(model: EmulationModel, rows: list[dict], today: date | None = None):
    """(bytes, content type) of the proposal in .docx."""
    builder = BUILDERS["docx"]
    doc = proposal_document(model, rows, today or date.today())
    return builder.build(doc), builder.content_type
