"""After saving a task's components, `next` may only lead to a page of this site."""

from datetime import date

import pytest
from django.urls import reverse

from chiso.frameworks.models import Framework
from chiso.plans.services import TaskSpec, plan_create


@pytest.fixture
def task(province, frameworks):
    plan = plan_create(
        owner_unit=province,
        number="336/KH-UBND",
        title="Kế hoạch nâng cao chỉ số",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        tasks=[TaskSpec(content="Công khai ngân sách", index_code="PCI")],
    )
    return plan.tasks.get()


def _save(client, task, next_value):
    component = Framework.objects.current().get(code="PCI").components.first()
    url = reverse("plans:task_components", args=[task.pk])
    return client.post(url, {"components": [component.pk]}, QUERY_STRING=f"next={next_value}")


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "/\\evil.example",
        "http:/evil.example",
        "javascript:alert(1)",
        "%2F%2Fevil.example",
    ],
)
def test_an_offsite_next_is_ignored(client_as, task, target):
    response = _save(client_as("noivu"), task, target)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:task_components", args=[task.pk])


def test_a_path_on_this_site_is_followed(client_as, task):
    back = reverse("plans:detail", args=[task.plan_id])
    response = _save(client_as("noivu"), task, back)
    assert response.status_code == 302 and response["Location"] == back
    assert task.component_links.count() == 1
