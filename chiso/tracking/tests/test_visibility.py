"""Each app's visibility vocabulary, per persona: the coordinator (noivu), the leader (lanhdao), the
lead unit's officer (tuphap), the coordinating unit's officer (vpubnd) and an outsider (an officer
of Sở Tài chính, named nowhere in the plan)."""

import pytest

from chiso.frameworks.models import Framework
from chiso.orgs.models import Membership, Role
from chiso.orgs.services import user_create
from chiso.plans.models import Plan, Task
from chiso.tracking.models import Evidence, Occurrence, ProgressReport
from chiso.tracking.tests.test_workflow import submit
from tests.builders import unit


@pytest.fixture
def outsider(province):
    user = user_create(username="taichinh", password="chiso-demo-1234", full_name="taichinh")
    Membership.objects.create(user=user, unit=unit("Sở Tài chính"), role=Role.OFFICER)
    return user


def _sees(qs, obj) -> bool:
    return qs.filter(pk=obj.pk).exists()


def test_plans_and_tasks_are_seen_by_overseers_and_assigned_units_only(occ, persona, outsider):
    plan, task = occ.task.plan, occ.task
    for name in ("noivu", "lanhdao", "tuphap", "vpubnd"):
        assert _sees(Plan.objects.visible_to(persona(name)), plan), name
        assert _sees(Task.objects.visible_to(persona(name)), task), name
    assert not _sees(Plan.objects.visible_to(outsider), plan)
    assert not _sees(Task.objects.visible_to(outsider), task)
    assert _sees(Plan.objects.managed_by(persona("noivu")), plan)
    for name in ("lanhdao", "tuphap", "vpubnd"):
        assert not _sees(Plan.objects.managed_by(persona(name)), plan), name


def test_occurrences_reports_and_evidence_follow_the_occurrence(occ, persona, outsider):
    report = submit(occ, persona("tuphap"))
    for name in ("noivu", "lanhdao", "tuphap", "vpubnd"):
        assert _sees(Occurrence.objects.visible_to(persona(name)), occ), name
        assert _sees(ProgressReport.objects.visible_to(persona(name)), report), name
    assert not _sees(Occurrence.objects.visible_to(outsider), occ)
    assert not _sees(ProgressReport.objects.visible_to(outsider), report)
    assert not Evidence.objects.visible_to(outsider).exists()


def test_only_the_lead_reports_and_only_reviewers_review(occ, persona, outsider):
    assert _sees(Occurrence.objects.reportable_by(persona("tuphap")), occ)
    for name in ("noivu", "lanhdao", "vpubnd"):
        assert not _sees(Occurrence.objects.reportable_by(persona(name)), occ), name
    assert not _sees(Occurrence.objects.reportable_by(outsider), occ)
    assert _sees(Occurrence.objects.reviewable_by(persona("noivu")), occ)
    for name in ("lanhdao", "tuphap", "vpubnd"):
        assert not _sees(Occurrence.objects.reviewable_by(persona(name)), occ), name


def test_national_frameworks_are_read_by_all_and_edited_by_province_coordinators(province, persona):
    national = Framework.objects.create(
        code="PCI-TEST", index_code="PCI", name="PCI", version_label="2024", aggregation="sum"
    )
    for name in ("noivu", "lanhdao", "tuphap"):
        assert _sees(Framework.objects.visible_to(persona(name)), national), name
    assert _sees(Framework.objects.managed_by(persona("noivu")), national)
    assert not _sees(Framework.objects.managed_by(persona("tuphap")), national)
