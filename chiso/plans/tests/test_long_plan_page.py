"""A plan of hundreds of tasks reads like its document: appendices, index sections, filters that
stay in the address, and the title as a sentence."""

import pytest
from django.urls import reverse

from chiso.plans.models import Plan

pytestmark = pytest.mark.django_db


def _in_appendices(plan_data):
    tasks = list(plan_data.plan.tasks.order_by("order", "pk"))
    for i, task in enumerate(tasks):
        task.appendix = "PHỤ LỤC 1" if i < 3 else "PHỤ LỤC 2"
        task.save(update_fields=["appendix"])
    return tasks


def test_tasks_are_grouped_by_appendix_then_index_section(plan_data, client_as):
    _in_appendices(plan_data)
    url = reverse("plans:detail", args=[plan_data.plan.pk])
    html = client_as("noivu").get(url).content.decode()
    assert "<summary><strong>Phụ lục 1</strong> — 3 nhiệm vụ</summary>" in html
    assert "<summary><strong>Phụ lục 2</strong> — 3 nhiệm vụ</summary>" in html
    assert "<h3>I. PAR INDEX</h3>" in html and "<h3>II. SIPAS</h3>" in html
    assert "<h3>I. PAPI</h3>" in html  # each appendix numbers its own sections
    assert '<details class="task-group">' in html  # collapsed until opened


def test_filter_by_lead_unit_keeps_the_filter_in_the_address(plan_data, client_as):
    _in_appendices(plan_data)
    stp = plan_data.units["stp"]
    url = reverse("plans:detail", args=[plan_data.plan.pk])
    client = client_as("noivu")
    html = client.get(url, {"don_vi": stp.pk}).content.decode()
    assert "2 trong 6 nhiệm vụ phù hợp bộ lọc" in html
    assert "Rà soát, công bố thủ tục hành chính" in html
    assert "Công khai ngân sách theo quy định" not in html
    assert f'<option value="{stp.pk}" selected>Sở Tư pháp</option>' in html
    assert 'hx-push-url="true"' in html
    fragment = client.get(url, {"chi_so": "PCI"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and "Đối thoại doanh nghiệp hằng quý" in fragment
    assert "Rà soát, công bố thủ tục hành chính" not in fragment


def test_filter_by_deadline_and_status(plan_data, client_as):
    url = reverse("plans:detail", args=[plan_data.plan.pk])
    client = client_as("noivu")
    # The tasks of this plan are continuous ("Thường xuyên"): none has a single due date.
    assert "6 trong 6 nhiệm vụ" in client.get(url, {"han": "khong_co_han"}).content.decode()
    html = client.get(url, {"han": "qua_han"}).content.decode()
    assert "Không có nhiệm vụ phù hợp bộ lọc." in html
    red = client.get(url, {"tinh_trang": "red"}).content.decode()
    assert "Khảo sát sự hài lòng của người dân" in red  # overdue
    assert "Rà soát, công bố thủ tục hành chính" not in red  # done on time


def test_a_title_stored_in_capitals_reads_as_a_sentence(plan_data, client_as):
    Plan.objects.filter(pk=plan_data.plan.pk).update(
        title="NÂNG CAO CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (PAR INDEX) NĂM 2024"
    )
    url = reverse("plans:detail", args=[plan_data.plan.pk])
    html = client_as("noivu").get(url).content.decode()
    assert "<h1>Nâng cao chỉ số cải cách hành chính (PAR INDEX) năm 2024</h1>" in html
