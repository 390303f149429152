"""A report regenerated for a closed period prints what was stored at the close: task rows,
per-component table, per-unit table and summary alike, in the Word file and the Excel annex.
Reopening the period makes them live again; closing it anew takes a new snapshot."""

from datetime import date

import time_machine

from chiso.reports import closing
from chiso.reports.models import ClosedPeriodContent, ReportKind
from chiso.reports.services import period_from_code, report_generate
from chiso.reports.tests.readers import docx_of, docx_text, sheet_rows, workbook_of
from chiso.tracking import services as tracking
from chiso.tracking.models import PeriodClose, ProgressReport
from tests.builders import PERIOD_PLAN_TODAY as TODAY

Q4 = "2024-Q4"  # data from 15/09/2024 to 14/12/2024
SURVEY = "Khảo sát sự hài lòng của người dân"  # Sở Tư pháp, due 15/11/2024, overdue at the close
SHEETS = ["Danh mục nhiệm vụ", "Theo chỉ số thành phần", "Tổng hợp theo đơn vị"]


def _files(plan_data, kind, unit=None) -> tuple[str, dict]:
    """(Word text, {sheet: rows}) of the report regenerated now."""
    report = report_generate(
        kind=kind, plan=plan_data.plan, unit=unit, period=period_from_code(Q4), today=TODAY
    )
    wb = workbook_of(report.xlsx)
    sheets = {name: sheet_rows(wb, name) for name in SHEETS if name in wb.sheetnames}
    return docx_text(docx_of(report.docx)), sheets


def _survey_row(sheets) -> list:
    return next(r for r in sheets["Danh mục nhiệm vụ"] if SURVEY in r)


def _done_late_and_accepted(plan_data, persona):
    """Weeks after the close Sở Tư pháp reports the survey done on 14/11 (before its deadline)
    and Sở Nội vụ accepts it: live figures now count it done on time."""
    occ = plan_data.occ["overdue"]
    report = ProgressReport.objects.get(occurrence=occ)
    noivu, tuphap = persona("noivu"), persona("tuphap")
    tracking.report_return(report=report, by=noivu, comment="Bổ sung kết quả khảo sát.")
    report = tracking.report_save(
        occurrence=occ, by=tuphap, work_status="done", percent=100, submit=True,
        narrative="Đã khảo sát 1.200 phiếu.", completed_on=date(2024, 11, 14),
    )  # fmt: skip
    tracking.report_accept(report=report, by=noivu, comment="Đạt.")


@time_machine.travel("2025-01-10 09:00 +07:00", tick=False)
def test_closed_period_reports_do_not_move_until_reopened(plan_data, persona):
    period = period_from_code(Q4)
    close = closing.period_close(plan=plan_data.plan, period=period, by=persona("noivu"))
    stored = ClosedPeriodContent.objects.get(close=close)
    assert SURVEY in [t["content"] for t in stored.tasks]
    compiled_before = _files(plan_data, ReportKind.COMPILED)
    stp = plan_data.units["stp"]
    unit_before = _files(plan_data, ReportKind.UNIT, stp)
    assert "Hoàn thành đúng hạn" not in _survey_row(compiled_before[1])

    _done_late_and_accepted(plan_data, persona)

    compiled_after = _files(plan_data, ReportKind.COMPILED)
    assert compiled_after == compiled_before  # Word text and every annex sheet
    assert _files(plan_data, ReportKind.UNIT, stp) == unit_before

    # reopening (with a reason) makes the reports live again
    tracking.period_reopen(close=close, reason="Sở Tư pháp bổ sung kết quả khảo sát", by=None)
    live_text, live_sheets = _files(plan_data, ReportKind.COMPILED)
    assert live_text != compiled_before[0]
    assert "Hoàn thành đúng hạn" in _survey_row(live_sheets)
    assert live_sheets["Theo chỉ số thành phần"] != compiled_before[1]["Theo chỉ số thành phần"]
    assert live_sheets["Tổng hợp theo đơn vị"] != compiled_before[1]["Tổng hợp theo đơn vị"]
    unit_text, unit_sheets = _files(plan_data, ReportKind.UNIT, stp)
    assert unit_text != unit_before[0] and "Hoàn thành đúng hạn" in _survey_row(unit_sheets)

    # closing again takes a new snapshot: the accepted report is in it
    closing.period_close(plan=plan_data.plan, period=period, by=persona("noivu"))
    assert PeriodClose.objects.get().is_closed
    text, sheets = _files(plan_data, ReportKind.COMPILED)
    assert sheets == live_sheets and "Số liệu kỳ báo cáo đã được chốt ngày 10/01/2025" in text
    survey = next(t for t in ClosedPeriodContent.objects.get().tasks if t["content"] == SURVEY)
    assert survey["status_label"] == "Hoàn thành đúng hạn"
