import pytest
from django.urls import reverse

from chiso.reports.models import JobState, ReportJob

pytestmark = pytest.mark.django_db


def test_generation_is_queued_and_the_page_follows_the_worker(plan_data, client_as, task_queue):
    client = client_as("noivu")
    response = client.post(
        reverse("reports:list"),
        {"kind": "compiled", "plan": plan_data.plan.pk, "period": "2024-Q4", "unit": ""},
    )
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:job", args=[job.pk])
    waiting = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "Đang chờ lập báo cáo" in waiting and 'hx-trigger="every 1s"' in waiting
    assert task_queue.run() == 1
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.message
    html = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "100%" in html and "Xem và chỉnh sửa báo cáo" in html
    assert job.report.docx and job.report.xlsx
