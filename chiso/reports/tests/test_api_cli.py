from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from chiso.reports.models import Report
from chiso.reports.tests.readers import docx_of, docx_text, sheet_rows, workbook_of


@pytest.fixture
def api_as(province):
    def make(username: str) -> Client:
        out = StringIO()
        call_command("token", username, stdout=out)
        return Client(HTTP_AUTHORIZATION=f"Bearer {out.getvalue().strip()}")

    return make


def test_api_generates_edits_finalises_and_downloads(plan_data, api_as):
    api = api_as("noivu")
    job = api.post(
        "/api/v1/period-reports/jobs",
        {"kind": "compiled", "plan_id": plan_data.plan.pk, "period": "2024-Q4"},
        content_type="application/json",
    )
    assert job.status_code == 202
    body = api.get(f"/api/v1/period-reports/jobs/{job.json()['id']}").json()
    assert body["state"] == "done" and body["progress"] == 100
    report = api.get(f"/api/v1/period-reports/{body['report_id']}").json()
    assert report["summary"]["total"] == 6 and report["summary"]["overdue"] == 2
    assert report["period_label"] == "quý IV năm 2024"
    edited = api.patch(
        f"/api/v1/period-reports/{report['id']}",
        {"version": report["version"], "sections": {"de_xuat": "Đề nghị bổ sung kinh phí."}},
        content_type="application/json",
    )
    assert edited.status_code == 200
    stale = api.patch(
        f"/api/v1/period-reports/{report['id']}",
        {"version": report["version"], "sections": {"de_xuat": "Cũ"}},
        content_type="application/json",
    )
    assert stale.status_code == 409
    final = api.post(
        f"/api/v1/period-reports/{report['id']}/finalize",
        {"version": edited.json()["version"]},
        content_type="application/json",
    )
    assert final.json()["state"] == "final"
    docx = api.get(final.json()["files"]["docx"])
    assert "Đề nghị bổ sung kinh phí." in docx_text(docx_of(b"".join(docx.streaming_content)))
    listing = api.get("/api/v1/period-reports", {"period": "2024-Q4"}).json()
    assert [r["id"] for r in listing["items"]] == [report["id"]]


def test_api_refuses_bad_period_and_foreign_unit(plan_data, api_as):
    api = api_as("tuphap")
    bad = api.post(
        "/api/v1/period-reports/jobs",
        {
            "kind": "unit",
            "plan_id": plan_data.plan.pk,
            "period": "2024-Q7",
            "unit_id": plan_data.units["stp"].pk,
        },
        content_type="application/json",
    )
    assert bad.status_code == 400 and "không hợp lệ" in bad.json()["detail"]
    compiled = api.post(
        "/api/v1/period-reports/jobs",
        {"kind": "compiled", "plan_id": plan_data.plan.pk, "period": "2024-Q4"},
        content_type="application/json",
    )
    assert compiled.status_code == 403
    assert Report.objects.count() == 0


def test_cli_writes_compiled_and_unit_reports(plan_data, tmp_path):
    out = StringIO()
    call_command(
        "report",
        plan="123/KH-UBND",
        period="2024-Q4",
        out=str(tmp_path),
        stdout=out,
        stderr=StringIO(),
    )
    files = [Path(p) for p in out.getvalue().split()]
    assert sorted(f.suffix for f in files) == [".docx", ".xlsx"]
    assert "SỞ NỘI VỤ" in docx_text(docx_of(files[0].read_bytes()))
    out = StringIO()
    call_command(
        "report",
        plan="123/KH-UBND",
        period="2024-Q4",
        unit="STP",
        out=str(tmp_path),
        stdout=out,
        stderr=StringIO(),
    )
    xlsx = next(Path(p) for p in out.getvalue().split() if p.endswith(".xlsx"))
    rows = sheet_rows(workbook_of(xlsx.read_bytes()), "Danh mục nhiệm vụ")
    assert len(rows) == 2


def test_cli_explains_what_it_cannot_find(plan_data, tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy kế hoạch"):
        call_command("report", plan="999/KH", period="2024-Q4", out=str(tmp_path))
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("report", plan="123/KH-UBND", period="Q4", out=str(tmp_path))
    with pytest.raises(CommandError, match="Không tìm thấy đơn vị"):
        call_command(
            "report", plan="123/KH-UBND", period="2024-Q4", unit="Sở Không Có", out=str(tmp_path)
        )
