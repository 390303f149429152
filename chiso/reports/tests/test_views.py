from django.urls import reverse

from chiso.core import jobs
from chiso.reports.models import JobState, Report, ReportJob
from chiso.reports.tests.readers import docx_of, docx_text


def _request(client, plan, kind="compiled", unit=""):
    return client.post(
        reverse("reports:list"),
        {"kind": kind, "plan": plan.pk, "period": "2025-Q1", "unit": unit},
    )


def test_coordinator_generates_follows_progress_and_downloads(plan_data, client_as):
    client = client_as("noivu")
    page = client.get(reverse("reports:list"))
    assert "Lập báo cáo" in page.content.decode()
    response = _request(client, plan_data.plan)
    job = ReportJob.objects.get()
    assert response.url == reverse("reports:job", args=[job.pk])
    assert job.state == JobState.DONE and job.progress == 100
    fragment = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "Đã lập xong báo cáo" in fragment and "<html" not in fragment
    assert "hx-trigger" not in fragment  # polling stops once done
    detail = client.get(reverse("reports:detail", args=[job.report_id])).content.decode()
    assert "Báo cáo tổng hợp quý I năm 2025" in detail
    download = client.get(reverse("reports:download", args=[job.report_id, "docx"]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    doc = docx_of(b"".join(download.streaming_content))
    assert "SỞ NỘI VỤ" in docx_text(doc)


def test_running_job_fragment_keeps_polling(plan_data, client_as, task_queue):
    client = client_as("noivu")
    _request(client, plan_data.plan)
    job = ReportJob.objects.get()
    assert job.state == JobState.QUEUED and job.task_id
    # what the worker writes while it works
    ReportJob.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, progress=35, message="Đang lấy tình hình thực hiện từng nhiệm vụ"
    )
    html = client.get(
        reverse("reports:job", args=[job.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert 'value="35"' in html and 'hx-trigger="every 1s"' in html
    assert "Đang lấy tình hình thực hiện từng nhiệm vụ" in html


def test_coordinator_edits_narrative_then_finalises(plan_data, client_as):
    client = client_as("noivu")
    _request(client, plan_data.plan)
    report = Report.objects.get()
    url = reverse("reports:detail", args=[report.pk])
    form = {f"s_{k}": v for k, v in report.sections.items()}
    form |= {
        "s_danh_gia": "Kết quả tích cực, còn chậm ở khâu khảo sát.",
        "number": "7/BC-SNV",
        "version": report.version,
    }
    assert client.post(url, form).status_code == 302
    report.refresh_from_db()
    assert "Kết quả tích cực, còn chậm ở khâu khảo sát." in docx_text(docx_of(report.docx))
    # A second tab still holding the old version is told, and nothing changes.
    stale = client.post(url, form | {"s_danh_gia": "Bản cũ"}).content.decode()
    assert "người khác sửa" in stale
    client.post(reverse("reports:finalize", args=[report.pk]), {"version": report.version})
    report.refresh_from_db()
    assert report.is_final
    page = client.get(url).content.decode()
    assert "bản chính thức" in page and "Hoàn thiện báo cáo</button>" not in page


def test_officer_makes_own_unit_report_but_not_the_compiled_one(plan_data, client_as):
    client = client_as("tuphap")
    form_html = client.get(reverse("reports:list")).content.decode()
    assert 'value="compiled"' not in form_html and 'value="unit"' in form_html
    _request(client, plan_data.plan, kind="unit", unit=plan_data.units["stp"].pk)
    report = Report.objects.get()
    assert report.unit == plan_data.units["stp"]
    refused = _request(client, plan_data.plan, kind="unit", unit=plan_data.units["vp"].pk)
    assert refused.status_code == 200 and "Select a valid choice" not in refused.content.decode()
    assert Report.objects.count() == 1


def test_outsider_gets_404_on_reports_and_jobs(plan_data, client_as):
    _request(client_as("noivu"), plan_data.plan)
    report, job = Report.objects.get(), ReportJob.objects.get()
    other = client_as("vpubnd")
    assert other.get(reverse("reports:detail", args=[report.pk])).status_code == 404
    assert other.get(reverse("reports:download", args=[report.pk, "docx"])).status_code == 404
    assert other.get(reverse("reports:job", args=[job.pk])).status_code == 404
    assert client_as("noivu").get(reverse("reports:detail", args=["999999"])).status_code == 404


def test_leader_reads_but_cannot_edit(plan_data, client_as):
    _request(client_as("noivu"), plan_data.plan)
    report = Report.objects.get()
    leader = client_as("lanhdao")
    listing = leader.get(reverse("reports:list")).content.decode()
    assert "Báo cáo tổng hợp" in listing and "Lập báo cáo</button>" not in listing
    page = leader.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Tải báo cáo (Word)" in page and "Nội dung thuyết minh" not in page
    denied = leader.post(reverse("reports:finalize", args=[report.pk]), {"version": 1})
    assert denied.status_code == 403
    report.refresh_from_db()
    assert not report.is_final


def test_double_submit_while_queued_reuses_the_job(plan_data, client_as, task_queue):
    client = client_as("noivu")
    first = _request(client, plan_data.plan)
    second = _request(client, plan_data.plan)
    job = ReportJob.objects.get()
    assert first.url == second.url == reverse("reports:job", args=[job.pk])
    assert task_queue.run() == 1
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.report.docx


def test_list_page_queries_are_bounded(plan_data, client_as, django_assert_max_num_queries):
    client = client_as("noivu")
    _request(client, plan_data.plan)
    _request(client, plan_data.plan, kind="unit", unit=plan_data.units["stp"].pk)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("reports:list")).status_code == 200
    report = Report.objects.filter(kind="compiled").get()
    with django_assert_max_num_queries(15):
        assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 200


def test_job_whose_worker_died_does_not_block_new_requests(
    plan_data, client_as, task_queue, settings
):
    settings.TASKS_MAX_ATTEMPTS = 1
    client = client_as("noivu")
    _request(client, plan_data.plan)
    stuck = ReportJob.objects.get()
    task_queue.orphan(stuck.task_id)
    jobs.recover_lost()
    page = client.get(reverse("reports:job", args=[stuck.pk])).content.decode()
    assert "gián đoạn" in page and "every 1s" not in page
    response = _request(client, plan_data.plan)
    fresh = ReportJob.objects.exclude(pk=stuck.pk).get()
    assert response.url == reverse("reports:job", args=[fresh.pk])
    task_queue.run()
    fresh.refresh_from_db()
    stuck.refresh_from_db()
    assert stuck.state == JobState.FAILED and fresh.state == JobState.DONE
