"""Several coordinators saving the narrative of one compiled report at the same moment: one
edit is kept with the files built from it, the others are told someone changed it first."""

import pytest

from chiso.reports import services
from chiso.reports.models import Report
from chiso.reports.tests.readers import docx_of, docx_text
from chiso.reports.tests.test_editing import _draft
from tests.races import race, writer_count

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_edits_of_a_report_keep_one_with_its_files(plan_data):
    report = _draft(plan_data)
    count = writer_count()

    def save(i, _loaded):
        services.report_update(
            report=Report.objects.get(pk=report.pk),
            sections={"danh_gia": f"Đánh giá của người sửa số {i}."},
            version=report.version,
        )

    winners, conflicts, errors = race(count, lambda i: None, save)
    assert errors == [] and len(winners) == 1 and len(conflicts) == count - 1
    assert all("vừa được người khác sửa" in message for message in conflicts)
    (winner,) = winners
    saved = Report.objects.get(pk=report.pk)
    assert saved.version == report.version + 1
    assert saved.sections["danh_gia"] == f"Đánh giá của người sửa số {winner}."
    assert f"Đánh giá của người sửa số {winner}." in docx_text(docx_of(saved.docx))
