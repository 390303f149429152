"""A task without a lead is never imported silently: review, confirm, CLI and API refuse it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from chiso.api.services import token_create
from chiso.core.errors import DomainError
from chiso.importer import draft_json, services
from chiso.importer.models import ImportJob, JobState
from chiso.plans.models import Plan
from tests.builders import PLAN_ROWS, plan_docx

pytestmark = pytest.mark.django_db
URL = "/api/v1/plans/import"

ROWS = [
    *PLAN_ROWS[:3],
    ["3", "Tổ chức đối thoại với doanh nghiệp", "", "", "Hội nghị", "Quý IV/2024"],
]


def test_labels_of_tasks_without_lead():
    draft = {
        "tasks": [{"no": "1", "lead": ["Sở Nội vụ"]}, {"no": "2", "lead": [" "]}, {"lead": []}]
    }
    assert draft_json.tasks_without_lead(draft) == ["số 2 (dòng 2)", "(dòng 3)"]


def test_confirm_refuses_and_writes_nothing(persona, province):
    user = persona("noivu")
    job = services.import_start(
        user=user, filename="kh.docx", data=plan_docx(rows=ROWS), owner_unit=province
    )
    with pytest.raises(DomainError) as exc:
        services.import_confirm(job=job, user=user)
    assert "1 nhiệm vụ chưa có đơn vị chủ trì: số 3 (dòng 3)" in exc.value.message
    job.refresh_from_db()
    assert job.state == JobState.READY and Plan.objects.count() == 0


def test_review_page_blocks_until_lead_given_or_task_left_out(client_as, province):
    client = client_as("noivu")
    client.post(
        reverse("importer:upload"),
        {"file": _file(plan_docx(rows=ROWS)), "owner_unit": province.pk},
    )
    job = ImportJob.objects.get()
    page = client.get(reverse("importer:job", args=[job.pk])).text
    assert "1 nhiệm vụ chưa có đơn vị chủ trì" in page and "số 3 (dòng 3)" in page

    refused = client.post(reverse("importer:confirm", args=[job.pk]), {"tasks-1-lead": "Sở Nội vụ"})
    assert refused.status_code == 400 and "chưa có đơn vị chủ trì" in refused.text
    assert Plan.objects.count() == 0

    left_out = client.post(reverse("importer:confirm", args=[job.pk]), {"tasks-2-skip": "1"})
    assert left_out.status_code == 302
    assert Plan.objects.get().tasks.count() == 2


def test_cli_import_reports_missing_lead_without_writing(tmp_path, province, capsys):
    path = tmp_path / "kh.docx"
    path.write_bytes(plan_docx(rows=ROWS))
    with pytest.raises(SystemExit) as exc:
        call_command("import_plan", str(path), owner=province.name)
    assert exc.value.code == 1
    assert "chưa có đơn vị chủ trì" in capsys.readouterr().err
    assert Plan.objects.count() == 0 and ImportJob.objects.count() == 0


def test_api_import_refuses_dry_run_lists(persona, province):
    _, raw = token_create(user=persona("noivu"), name="test")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    dry = client.post(URL, {"file": _file(plan_docx(rows=ROWS)), "dry_run": "true"})
    assert dry.status_code == 200 and dry.json()["tasks_without_lead"] == ["số 3 (dòng 3)"]
    refused = client.post(URL, {"file": _file(plan_docx(rows=ROWS))})
    assert refused.status_code == 400 and "chưa có đơn vị chủ trì" in refused.json()["detail"]
    assert Plan.objects.count() == 0 and ImportJob.objects.count() == 0


def _file(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("kh.docx", data)
