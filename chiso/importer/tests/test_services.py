"""Import services on the real seed plans: counts, duplicates, double confirm, rollback."""

import pytest

from chiso.core.errors import DomainError
from chiso.importer import services
from chiso.importer.models import AgencyMapping, ImportJob, JobState
from chiso.importer.selectors import job_duplicate_plan
from chiso.plans.models import Plan, Task, TaskAssignment
from tests.builders import TUY_PHONG, TUY_PHUOC, plan_docx, seed

pytestmark = pytest.mark.django_db


def _start(user, owner, name=TUY_PHUOC, data=None):
    return services.import_start(
        user=user, filename=name, data=data or seed(name), owner_unit=owner
    )


def test_tuy_phuoc_creates_plan_tasks_and_assignments(persona, tuy_phuoc):
    user = persona("noivu")
    job = _start(user, tuy_phuoc)
    assert job.state == JobState.READY and job.progress == 100
    assert len(job.draft["tasks"]) == 69
    assert job.draft["agencies"]["Phòng Nội vụ"]["label"] == "Phòng Nội vụ huyện Tuy Phước"
    assert "Phòng Kinh tế và Hạ tầng" in job.draft["unresolved"]

    result = services.import_confirm(job=job, user=user)

    plan = result.plan
    assert (result.tasks, plan.tasks.count()) == (69, 69)
    assert result.assignments == TaskAssignment.objects.filter(task__plan=plan).count() > 60
    assert plan.owner_unit == tuy_phuoc and plan.source_sha256 == job.sha256
    assert (plan.period_start.isoformat(), plan.period_end.isoformat()) == (
        "2023-01-01",
        "2025-12-31",
    )
    first = plan.tasks.order_by("order").first()
    assert first.index_code == "PAR INDEX" and first.content == "Thực hiện kế hoạch CCHC"
    lead = TaskAssignment.objects.filter(task__plan=plan, unit__name="Phòng Nội vụ huyện Tuy Phước")
    assert lead.exists()
    assert "69 nhiệm vụ" in result.summary()
    job.refresh_from_db()
    assert job.state == JobState.CONFIRMED and job.plan == plan


def test_reimport_same_file_offers_existing_plan(persona, tuy_phuoc):
    user = persona("noivu")
    first = services.import_confirm(job=_start(user, tuy_phuoc), user=user).plan
    again = _start(user, tuy_phuoc)
    assert job_duplicate_plan(again) == first
    with pytest.raises(services.DuplicatePlan) as exc:
        services.import_confirm(job=again, user=user)
    assert exc.value.plan == first and "đã được nhập" in exc.value.message
    assert Plan.objects.count() == 1 and Task.objects.count() == 69
    again.refresh_from_db()
    assert again.state == JobState.READY  # still open: the user may discard it


def test_same_number_and_date_is_a_duplicate_even_from_another_file(persona, unit_named):
    user = persona("noivu")
    owner = unit_named("Ủy ban nhân dân huyện Tuy Phong")
    services.import_confirm(job=_start(user, owner, TUY_PHONG), user=user)
    retyped = seed(TUY_PHONG) + "\nBản sao gửi lưu.".encode()
    with pytest.raises(services.DuplicatePlan):
        services.import_confirm(job=_start(user, owner, TUY_PHONG, retyped), user=user)
    assert Plan.objects.count() == 1


def test_double_confirm_creates_one_plan(persona, tuy_phuoc):
    user = persona("noivu")
    job = _start(user, tuy_phuoc)
    first = services.import_confirm(job=job, user=user)
    stale = ImportJob.objects.get(pk=job.pk)
    stale.state = JobState.READY  # the second request still holds the page it loaded
    second = services.import_confirm(job=stale, user=user)
    assert second.plan == first.plan and not second.created
    assert Plan.objects.count() == 1 and Task.objects.count() == 69


def test_one_invalid_task_rolls_everything_back(persona, tuy_phuoc):
    user = persona("noivu")
    job = _start(user, tuy_phuoc)
    edited = dict(job.draft)
    edited["tasks"] = [dict(t) for t in job.draft["tasks"]]
    edited["tasks"][40]["content"] = "   "
    unresolved = job.draft["unresolved"][0]
    with pytest.raises(DomainError) as exc:
        services.import_confirm(
            job=job,
            user=user,
            edited_draft=edited,
            mappings={unresolved: f"unit:{tuy_phuoc.pk}"},
        )
    assert "nội dung nhiệm vụ không được để trống" in exc.value.message
    assert Plan.objects.count() == Task.objects.count() == TaskAssignment.objects.count() == 0
    assert not AgencyMapping.objects.exists()
    job.refresh_from_db()
    assert job.state == JobState.READY and job.plan is None


def test_user_mapping_is_applied_and_remembered(persona, province, unit_named):
    user = persona("noivu")
    farmers = unit_named("Sở Nông nghiệp và Phát triển nông thôn")
    job = _start(user, province, "a.docx", plan_docx())
    assert job.draft["unresolved"] == ["Hội Nông dân tỉnh"]
    result = services.import_confirm(
        job=job, user=user, mappings={"Hội Nông dân tỉnh": f"unit:{farmers.pk}"}
    )
    task = result.plan.tasks.get(number="2")
    lead = task.assignments.get(role="lead")
    assert lead.unit == farmers and lead.name_as_written == "Hội Nông dân tỉnh"
    assert AgencyMapping.objects.get(scope=province).unit == farmers

    later = _start(user, province, "b.docx", plan_docx(number="13/KH-UBND"))
    assert later.draft["unresolved"] == []
    assert later.draft["agencies"]["Hội Nông dân tỉnh"]["via"] == "mapping"


def test_mapping_outside_the_scope_is_refused(persona, tuy_phuoc, province):
    user = persona("noivu")
    job = _start(user, tuy_phuoc)
    outsider = province.children.get(name="Sở Tư pháp")
    with pytest.raises(DomainError) as exc:
        services.import_confirm(
            job=job,
            user=user,
            mappings={job.draft["unresolved"][0]: f"unit:{outsider.pk}"},
        )
    assert "không thuộc phạm vi" in exc.value.message
    assert not Plan.objects.exists()


def test_discard_removes_job_and_file(persona, tuy_phuoc):
    job = _start(persona("noivu"), tuy_phuoc)
    path = job.file.path
    services.import_discard(job=job)
    assert not ImportJob.objects.exists()
    import os

    assert not os.path.exists(path)


def test_background_parse_waits_in_the_queue_then_fills_the_job(persona, tuy_phuoc, task_queue):
    job = services.import_start(
        user=persona("noivu"),
        filename=TUY_PHUOC,
        data=seed(TUY_PHUOC),
        owner_unit=tuy_phuoc,
        background=True,
    )
    assert job.state == JobState.PARSING and job.task_id
    assert services.import_sync(job).state == JobState.PARSING  # queued: still waiting
    assert task_queue.run() == 1
    job.refresh_from_db()
    assert job.state == JobState.READY and job.progress == 100
    assert len(job.draft["tasks"]) == 69


def test_background_failure_marks_the_job_and_drops_the_file(persona, tuy_phuoc, task_queue):
    job = services.import_start(
        user=persona("noivu"),
        filename="thu.txt",
        data="Kính gửi các đồng chí.".encode(),
        owner_unit=tuy_phuoc,
        background=True,
    )
    task_queue.run()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert "Không tìm thấy bảng nhiệm vụ" in job.error_message
    assert not job.file
