"""Plans and tasks by hand: create, edit with reasons, reorder, split a group assignment."""

import re
from datetime import date

from django.urls import reverse

from chiso.orgs.models import OrgUnit, UnitGroup
from chiso.plans.models import Plan, Task
from chiso.tracking.models import Occurrence


def _unit(name):
    return OrgUnit.objects.get(name=name)


def _create_plan(client):
    response = client.post(
        reverse("plans:create"),
        {
            "number": "99/KH-UBND",
            "issuer": "UBND tỉnh Đồng Nai",
            "place": "Đồng Nai",
            "date": "15/01/2026",
            "title": "Kế hoạch cải thiện Chỉ số PAPI năm 2026",
            "owner_unit": _unit("Ủy ban nhân dân tỉnh Đồng Nai").pk,
            "coordinator_unit": _unit("Sở Nội vụ").pk,
            "period_start": "01/01/2026",
            "period_end": "31/12/2026",
            "reporting_frequency": "quarter",
        },
        follow=True,
    )
    assert "Đã lưu kế hoạch." in response.content.decode()
    return Plan.objects.get(number="99/KH-UBND")


def _task_data(**extra):
    return {
        "content": "Công khai thủ tục hành chính",
        "index_code": "PAPI",
        "component_text": "Công khai, minh bạch",
        "deadline_text": "Hằng quý",
        "lead_units": [_unit("Sở Tư pháp").pk],
        "coordinating_units": [_unit("Văn phòng Ủy ban nhân dân tỉnh").pk],
        **extra,
    }


def test_coordinator_enters_a_plan_and_a_recurring_task(client_as):
    client = client_as("noivu")
    plan = _create_plan(client)
    response = client.post(reverse("plans:task_create", args=[plan.pk]), _task_data(), follow=True)
    page = response.content.decode()
    assert "Đã lưu nhiệm vụ" in page and "Công khai thủ tục hành chính" in page
    task = plan.tasks.get()
    labels = list(task.occurrences.order_by("due_date").values_list("period_label", flat=True))
    assert labels == ["Quý I/2026", "Quý II/2026", "Quý III/2026", "Quý IV/2026"]
    assert task.deadline["kind"] == "recurring"
    officer_page = client_as("tuphap").get(reverse("tracking:my_tasks")).content.decode()
    assert "Công khai thủ tục hành chính" in officer_page


def test_changing_a_deadline_needs_a_reason_kept_in_history(client_as):
    client = client_as("noivu")
    plan = _create_plan(client)
    client.post(reverse("plans:task_create", args=[plan.pk]), _task_data())
    task = plan.tasks.get()
    url = reverse("plans:task_edit", args=[task.pk])
    page = client.post(url, _task_data(deadline_text="30/9/2026")).content.decode()
    assert "cần ghi rõ lý do" in page
    assert Task.objects.get(pk=task.pk).deadline["kind"] == "recurring"
    client.post(url, _task_data(deadline_text="30/9/2026", reason="Theo chỉ đạo của UBND tỉnh"))
    task.refresh_from_db()
    assert task.due_date == date(2026, 9, 30)
    assert list(task.occurrences.values_list("due_date", flat=True)) == [date(2026, 9, 30)]
    assert task.history.first().history_change_reason == "Theo chỉ đạo của UBND tỉnh"


def test_reorder_tasks(client_as):
    client = client_as("noivu")
    plan = _create_plan(client)
    for name in ("Thứ nhất", "Thứ hai"):
        client.post(reverse("plans:task_create", args=[plan.pk]), _task_data(content=name))
    second = plan.tasks.get(content="Thứ hai")
    client.post(reverse("plans:task_move", args=[second.pk]), {"direction": "up"})
    assert list(plan.tasks.order_by("order").values_list("content", flat=True)) == [
        "Thứ hai",
        "Thứ nhất",
    ]


def test_split_a_group_assignment_into_one_per_unit(client_as):
    client = client_as("noivu")
    plan = _create_plan(client)
    group = UnitGroup.objects.get(name="UBND các xã, phường, thị trấn")
    client.post(
        reverse("plans:task_create", args=[plan.pk]),
        _task_data(lead_units=[], lead_groups=[group.pk], deadline_text="31/12/2026"),
    )
    task = plan.tasks.get()
    assignment = task.assignments.get(role="lead")
    before = Occurrence.objects.filter(task=task).count()
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    action = reverse("plans:assignment_split", args=[assignment.pk])
    form = re.search(rf'<form method="post" action="{action}".*?</form>', page, re.S).group(0)
    assert 'name="csrfmiddlewaretoken" value="' in form and "Tách theo từng đơn vị" in form
    assert 'UBND các xã, phường, thị trấn <small class="muted">(nhóm)</small>' in page
    officer_page = client_as("tuphap").get(reverse("plans:detail", args=[plan.pk]))
    assert action not in officer_page.content.decode()  # only those who manage the plan split
    response = client.post(action, follow=True)
    assert "Đã tách thành" in response.content.decode()
    units = task.assignments.filter(role="lead")
    assert units.count() == before and all(a.unit_id and a.from_group == group for a in units)
    assert Occurrence.objects.filter(task=task).count() == before


def test_officer_cannot_edit_and_outsider_ids_are_404(client_as):
    plan = _create_plan(client_as("noivu"))
    officer = client_as("tuphap")
    assert officer.get(reverse("plans:edit", args=[plan.pk])).status_code in (403, 404)
    assert officer.get(reverse("plans:create")).status_code == 403
    assert officer.get(reverse("plans:detail", args=[plan.pk + 999])).status_code == 404


def test_plan_list_and_detail_show_progress(client_as, django_assert_max_num_queries):
    client = client_as("noivu")
    plan = _create_plan(client)
    client.post(reverse("plans:task_create", args=[plan.pk]), _task_data())
    with django_assert_max_num_queries(20):
        page = client.get(reverse("plans:list")).content.decode()
    assert "99/KH-UBND" in page
    with django_assert_max_num_queries(25):
        detail = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Sở Tư pháp" in detail and "Hằng quý" in detail


def test_task_serves_the_components_chosen(client_as):
    from chiso.frameworks.loader import load_shipped_frameworks
    from chiso.frameworks.models import Component

    load_shipped_frameworks()
    client = client_as("noivu")
    plan = _create_plan(client)
    component = Component.objects.filter(code__startswith="PAPI.").order_by("pk").first()
    client.post(reverse("plans:task_create", args=[plan.pk]), _task_data(components=[component.pk]))
    task = plan.tasks.get()
    assert list(task.component_links.values_list("component", flat=True)) == [component.pk]


def test_source_document_is_checked_and_served_only_to_viewers(client_as, province):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("noivu")
    plan = _create_plan(client)
    url = reverse("plans:edit", args=[plan.pk])
    data = {
        "number": plan.number, "title": plan.title, "owner_unit": plan.owner_unit_id,
        "period_start": "01/01/2026", "period_end": "31/12/2026",
        "reporting_frequency": "quarter",
    }  # fmt: skip
    fake = SimpleUploadedFile("ke-hoach.pdf", b"<html>not a pdf</html>" * 10)
    page = client.post(url, {**data, "source_file": fake}).content.decode()
    assert "không đúng định dạng cho phép" in page
    pdf = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\n%%EOF\n")
    client.post(url, {**data, "source_file": pdf})
    plan.refresh_from_db()
    assert plan.source_file.name.endswith(".pdf") and "ke-hoach" not in plan.source_file.name
    response = client.get(reverse("plans:source", args=[plan.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert client_as("tuphap").get(reverse("plans:source", args=[plan.pk])).status_code == 404
