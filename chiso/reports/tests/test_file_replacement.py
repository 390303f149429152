"""Regenerating a report never leaves its record pointing at files that are gone.

New files are written under new names; the record switches to them in its transaction and the
old files are deleted only after the commit. A process killed in between (simulated here by a
transaction that never commits) leaves the record and its old files intact.
"""

import pytest
from django.db import transaction
from django.urls import reverse

from chiso.reports import services
from chiso.reports.models import Report
from chiso.reports.tests.readers import docx_of, docx_text
from chiso.reports.tests.test_editing import _draft


class Killed(Exception):
    """Stands for the process dying before the transaction commits."""


def _files_exist(report: Report) -> bool:
    return all(f.storage.exists(f.name) for f in (report.docx, report.xlsx))


def test_an_edit_that_never_commits_keeps_the_old_files(plan_data, client_as):
    report = _draft(plan_data)
    with pytest.raises(Killed), transaction.atomic():
        services.report_update(report=report, sections={"danh_gia": "Chưa lưu."}, version=1)
        raise Killed
    saved = Report.objects.get(pk=report.pk)
    assert saved.docx.name == report.docx.name and _files_exist(saved)
    client = client_as("noivu")
    for fmt in ("docx", "xlsx"):
        response = client.get(reverse("reports:download", args=[saved.pk, fmt]))
        assert response.status_code == 200
    assert "Chưa lưu." not in docx_text(docx_of(saved.docx))


def test_regeneration_switches_files_and_deletes_the_old_ones_after_commit(
    plan_data, django_capture_on_commit_callbacks
):
    first = _draft(plan_data)
    old = [first.docx.name, first.xlsx.name]
    with django_capture_on_commit_callbacks(execute=True):
        again = _draft(plan_data)
    assert again.pk == first.pk and again.docx.name not in old and _files_exist(again)
    assert not any(first.docx.storage.exists(name) for name in old)


def test_old_files_stay_until_the_commit(plan_data, django_capture_on_commit_callbacks):
    first = _draft(plan_data)
    old = first.docx.name
    with django_capture_on_commit_callbacks(execute=False) as pending:
        services.report_update(report=first, sections={"danh_gia": "Mới."}, version=1)
        assert first.docx.storage.exists(old)  # a crash now leaves the old file in place
    assert pending
