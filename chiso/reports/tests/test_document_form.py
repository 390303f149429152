"""What a reader of the generated report checks first: who issues it and under which number,
numbers rounded as the framework publishes them, a narrative that agrees with the tables, an
annex whose columns Excel can sum, and an edit form entirely in Vietnamese."""

from datetime import date, datetime
from decimal import Decimal

from django.urls import reverse

from chiso.frameworks.models import Framework, Result, Target
from chiso.reports import services
from chiso.reports.models import Report, ReportJob, ReportKind
from chiso.reports.tests.readers import docx_of, docx_text, workbook_of
from tests.builders import PERIOD_PLAN_TODAY as TODAY


def _compiled(plan_data, code="2024-Q4"):
    return services.report_generate(
        kind=ReportKind.COMPILED,
        plan=plan_data.plan,
        period=services.period_from_code(code),
        today=TODAY,
    )


def _edit_form(report: Report, **changes) -> dict:
    form = {f"s_{k}": v for k, v in report.sections.items()}
    return form | {"number": report.number, "version": report.version} | changes


def test_home_affairs_drafts_the_compiled_report_for_the_provincial_committee(plan_data, client_as):
    report = _compiled(plan_data)
    client = client_as("noivu")
    url = reverse("reports:detail", args=[report.pk])
    page = client.get(url).content.decode()
    assert "Cơ quan ban hành" in page and "Ủy ban nhân dân tỉnh Đồng Nai (ký hiệu UBND)" in page
    root = plan_data.units["root"]
    response = client.post(url, _edit_form(report, issuer=root.pk))
    assert response.status_code == 302
    report.refresh_from_db()
    doc = docx_of(report.docx)
    assert doc.tables[0].cell(0, 0).text.startswith("UBND TỈNH ĐỒNG NAI")
    assert "SỞ NỘI VỤ" not in doc.tables[0].cell(0, 0).text
    assert doc.tables[0].cell(1, 0).text == "Số: …/BC-UBND"
    assert "TM. ỦY BAN NHÂN DÂN" in docx_text(doc)


def test_the_number_never_uses_letters_guessed_from_the_unit_name(plan_data):
    snv = plan_data.units["snv"]
    snv.document_code, snv.short_name = "", "Sở Nội vụ tỉnh"
    snv.save()
    doc = docx_of(_compiled(plan_data).docx)
    assert doc.tables[0].cell(1, 0).text == "Số: …/BC-…"  # left for the clerk, not "BC-SNVT"
    snv.document_code = "SNV"
    snv.save()
    report = Report.objects.get()
    report.sections = {}
    doc = docx_of(_compiled(plan_data).docx)
    assert doc.tables[0].cell(1, 0).text == "Số: …/BC-SNV"


def test_a_unit_not_allowed_to_sign_is_refused(plan_data, client_as):
    report = _compiled(plan_data)
    client = client_as("noivu")
    url = reverse("reports:detail", args=[report.pk])
    other = plan_data.units["stp"]
    page = client.post(url, _edit_form(report, issuer=other.pk)).content.decode()
    assert "Hãy chọn một lựa chọn hợp lệ" in page
    report.refresh_from_db()
    assert report.issuer is None


def test_index_scores_are_rounded_to_the_published_two_decimals(plan_data):
    root = plan_data.units["root"]
    fw = Framework.objects.create(
        code="PCI",
        index_code="PCI",
        name="Chỉ số năng lực cạnh tranh cấp tỉnh",
        version_label="2024",
        aggregation="observed",
        valid_from=date(2024, 1, 1),
    )
    Result.objects.create(
        unit=root, framework=fw, year=2023, score=Decimal("66.215"), source="published"
    )
    Result.objects.create(
        unit=root, framework=fw, year=2024, score=Decimal("87.003"), source="published"
    )
    Target.objects.create(unit=root, framework=fw, year=2025, value=Decimal("90"))
    text = docx_text(docx_of(_compiled(plan_data).docx))
    assert "66,22" in text and "87,00" in text and "90,00" in text
    assert "66,215" not in text and "87,003" not in text


def test_narrative_counts_turns_and_does_not_repeat_the_overdue_figure(plan_data):
    report = _compiled(plan_data, "2025-Q1")
    text = docx_text(docx_of(report.docx))
    summary = report.content["summary"]
    assert f"Trong kỳ có {summary['total']} lượt thực hiện nhiệm vụ đến hạn" in text
    assert f"quá hạn chưa hoàn thành {summary['overdue']} lượt" in text
    late = report.content["late"]
    carried = [t for t in late if t["due_date"] < report.content["period"]["data_start"]]
    assert carried  # last quarter's unfinished work is listed, and said to be so
    issues = report.sections["ton_tai"]
    assert f"gồm {len(late)} lượt" in issues
    assert f"{len(carried)} lượt của các kỳ trước, đến nay vẫn chưa hoàn thành" in issues
    assert "Còn" not in issues


def test_done_late_turns_are_in_the_totals_and_the_late_list(plan_data):
    report = _compiled(plan_data)
    summary = report.content["summary"]
    assert summary["done_late"] == 1
    assert summary["done"] == summary["done_on_time"] + summary["done_late"]
    assert "1 lượt hoàn thành quá hạn" in report.sections["ton_tai"]
    assert f"quá hạn {summary['done_late']} lượt" in docx_text(docx_of(report.docx))


def test_annex_numbers_and_dates_are_cells_excel_can_sum(plan_data):
    wb = workbook_of(_compiled(plan_data).xlsx)
    units = list(wb["Tổng hợp theo đơn vị"].iter_rows(min_row=4))
    total = units[-1]
    assert total[1].value == "Tổng cộng" and total[2].value == 6
    rate = total[8]
    assert isinstance(rate.value, float) and 0 <= rate.value <= 1
    assert rate.number_format == "0.0%"
    tasks = list(wb["Danh mục nhiệm vụ"].iter_rows(min_row=4))
    due = tasks[0][7]
    assert isinstance(due.value, datetime) and due.number_format == "dd/mm/yyyy"


def test_edit_form_shows_no_english_or_technical_field(plan_data, client_as):
    report = _compiled(plan_data)
    page = client_as("noivu").get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Version" not in page and "Phiên bản" not in page
    assert f'<input type="hidden" name="version" value="{report.version}"' in page


def test_finished_job_opens_the_report(plan_data, client_as):
    client = client_as("noivu")
    client.post(
        reverse("reports:list"),
        {"kind": "compiled", "plan": plan_data.plan.pk, "period": "2024-Q4", "unit": ""},
    )
    job = ReportJob.objects.get()
    detail = reverse("reports:detail", args=[job.report_id])
    page = client.get(reverse("reports:job", args=[job.pk]))
    assert page.status_code == 302 and page.url == detail
    fragment = client.get(reverse("reports:job", args=[job.pk]), headers={"HX-Request": "true"})
    assert fragment["HX-Redirect"] == detail


def test_word_and_excel_downloads_share_one_name(plan_data, client_as):
    report = _compiled(plan_data)
    client = client_as("noivu")
    names = [
        client.get(reverse("reports:download", args=[report.pk, fmt]))["Content-Disposition"]
        for fmt in ("docx", "xlsx")
    ]
    assert 'filename="bao-cao-tong-hop-2024-Q4-snv.docx"' in names[0]
    assert 'filename="bao-cao-tong-hop-2024-Q4-snv.xlsx"' in names[1]
    assert report.docx.name.split("/")[-1].startswith("bao-cao-tong-hop-2024-Q4-snv-")
