from docx.enum.text import WD_ALIGN_PARAGRAPH

from chiso.reports import services
from chiso.reports.models import ReportKind
from chiso.reports.tests.readers import (
    docx_of,
    docx_text,
    sheet_rows,
    table_with_header,
    workbook_of,
)
from tests.builders import PERIOD_PLAN_TODAY as TODAY


def _unit_report(plan_data, unit_key="stp", code="2024-Q4"):
    return services.report_generate(
        kind=ReportKind.UNIT,
        plan=plan_data.plan,
        unit=plan_data.units[unit_key],
        period=services.period_from_code(code),
        today=TODAY,
    )


def test_unit_report_is_a_state_document(plan_data):
    report = _unit_report(plan_data)
    doc = docx_of(report.docx)
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
    assert doc.styles["Normal"].font.name == "Times New Roman"
    header = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    left, right = header[0][0].split("\n"), header[0][1].split("\n")
    assert left[:2] == ["UBND TỈNH ĐỒNG NAI", "SỞ TƯ PHÁP"]
    assert right[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert header[1][0] == "Số: …/BC-STP"
    assert header[1][1].startswith("Đồng Nai, ngày … tháng … năm")
    assert all(r.bold for r in doc.tables[0].cell(0, 0).paragraphs[1].runs)
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in texts
    assert "Kết quả thực hiện Kế hoạch số 123/KH-UBND ngày 01/02/2024 quý IV năm 2024" in texts
    closing = [[c.text for c in row.cells] for row in doc.tables[-1].rows][0]
    assert closing[0].startswith("Nơi nhận:") and "Lưu: VT." in closing[0]
    assert closing[1].startswith("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC")
    body = [p for p in doc.paragraphs if p.paragraph_format.first_line_indent]
    assert body and all(round(p.paragraph_format.first_line_indent.mm) == 10 for p in body)
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY for p in body)


def test_unit_report_lists_its_tasks_with_status_and_narrative(plan_data):
    report = _unit_report(plan_data)
    doc = docx_of(report.docx)
    rows = table_with_header(doc, ["STT", "Nhiệm vụ", "Hạn", "Tình trạng"])
    by_task = {r[1]: r for r in rows}
    assert set(by_task) == {
        "Rà soát, công bố thủ tục hành chính",
        "Khảo sát sự hài lòng của người dân",
    }
    done = by_task["Rà soát, công bố thủ tục hành chính"]
    assert done[2:] == [
        "30/11/2024",
        "Hoàn thành đúng hạn",
        "100%",
        "Đã công bố 120 thủ tục hành chính.",
    ]
    assert by_task["Khảo sát sự hài lòng của người dân"][3] == "Quá hạn chưa hoàn thành"
    # Another unit's work is not in this unit's report.
    assert "Số hóa hồ sơ" not in docx_text(doc)


def test_overdue_tasks_come_with_their_reason(plan_data):
    doc = docx_of(_unit_report(plan_data).docx)
    late = table_with_header(doc, ["STT", "Nhiệm vụ", "Hạn", "Số ngày chậm"])
    assert late == [
        [
            "1",
            "Khảo sát sự hài lòng của người dân",
            "15/11/2024",
            "29",
            "Quá hạn chưa hoàn thành",
            "Chờ phân bổ kinh phí từ Sở Tài chính.",
        ]
    ]


def test_unit_xlsx_annex_has_the_task_table(plan_data):
    wb = workbook_of(_unit_report(plan_data).xlsx)
    assert "Danh mục nhiệm vụ" in wb.sheetnames
    rows = sheet_rows(wb, "Danh mục nhiệm vụ")
    assert [r[1] for r in rows] == [
        "Rà soát, công bố thủ tục hành chính",
        "Khảo sát sự hài lòng của người dân",
    ]
    assert rows[0][2:5] == ["PAR INDEX", "Cải cách thủ tục hành chính", "Báo cáo kết quả"]


def test_department_and_province_headers(plan_data):
    vp = docx_of(_unit_report(plan_data, "vp").docx)
    assert vp.tables[0].cell(0, 0).text.startswith("UBND TỈNH ĐỒNG NAI\nVĂN PHÒNG UBND TỈNH")
