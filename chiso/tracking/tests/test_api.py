from django.core.files.uploadedfile import SimpleUploadedFile

from chiso.tracking.models import ProgressReport
from chiso.tracking.tests.test_workflow import PDF


def test_unit_occurrences_filtered_by_status_and_period(occ, client_as):
    client = client_as("tuphap")
    data = client.get(f"/api/v1/occurrences?unit={occ.unit_id}&period=Quý I/2026").json()
    assert data["count"] == 1 and data["items"][0]["period_label"] == "Quý I/2026"
    assert {"status", "flag", "due_date"} <= set(data["items"][0])
    overdue = client.get("/api/v1/occurrences?status=overdue").json()
    assert all(i["status"] == "overdue" for i in overdue["items"])


def test_submit_with_evidence_then_return_and_accept_over_the_api(occ, client_as):
    lead, reviewer = client_as("tuphap"), client_as("noivu")
    response = lead.post(
        f"/api/v1/occurrences/{occ.pk}/report",
        {
            "work_status": "done",
            "percent": 100,
            "completed_on": "2026-01-10",
            "narrative": "Hoàn thành",
            "files": [SimpleUploadedFile("qd.pdf", PDF)],
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "submitted" and body["evidence"][0]["original_name"] == "qd.pdf"
    rid = body["id"]
    bad = reviewer.post(f"/api/v1/reports/{rid}/return", {}, content_type="application/json")
    assert bad.status_code == 400 and "lý do" in bad.json()["detail"]
    stale = reviewer.post(
        f"/api/v1/reports/{rid}/accept", {"version": 1}, content_type="application/json"
    )
    assert stale.status_code == 409
    ok = reviewer.post(f"/api/v1/reports/{rid}/accept", {}, content_type="application/json")
    assert ok.json()["state"] == "accepted"
    rates = reviewer.get(f"/api/v1/completion-rates?plan={occ.task.plan_id}").json()
    row = next(r for r in rates if r["unit_name"] == "Sở Tư pháp")
    assert row["done_on_time"] + row["done_late"] == 1
    assert ProgressReport.objects.get().state == "accepted"


def test_fake_pdf_over_the_api_is_refused(occ, client_as):
    response = client_as("tuphap").post(
        f"/api/v1/occurrences/{occ.pk}/report",
        {
            "work_status": "done",
            "percent": 100,
            "completed_on": "2026-01-10",
            "narrative": "x",
            "files": [SimpleUploadedFile("x.pdf", b"not a pdf" * 50)],
        },
    )
    assert response.status_code == 400 and "không đúng định dạng" in response.json()["detail"]


def test_plans_and_tasks(occ, client_as):
    client = client_as("tuphap")
    plans = client.get("/api/v1/plans").json()["items"]
    assert [p["number"] for p in plans] == ["15/KH-UBND"]
    tasks = client.get(f"/api/v1/plans/{plans[0]['id']}/tasks").json()["items"]
    assert {a["role"] for a in tasks[0]["assignments"]} == {"lead", "coordinating"}
