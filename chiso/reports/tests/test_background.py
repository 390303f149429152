import time

import pytest
from django.urls import reverse

from chiso.reports.models import JobState, ReportJob

pytestmark = pytest.mark.django_db(transaction=True)


def test_generation_runs_in_a_worker_thread_and_the_page_follows_it(plan_data, client_as):
    client = client_as("noivu")
    response = client.post(
        reverse("reports:list"),
        {"kind": "compiled", "plan": plan_data.plan.pk, "period": "2024-Q4", "unit": ""},
    )
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:job", args=[job.pk])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.1)
    assert job.state == JobState.DONE, job.message
    html = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "100%" in html and "Xem và chỉnh sửa báo cáo" in html
    assert job.report.docx and job.report.xlsx
