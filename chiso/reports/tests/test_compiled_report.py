from datetime import date
from decimal import Decimal

from chiso.frameworks.models import Framework, Result, Target
from chiso.orgs.models import OrgUnit
from chiso.reports import services
from chiso.reports.models import ReportKind
from chiso.reports.tests.readers import (
    docx_of,
    docx_text,
    sheet_rows,
    table_with_header,
    workbook_of,
)
from chiso.tracking.selectors import unit_completion_rates
from chiso.tracking.status import Status
from tests.builders import PERIOD_PLAN_TODAY as TODAY


def _compiled(plan_data, code="2024-Q4"):
    return services.report_generate(
        kind=ReportKind.COMPILED,
        plan=plan_data.plan,
        period=services.period_from_code(code),
        today=TODAY,
    )


def test_compiled_report_is_issued_by_the_coordinating_office(plan_data):
    report = _compiled(plan_data)
    assert report.unit == plan_data.units["snv"]
    doc = docx_of(report.docx)
    assert doc.tables[0].cell(0, 0).text.startswith("UBND TỈNH ĐỒNG NAI\nSỞ NỘI VỤ")
    assert doc.tables[0].cell(1, 0).text == "Số: …/BC-SNV"
    assert "số liệu từ ngày 15/09/2024 đến ngày 14/12/2024" in docx_text(doc)


def test_per_unit_totals_match_the_dashboard_selector(plan_data):
    report = _compiled(plan_data)
    rows = table_with_header(docx_of(report.docx), ["STT", "Đơn vị", "Tổng số lượt"])
    period = services.period_from_code("2024-Q4")
    units = OrgUnit.objects.filter(pk__in=[u.pk for u in plan_data.units.values()])
    dashboard = {
        r["unit"].name: r
        for r in unit_completion_rates(
            units, period.data_end, plan=plan_data.plan, period=(period.data_start, period.data_end)
        )
        if r["total"]
    }
    printed = {r[1]: r for r in rows if r[1] != "Tổng cộng"}
    assert (
        set(printed)
        == set(dashboard)
        == {"Sở Tư pháp", "Văn phòng Ủy ban nhân dân tỉnh", "Sở Tài chính"}
    )
    keys = ["total", "done_on_time", "done_late", "overdue", "in_progress", "not_due"]
    for name, numbers in printed.items():
        assert [int(x) for x in numbers[2:8]] == [dashboard[name][k] for k in keys]
    total_row = rows[-1]
    assert total_row[1] == "Tổng cộng"
    assert [int(x) for x in total_row[2:8]] == [sum(d[k] for d in dashboard.values()) for k in keys]
    assert total_row[2] == "6"


def test_every_overdue_task_is_listed_with_unit_and_reason(plan_data):
    report = _compiled(plan_data)
    late = table_with_header(docx_of(report.docx), ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn"])
    expected = {
        occ.task.content
        for key, occ in plan_data.occ.items()
        if key in ("late_done", "overdue", "overdue_silent")
    }
    assert {r[1] for r in late} == expected
    by_task = {r[1]: r for r in late}
    assert by_task["Khảo sát sự hài lòng của người dân"][2] == "Sở Tư pháp"
    assert (
        by_task["Khảo sát sự hài lòng của người dân"][6] == "Chờ phân bổ kinh phí từ Sở Tài chính."
    )
    assert by_task["Công khai ngân sách theo quy định"][6] == "Chưa giải trình"
    assert by_task["Số hóa hồ sơ tại bộ phận một cửa"][4:6] == ["10", "Hoàn thành quá hạn"]


def test_units_that_did_not_report_are_named(plan_data):
    doc = docx_of(_compiled(plan_data).docx)
    missing = table_with_header(doc, ["STT", "Đơn vị", "Số nhiệm vụ chưa báo cáo"])
    assert missing == [["1", "Sở Tài chính", "1"], ["2", "Văn phòng Ủy ban nhân dân tỉnh", "1"]]


def test_statistics_per_index_component(plan_data):
    doc = docx_of(_compiled(plan_data).docx)
    rows = table_with_header(doc, ["Chỉ số", "Chỉ số thành phần", "Tổng số lượt"])
    by_comp = {(r[0], r[1]): r[2:] for r in rows}
    assert by_comp[("PAR INDEX", "Cải cách thủ tục hành chính")] == ["1", "1", "0", "100,0%"]
    assert by_comp[("SIPAS", "Tiếp cận dịch vụ")] == [
        "1",
        "0",
        "1",
        "0,0%",
    ]  # cancelled not counted


def test_xlsx_annex_sheets_match_the_document(plan_data):
    report = _compiled(plan_data)
    wb = workbook_of(report.xlsx)
    assert wb.sheetnames[:2] == ["Tổng hợp theo đơn vị", "Theo chỉ số thành phần"]
    assert {"Nhiệm vụ chậm, quá hạn", "Đơn vị chưa báo cáo", "Danh mục nhiệm vụ"} <= set(
        wb.sheetnames
    )
    units = sheet_rows(wb, "Tổng hợp theo đơn vị")
    assert units[-1][1] == "Tổng cộng" and units[-1][2] == 6
    tasks = sheet_rows(wb, "Danh mục nhiệm vụ")
    assert len(tasks) == 6
    statuses = {r[1]: r[8] for r in tasks}
    assert statuses["Tập huấn kỹ năng giao tiếp"] == "Không thực hiện, dừng"
    late = sheet_rows(wb, "Nhiệm vụ chậm, quá hạn")
    assert len(late) == 3


def test_overdue_work_from_an_earlier_quarter_is_carried_over(plan_data):
    """Q1 2025 (as of 10/01/2025): last quarter's unfinished tasks are still listed as late."""
    doc = docx_of(_compiled(plan_data, "2025-Q1").docx)
    late = table_with_header(doc, ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn"])
    assert {r[1] for r in late} == {
        "Khảo sát sự hài lòng của người dân",
        "Công khai ngân sách theo quy định",
        "Đối thoại doanh nghiệp hằng quý",  # due 14/12/2024, not finished by 10/01/2025
    }


def test_index_results_against_targets(plan_data):
    root = plan_data.units["root"]
    fw = Framework.objects.create(
        code="PAR_INDEX_PROVINCE",
        index_code="PAR INDEX",
        name="Chỉ số cải cách hành chính cấp tỉnh",
        version_label="2024",
        aggregation="observed",
        valid_from=date(2024, 1, 1),
    )
    Result.objects.create(
        unit=root, framework=fw, year=2023, score=Decimal("85.5"), source="published"
    )
    Result.objects.create(
        unit=root, framework=fw, year=2024, score=Decimal("88.2"), source="published"
    )
    Target.objects.create(unit=root, framework=fw, year=2025, value=Decimal("90"))
    rows = table_with_header(docx_of(_compiled(plan_data).docx), ["Chỉ số", "Năm gốc"])
    par = next(r for r in rows if r[0] == "Chỉ số cải cách hành chính cấp tỉnh")
    assert "85,5" in par[1] and "88,2" in par[2] and "90" in par[3]


def test_without_index_results_the_report_says_so(plan_data):
    text = docx_text(docx_of(_compiled(plan_data).docx))
    assert "Chưa có số liệu kết quả chỉ số năm 2024 để so sánh với mục tiêu." in text
    assert Status.OVERDUE.label in text
