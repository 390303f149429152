"""The compiled periodic report gains a one-stop section when the period has dossier records."""

import io

from chiso.dossiers import services
from chiso.dossiers.models import Kind
from chiso.dossiers.tests.helpers import csv_bytes, dossier
from chiso.reports import services as reports
from chiso.reports.models import ReportKind
from chiso.reports.tests.readers import docx_of, docx_text, table_with_header
from tests.builders import PERIOD_PLAN_TODAY as TODAY


def _compiled(plan):
    period = reports.period_from_code("2024-Q4")
    return reports.report_generate(kind=ReportKind.COMPILED, plan=plan, period=period, today=TODAY)


def test_compiled_report_has_the_one_stop_section(plan_data):  # noqa: F811
    rows = [
        dossier("H1", "Sở Tư pháp", "01/10/2024", "05/10/2024", "04/10/2024"),
        dossier("H2", "Sở Tài chính", "01/11/2024", "05/11/2024", "08/11/2024"),
    ]
    data = io.BytesIO(csv_bytes(rows))
    services.records_import(kind=Kind.DOSSIER, filename="a.csv", stream=data)
    doc = docx_of(_compiled(plan_data.plan).docx)
    text = docx_text(doc)
    assert "4. Kết quả giải quyết thủ tục hành chính, phản ánh, kiến nghị" in text
    assert "5. Đánh giá chung" in text
    assert "giải quyết 2 hồ sơ, trong đó 50,00% đúng và sớm hạn" in text
    table = table_with_header(doc, ["STT", "Nội dung", "Kết quả"])
    assert ["4", "Hồ sơ trễ hạn", "1"] in [list(r) for r in table]


def test_without_dossiers_the_report_is_unchanged(plan_data):  # noqa: F811
    text = docx_text(docx_of(_compiled(plan_data.plan).docx))
    assert "thủ tục hành chính, phản ánh, kiến nghị" not in text
    assert "4. Đánh giá chung" in text
