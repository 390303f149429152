"""Plans without reporting periods and plans imported from text stay listable and editable."""

from django.urls import reverse

from chiso.importer import services as importer
from chiso.orgs.models import OrgUnit
from chiso.plans.models import Plan
from chiso.plans.tests.test_plan_pages import _create_plan
from tests.builders import TUY_PHUOC, seed


def test_plan_list_shows_a_plan_without_reporting_periods(client_as):
    client = client_as("noivu")
    _create_plan(client)  # by hand, no task yet: no occurrence, no rates
    response = client.get(reverse("plans:list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kế hoạch cải thiện Chỉ số PAPI năm 2026" in page


def _edit_data(plan: Plan) -> dict:
    return {
        "number": plan.number,
        "issuer": plan.issuer,
        "place": plan.place,
        "date": plan.date.strftime("%d/%m/%Y") if plan.date else "",
        "title": "Trích yếu đã sửa",
        "owner_unit": plan.owner_unit_id,
        "coordinator_unit": plan.coordinator_unit_id or "",
        "period_start": plan.period_start.strftime("%d/%m/%Y"),
        "period_end": plan.period_end.strftime("%d/%m/%Y"),
        "reporting_frequency": plan.reporting_frequency,
    }


def test_a_plan_imported_from_text_can_be_edited(client_as, persona):
    owner = OrgUnit.objects.get(name="Ủy ban nhân dân huyện Tuy Phước")
    user = persona("admin")
    job = importer.import_start(
        user=user, filename=TUY_PHUOC, data=seed(TUY_PHUOC), owner_unit=owner
    )
    plan = importer.import_confirm(job=job, user=user).plan
    source = plan.source_file.name
    assert source.endswith(".txt")
    client = client_as("admin")
    response = client.post(reverse("plans:edit", args=[plan.pk]), _edit_data(plan), follow=True)
    assert "Đã lưu kế hoạch." in response.content.decode()
    plan.refresh_from_db()
    assert plan.title == "Trích yếu đã sửa" and plan.source_file.name == source
    assert client.get(reverse("plans:source", args=[plan.pk])).status_code == 200
