"""The dashboard draws an index that has results but no target yet."""

from django.urls import reverse

from chiso.frameworks.loader import load_shipped_frameworks
from chiso.frameworks.models import Framework, Target
from chiso.frameworks.services import results_import
from chiso.frameworks.tests.test_import import xlsx


def test_a_result_without_any_target_is_drawn(province, client_as, persona):
    load_shipped_frameworks()
    pci = Framework.objects.current().get(code="PCI")
    data = xlsx([["Tổng", 2024, "Kết quả", 66.5, 20, 63]])
    results_import(data=data, filename="kq.xlsx", unit=province, framework=pci, by=persona("noivu"))
    assert not Target.objects.filter(framework=pci).exists()
    response = client_as("lanhdao").get(reverse("dashboard:index"))
    assert response.status_code == 200
    assert "66,50" in response.content.decode()
