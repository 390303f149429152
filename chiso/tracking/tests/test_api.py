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
    bad = reviewer.post(
        f"/api/v1/reports/{rid}/return",
        {"version": body["version"]},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "lý do" in bad.json()["detail"]
    stale = reviewer.post(
        f"/api/v1/reports/{rid}/accept", {"version": 1}, content_type="application/json"
    )
    assert stale.status_code == 409
    unversioned = reviewer.post(
        f"/api/v1/reports/{rid}/accept", {}, content_type="application/json"
    )
    assert unversioned.status_code == 400 and "version" in unversioned.json()["detail"]
    current = reviewer.get(f"/api/v1/reports/{rid}").json()["version"]
    ok = reviewer.post(
        f"/api/v1/reports/{rid}/accept", {"version": current}, content_type="application/json"
    )
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


def test_occurrences_are_paginated_in_the_database(plan, client_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chiso.tracking.models import Occurrence

    total = Occurrence.objects.count()
    assert total > 2
    client = client_as("noivu")
    with CaptureQueriesContext(connection) as queries:
        data = client.get("/api/v1/occurrences?limit=2&offset=1").json()
    assert data["count"] == total and len(data["items"]) == 2
    rows = [q["sql"] for q in queries if 'FROM "tracking_occurrence"' in q["sql"]]
    assert rows and all("COUNT(" in sql or "LIMIT 2" in sql for sql in rows)
    everything = client.get(f"/api/v1/occurrences?limit={total}").json()["items"]
    assert [i["id"] for i in everything[1:3]] == [i["id"] for i in data["items"]]


def test_an_edit_over_the_api_must_name_the_version_it_read(occ, client_as):
    lead = client_as("tuphap")
    url = f"/api/v1/occurrences/{occ.pk}/report"
    first = lead.post(url, {"work_status": "in_progress", "percent": 10, "submit": False})
    assert first.status_code == 200
    seen = first.json()["version"]
    blind = lead.post(url, {"work_status": "in_progress", "percent": 90, "submit": False})
    assert blind.status_code == 409 and "thay đổi" in blind.json()["detail"]
    ok = lead.post(
        url, {"work_status": "in_progress", "percent": 40, "submit": False, "version": seen}
    )
    assert ok.status_code == 200 and ok.json()["percent"] == 40
    stale = lead.post(
        url, {"work_status": "in_progress", "percent": 70, "submit": False, "version": seen}
    )
    assert stale.status_code == 409
    assert ProgressReport.objects.get().percent == 40
