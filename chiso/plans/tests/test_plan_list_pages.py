"""The plan list comes in pages of 25, newest first, each plan with its own task count."""

import re

from django.urls import reverse

from tests.builders import make_plan


def test_plan_list_pages_keep_newest_first_and_count_each_plans_tasks(province, client_as):
    for i in range(26):
        make_plan(deadlines={} if i else {"Rà soát văn bản": "30/6/2026"}, number=f"{i}/KH-UBND")
    client = client_as("noivu")
    first = client.get(reverse("plans:list")).content.decode()
    numbers = re.findall(r"<tr><td>(\d+)/KH-UBND</td>", first)
    assert len(numbers) == 25
    assert "Trang 1: dòng 1–25 trong 26 dòng" in first
    assert "0" not in numbers  # the oldest (same date, lowest id) is on the next page
    second = client.get(reverse("plans:list"), {"trang": "2"}).content.decode()
    row = re.search(r"<tr><td>0/KH-UBND</td>.*?</tr>", second, re.S).group(0)
    assert '<td class="num">1</td>' in row  # its one task
    assert "« Trang trước" in second


def test_plan_list_figures_follow_a_new_task_at_once(province, client_as):
    """The list keeps each plan's task count and rates until the data change: a task added
    shows on the next view."""
    from chiso.plans.models import Task

    plan = make_plan(deadlines={"Rà soát văn bản": "30/6/2026"}, number="7/KH-UBND")
    client = client_as("noivu")

    def count_cell() -> str:
        page = client.get(reverse("plans:list")).content.decode()
        row = re.search(r"<tr><td>7/KH-UBND</td>.*?</tr>", page, re.S).group(0)
        return re.findall(r'<td class="num">(\d+)</td>', row)[0]

    assert count_cell() == "1"
    assert count_cell() == "1"  # kept
    Task.objects.create(plan=plan, order=2, content="Công khai thủ tục hành chính")
    assert count_cell() == "2"
