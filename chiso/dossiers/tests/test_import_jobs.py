"""Web imports as background jobs: queued, followed on the page, double submits, lost workers."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chiso.core import jobs as core_jobs
from chiso.dossiers import jobs
from chiso.dossiers.models import Dossier, ImportRun, RunState
from chiso.dossiers.tests.helpers import csv_bytes, dossier

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def _rows(n: int, unit="Sở Tư pháp", start=0):
    return [dossier(f"HS-{start + i:05d}", unit, returned="12/03/2025") for i in range(n)]


def _post(client, data: bytes, name="ho-so.csv", **extra):
    upload = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(reverse("dossiers:imports"), {"kind": "dossier", "file": upload, **extra})


@pytest.fixture
def in_background(monkeypatch):
    """Every upload goes to the queue, however small (as a large export would)."""
    monkeypatch.setattr(jobs, "SYNC_MAX_BYTES", 0)


def test_upload_is_queued_and_the_page_follows_the_worker(
    province, client_as, task_queue, in_background
):
    client = client_as("noivu")
    response = _post(client, csv_bytes(_rows(30)))
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("dossiers:run", args=[run.pk])
    assert run.state == RunState.QUEUED and not Dossier.objects.exists()
    waiting = client.get(response.url, headers=HTMX).content.decode()
    assert "Đang chờ nhập" in waiting and 'hx-trigger="every 1s"' in waiting
    assert "Đã đọc <strong>0</strong> dòng" in waiting

    assert task_queue.run() == 1
    run.refresh_from_db()
    assert run.state == RunState.DONE and run.rows_read == 30
    assert Dossier.objects.count() == 30
    finished = client.get(response.url, headers=HTMX)
    assert finished["HX-Refresh"] == "true"
    page = client.get(response.url).content.decode()
    assert "Đọc 30 dòng: thêm mới 30, cập nhật 0, không đổi 0." in page
    assert "every 1s" not in page


def test_double_submit_of_the_same_file_gives_one_job(
    province, client_as, task_queue, in_background
):
    client = client_as("noivu")
    data = csv_bytes(_rows(5))
    first, second = _post(client, data), _post(client, data)
    run = ImportRun.objects.get()
    assert first.url == second.url == reverse("dossiers:run", args=[run.pk])
    assert task_queue.run() == 1
    assert Dossier.objects.count() == 5
    # sent once more just after it was imported: still that run, nothing queued again
    assert _post(client, data).url == first.url and task_queue.run() == 0
    # another file, or the same with another choice, is another import
    _post(client, data, skip_invalid="on")
    assert ImportRun.objects.count() == 2


def test_same_file_sent_by_two_people_is_two_imports(province, client_as, task_queue):
    data = csv_bytes(_rows(5))
    _post(client_as("noivu"), data)
    _post(client_as("tuphap"), data)
    assert ImportRun.objects.count() == 2


def test_skip_invalid_keeps_good_rows_and_gives_back_the_bad_ones(
    province, client_as, task_queue, in_background
):
    client = client_as("noivu")
    rows = [*_rows(3), dossier("HS-BAD", received="31/02/2025"), dossier("HS-X", unit="Bộ Y")]
    _post(client, csv_bytes(rows), skip_invalid="on")
    task_queue.run()
    run = ImportRun.objects.get()
    assert run.result["inserted"] == 3 and run.result["rejected_rows"] == 2
    page = client.get(reverse("dossiers:run", args=[run.pk])).content.decode()
    assert "thêm mới 3" in page and "bỏ qua 2 dòng lỗi" in page
    download = client.get(reverse("dossiers:run_rejected", args=[run.pk]))
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    assert "HS-BAD" in text and "HS-X" in text and "HS-00000" not in text
    assert text.splitlines()[0].startswith("Dòng,Lý do,Mã hồ sơ")


def test_all_or_nothing_by_default(province, client_as, task_queue, in_background):
    client = client_as("noivu")
    _post(client, csv_bytes(_rows(2, start=100)))
    task_queue.run()
    before = list(Dossier.objects.order_by("code").values_list("code", "returned_on"))
    rows = [*_rows(4, start=100), dossier("HS-BAD", received="31/02/2025")]
    rows[0][7] = "13/03/2025"  # a change that must not land either
    _post(client, csv_bytes(rows))
    task_queue.run()
    run = ImportRun.objects.latest("pk")
    assert run.state == RunState.DONE and not run.result["written"]
    assert list(Dossier.objects.order_by("code").values_list("code", "returned_on")) == before
    page = client.get(reverse("dossiers:run", args=[run.pk])).content.decode()
    assert "Chưa nhập" in page and "Ngày tiếp nhận" in page


def test_a_job_whose_worker_died_shows_as_failed_and_changes_nothing(
    province, client_as, task_queue, in_background, settings
):
    settings.TASKS_MAX_ATTEMPTS = 1
    client = client_as("noivu")
    _post(client, csv_bytes(_rows(3)))
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(state=RunState.RUNNING, rows_read=2)
    task_queue.orphan(run.task_id)  # its worker was killed half-way
    assert core_jobs.recover_lost()["failed"] == 1
    page = client.get(reverse("dossiers:run", args=[run.pk])).content.decode()
    assert "Không nhập được" in page and "gián đoạn" in page and "every 1s" not in page
    run.refresh_from_db()
    assert run.state == RunState.FAILED and not Dossier.objects.exists()
    # the file can be sent again at once (the failed run does not hold it)
    _post(client, csv_bytes(_rows(3)))
    assert task_queue.run() == 1 and Dossier.objects.count() == 3


def test_a_job_retried_after_its_worker_died_imports_once(
    province, client_as, task_queue, in_background
):
    client = client_as("noivu")
    _post(client, csv_bytes(_rows(3)))
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(state=RunState.RUNNING)
    task_queue.orphan(run.task_id)
    assert core_jobs.recover_lost()["requeued"] == 1
    assert task_queue.run() == 1
    run.refresh_from_db()
    assert run.state == RunState.DONE and run.result["inserted"] == 3
    assert Dossier.objects.count() == 3


def test_api_queues_a_large_file_and_reports_its_state(
    province, client_as, task_queue, in_background
):
    client = client_as("tuphap")
    upload = SimpleUploadedFile("a.csv", csv_bytes(_rows(4)))
    response = client.post("/api/v1/dossiers/imports", {"file": upload})
    assert response.status_code == 202
    body = response.json()
    assert body["state"] == "queued"
    task_queue.run()
    state = client.get(f"/api/v1/dossiers/imports/{body['id']}").json()
    assert state["state"] == "done" and state["inserted"] == 4 and state["rows_read"] == 4
    other = client_as("vpubnd").get(f"/api/v1/dossiers/imports/{body['id']}")
    assert other.status_code == 404
