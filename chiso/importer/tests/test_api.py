"""POST /api/v1/plans/import: dry run, import, duplicates, bad input, permissions."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from chiso.api.services import token_create
from chiso.importer.models import ImportJob
from chiso.plans.models import Plan
from tests.builders import TUY_PHUOC, plan_docx, seed

pytestmark = pytest.mark.django_db
URL = "/api/v1/plans/import"


@pytest.fixture
def api_as(persona):
    def make(username: str) -> Client:
        _, raw = token_create(user=persona(username), name="test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    return make


def _post(client, data: bytes, name="ke-hoach.docx", **fields):
    return client.post(URL, {"file": SimpleUploadedFile(name, data), **fields})


def test_dry_run_returns_the_draft_and_writes_nothing(api_as, province):
    response = _post(api_as("noivu"), plan_docx(), dry_run="true")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["plan"]["number"] == "12/KH-UBND"
    assert [t["no"] for t in body["tasks"]] == ["1", "2", "3"]
    assert body["tasks"][0]["deadline"] == {**body["tasks"][0]["deadline"], "kind": "quarter"}
    assert body["unresolved"] == ["Hội Nông dân tỉnh"]
    assert body["scope"]["id"] == province.pk  # guessed from "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI"
    assert "plan_id" not in body
    assert not Plan.objects.exists() and not ImportJob.objects.exists()


def test_import_creates_the_plan_once(api_as, province):
    client = api_as("noivu")
    response = _post(client, plan_docx(), owner_unit_id=str(province.pk))
    assert response.status_code == 201, response.content
    body = response.json()
    plan = Plan.objects.get()
    assert body["plan_id"] == plan.pk and body["created"]["tasks"] == 3
    again = _post(client, plan_docx(), owner_unit_id=str(province.pk))
    assert again.status_code == 400 and "đã được nhập" in again.json()["detail"]
    assert Plan.objects.count() == 1 and ImportJob.objects.count() == 1


def test_bad_file_is_a_400_with_a_vietnamese_message(api_as, province):
    response = _post(api_as("noivu"), b"", name="trong.txt")
    assert response.status_code == 400
    assert response.json()["detail"] == "Tài liệu trống, không có nội dung để nhập."
    assert not ImportJob.objects.exists()


def test_owner_must_be_managed(api_as, unit_named):
    tuy_phuoc = unit_named("Ủy ban nhân dân huyện Tuy Phước")
    response = _post(api_as("noivu"), seed(TUY_PHUOC), TUY_PHUOC, owner_unit_id=str(tuy_phuoc.pk))
    assert response.status_code == 404
    assert not Plan.objects.exists()


def test_officer_is_refused(api_as, province):
    response = _post(api_as("tuphap"), plan_docx(), dry_run="true")
    assert response.status_code == 403
    assert "điều phối" in response.json()["detail"]
