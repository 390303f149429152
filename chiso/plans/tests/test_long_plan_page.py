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


def test_a_long_plan_comes_in_pages_numbered_as_its_document(province, client_as):
    """120 tasks: pages of 50; a section cut by the page break keeps its number on the next
    page, and moving a task returns to the page that shows it."""
    import re

    from chiso.plans.models import Task
    from tests.builders import make_plan

    plan = make_plan(deadlines={f"Nhiệm vụ số {i:03d}": "31/12/2026" for i in range(120)})
    tasks = list(plan.tasks.order_by("order", "pk"))
    for i, task in enumerate(tasks):  # appendix 1: 30 PAR INDEX, then 60 SIPAS; appendix 2: 30
        task.appendix = "PHỤ LỤC 1" if i < 90 else "PHỤ LỤC 2"
        task.index_code = "PAR INDEX" if i < 30 or i >= 90 else "SIPAS"
        task.save(update_fields=["appendix", "index_code"])
    client = client_as("noivu")
    url = reverse("plans:detail", args=[plan.pk])

    def shown(html):
        return re.findall(r"Nhiệm vụ số (\d{3})", html)

    first = client.get(url).content.decode()
    assert shown(first) == [f"{i:03d}" for i in range(50)]
    assert "120 nhiệm vụ, trong 2 phụ lục" in first
    assert "Trang 1: dòng 1–50 trong 120 dòng" in first
    second = client.get(url, {"trang": "2"}).content.decode()
    assert shown(second) == [f"{i:03d}" for i in range(50, 100)]
    assert "<h3>II. SIPAS</h3>" in second and "<h3>I. SIPAS</h3>" not in second
    assert "<h3>I. PAR INDEX</h3>" in second  # appendix 2 begins on this page
    third = client.get(url, {"trang": "3"}).content.decode()
    assert shown(third) == [f"{i:03d}" for i in range(100, 120)]

    moved = tasks[60]
    response = client.post(reverse("plans:task_move", args=[moved.pk]), {"direction": "up"})
    assert response["Location"] == f"{url}?trang=2#nv-{moved.pk}"
    order = list(
        Task.objects.filter(plan=plan).order_by("order", "pk").values_list("pk", flat=True)
    )
    assert order.index(moved.pk) == 59


def test_filter_choices_follow_the_plans_tasks(plan_data, client_as):
    """The filter drop-downs are kept until the data changes: a task given a new component
    offers it at once."""
    url = reverse("plans:detail", args=[plan_data.plan.pk])
    client = client_as("noivu")
    assert "<option>Chỉ số thành phần mới</option>" not in client.get(url).content.decode()
    task = plan_data.plan.tasks.order_by("order").first()
    task.component_text = "Chỉ số thành phần mới"
    task.save(update_fields=["component_text"])
    assert "<option>Chỉ số thành phần mới</option>" in client.get(url).content.decode()
