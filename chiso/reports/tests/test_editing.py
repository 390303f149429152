import pytest

from chiso.core.errors import ConflictError, DomainError
from chiso.reports import services
from chiso.reports.models import Report, ReportKind
from chiso.reports.tests.readers import docx_of, docx_text
from tests.builders import PERIOD_PLAN_TODAY as TODAY


def _draft(plan_data):
    return services.report_generate(
        kind=ReportKind.COMPILED,
        plan=plan_data.plan,
        period=services.period_from_code("2024-Q4"),
        today=TODAY,
    )


def test_generated_narrative_is_a_draft_to_edit(plan_data):
    report = _draft(plan_data)
    assert report.state == "draft"
    assert report.sections["mo_dau"].startswith("Thực hiện Kế hoạch số 123/KH-UBND")
    edited = services.report_update(
        report=report,
        sections={
            "danh_gia": "Các sở đã tích cực triển khai kế hoạch.",
            "de_xuat": "Đề nghị Bộ Nội vụ hướng dẫn chấm điểm tiêu chí mới.",
            "nguoi_ky": "Lê Văn An",
        },
        number="45/BC-SNV",
        version=report.version,
    )
    text = docx_text(docx_of(edited.docx))
    assert "Các sở đã tích cực triển khai kế hoạch." in text
    assert "Đề nghị Bộ Nội vụ hướng dẫn chấm điểm tiêu chí mới." in text
    assert "Số: 45/BC-SNV" in text and "Lê Văn An" in text


def test_regenerating_keeps_the_edited_narrative(plan_data):
    report = _draft(plan_data)
    services.report_update(report=report, sections={"danh_gia": "Nhận xét riêng."}, version=1)
    again = _draft(plan_data)
    assert again.pk == report.pk and Report.objects.count() == 1
    assert "Nhận xét riêng." in docx_text(docx_of(again.docx))


def test_stale_edit_is_refused_and_changes_nothing(plan_data):
    report = _draft(plan_data)
    services.report_update(report=report, sections={"danh_gia": "Bản thứ nhất."}, version=1)
    with pytest.raises(ConflictError, match="người khác sửa"):
        services.report_update(report=report, sections={"danh_gia": "Bản cũ."}, version=1)
    report.refresh_from_db()
    assert report.sections["danh_gia"] == "Bản thứ nhất."


def test_unknown_or_oversized_sections_are_refused(plan_data):
    report = _draft(plan_data)
    with pytest.raises(DomainError, match="không thuộc báo cáo"):
        services.report_update(report=report, sections={"hack": "x"}, version=1)
    with pytest.raises(DomainError, match="quá dài"):
        services.report_update(report=report, sections={"de_xuat": "x" * 20_001}, version=1)
    report.refresh_from_db()
    assert report.version == 1


def test_finalised_report_is_frozen_with_its_files(plan_data):
    report = _draft(plan_data)
    final = services.report_finalize(report=report, version=report.version)
    assert final.state == "final" and final.issued_at is not None
    assert "-ban-chinh-thuc-" in final.docx.name and final.docx.name.endswith(".docx")
    header_date = docx_of(final.docx).tables[0].cell(1, 1).text
    assert "…" not in header_date and header_date.startswith("Đồng Nai, ngày ")
    with pytest.raises(DomainError, match="không sửa được"):
        services.report_update(report=final, sections={"danh_gia": "x"}, version=final.version)
    with pytest.raises(DomainError, match="không lập lại được"):
        _draft(plan_data)


def test_bad_period_code_is_a_clear_message():
    with pytest.raises(DomainError, match="không hợp lệ"):
        services.period_from_code("2024-Q9")
