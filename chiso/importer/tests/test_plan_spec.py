"""A confirmed draft becomes one complete plan specification before anything is written."""

import pytest

from chiso.core.errors import DomainError
from chiso.importer import services
from chiso.importer.plan_spec import plan_spec
from chiso.plans.models import Plan
from tests.builders import TUY_PHUOC, seed

pytestmark = pytest.mark.django_db


def test_the_tuy_phuoc_draft_resolves_into_a_full_spec_without_touching_the_database(
    persona, tuy_phuoc, django_assert_num_queries
):
    job = services.import_start(
        user=persona("noivu"), filename=TUY_PHUOC, data=seed(TUY_PHUOC), owner_unit=tuy_phuoc
    )
    resolved = services._resolve_for_confirm(job.draft, tuy_phuoc, {})
    with django_assert_num_queries(0):
        spec = plan_spec(job.draft, resolved, fallback_title=job.filename)
    assert len(spec.tasks) == 69
    assert spec.tasks[0].content == "Thực hiện kế hoạch CCHC"
    leads = {a.unit.name for t in spec.tasks for a in t.assignees if a.role == "lead" and a.unit}
    assert "Phòng Nội vụ huyện Tuy Phước" in leads
    assert "Phòng Kinh tế và Hạ tầng" in spec.unresolved
    assert spec.header["period_start"].year == 2023 and spec.header["period_end"].year == 2025


def test_a_task_without_lead_stops_the_spec_and_nothing_is_written(persona, tuy_phuoc):
    job = services.import_start(
        user=persona("noivu"), filename=TUY_PHUOC, data=seed(TUY_PHUOC), owner_unit=tuy_phuoc
    )
    draft = dict(job.draft, tasks=[dict(job.draft["tasks"][0], lead=[])])
    with pytest.raises(DomainError, match="chưa có đơn vị chủ trì"):
        services.import_confirm(job=job, user=persona("noivu"), edited_draft=draft)
    assert Plan.objects.count() == 0
