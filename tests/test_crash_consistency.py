"""Crash consistency: a plan import, a compiled report generation and a bulk review killed with
SIGKILL at random moments (and at a few named steps) leave everything or nothing, and the job is
visible as retried or failed, never stuck "running".

The operations run in real processes against the test database (a file on SQLite, the server on
PostgreSQL); the kill moments are drawn from a seeded RNG within each operation's measured
duration.
"""

from __future__ import annotations

import random
from pathlib import Path

import docx
import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from chiso.core import jobs
from chiso.core.files import unreferenced_files
from chiso.frameworks.models import Target, TaskComponent
from chiso.importer import services as importer
from chiso.importer.models import ImportJob
from chiso.importer.models import JobState as ImportState
from chiso.orgs.models import OrgUnit
from chiso.plans.models import Plan, TaskAssignment
from chiso.reports import jobs as report_jobs
from chiso.reports.models import JobState, Report, ReportKind
from chiso.tracking.models import Occurrence, ProgressReport, ReportState
from tests.builders import TUY_PHUOC, make_plan, seed
from tests.crash import Forker, kill_delays

pytestmark = pytest.mark.django_db(transaction=True)

RANDOM_KILLS = 2  # per operation, plus the named steps below: the test stays short


@pytest.fixture(scope="module")
def forker(django_db_setup, tmp_path_factory):
    media = tmp_path_factory.mktemp("crash-media")
    process = Forker(media)
    process.media = media
    yield process
    process.close()


@pytest.fixture
def media(settings, forker) -> Path:
    """This process and the killed ones share the media directory."""
    settings.MEDIA_ROOT = forker.media
    return forker.media


def _task_status(task_id: str) -> str:
    return DBTaskResult.objects.get(pk=task_id).status


# --- bulk review ----------------------------------------------------------------------------


def _submitted_batches(count: int, size: int) -> list[list[int]]:
    plan = make_plan(
        deadlines={f"Nhiệm vụ số {i}": "Quý IV/2026" for i in range(count * size)},
        number="77/KH-UBND",
    )
    ids = []
    for occ in Occurrence.objects.filter(task__plan=plan).order_by("pk"):
        report = ProgressReport.objects.create(
            occurrence=occ,
            unit=occ.unit,
            state=ReportState.SUBMITTED,
            work_status="in_progress",
            percent=50,
            narrative="Đã triển khai một nửa khối lượng.",
            submitted_at=timezone.now(),
            first_submitted_at=timezone.now(),
        )
        ids.append(report.pk)
    assert len(ids) == count * size
    return [ids[i * size : (i + 1) * size] for i in range(count)]


def _review_state(ids: list[int]) -> str:
    """ "all" accepted or "none"; anything else fails the test."""
    reports = ProgressReport.objects.filter(pk__in=ids)
    states = set(reports.values_list("state", flat=True))
    percents = set(Occurrence.objects.filter(reports__in=reports).values_list("percent", flat=True))
    if states == {ReportState.ACCEPTED}:
        assert percents == {50}  # every accepted report moved its occurrence
        return "all"
    assert states == {ReportState.SUBMITTED}, f"mixed review states {states}"
    assert percents == {0}
    return "none"


def test_bulk_review_killed_applies_all_reviews_or_none(province, forker, media):
    rng = random.Random(18)
    batches = _submitted_batches(RANDOM_KILLS + 2, 12)
    seconds = forker.run("review", report_ids=batches[0], username="noivu")
    assert _review_state(batches[0]) == "all"
    outcomes = []
    for ids, delay in zip(batches[1:], kill_delays(rng, seconds, RANDOM_KILLS), strict=False):
        outcome = forker.kill_after(delay, "review", report_ids=ids, username="noivu")
        outcomes.append((outcome.killed, _review_state(ids)))
    # Half-way through the batch: the sixth acceptance is under way.
    middle = "chiso.tracking.services:report_accept:6"
    forker.kill_at(middle, "review", report_ids=batches[-1], username="noivu")
    assert _review_state(batches[-1]) == "none"
    assert all(state == "none" for killed, state in outcomes if killed)


# --- compiled report generation ---------------------------------------------------------------


def _report_intact(plan) -> Report:
    """One report row, whose Word and Excel files exist and open."""
    (report,) = Report.objects.filter(kind=ReportKind.COMPILED, plan=plan, period_code="2024-Q4")
    docx.Document(report.docx.path)
    openpyxl.load_workbook(report.xlsx.path, read_only=True).close()
    return report


def _served(client, report: Report) -> None:
    for fmt in ("docx", "xlsx"):
        response = client.get(reverse("reports:download", args=[report.pk, fmt]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")


def test_report_generation_killed_keeps_a_report_whose_files_open(
    plan_data, persona, task_queue, forker, media, client_as
):
    rng = random.Random(2024)
    noivu, client = persona("noivu"), client_as("noivu")

    def request():
        return report_jobs.job_request(
            kind=ReportKind.COMPILED, plan=plan_data.plan, period_code="2024-Q4", by=noivu
        )

    job = request()
    seconds = forker.run("worker")
    job.refresh_from_db()
    assert job.state == JobState.DONE
    _served(client, _report_intact(plan_data.plan))

    for delay in kill_delays(rng, seconds, RANDOM_KILLS):
        job = request()
        outcome = forker.kill_after(delay, "worker")
        jobs.recover_lost()
        job = report_jobs.job_sync(_fresh(job))
        status = _task_status(job.task_id)
        # Killed before the task finished: retried, back in the queue, the job still under way.
        # (A kill can also land after the task committed, while the process was exiting.)
        if outcome.killed and status != TaskResultStatus.SUCCESSFUL:
            assert status == TaskResultStatus.READY
            assert job.state in (JobState.QUEUED, JobState.RUNNING)
        _served(client, _report_intact(plan_data.plan))
        task_queue.run()
        job.refresh_from_db()
        assert job.state == JobState.DONE
        _served(client, _report_intact(plan_data.plan))

    # Killed twice after writing the new files, before the commit: the row keeps the files it
    # had, the job ends failed (the worker was lost on every attempt) and says so.
    job = request()
    before = _report_intact(plan_data.plan)
    for _ in range(2):
        forker.kill_at("chiso.reports.services:_forget_after_commit:1", "worker")
        jobs.recover_lost()
    job = report_jobs.job_sync(_fresh(job))
    assert _task_status(job.task_id) == TaskResultStatus.FAILED
    assert job.state == JobState.FAILED and job.message == report_jobs.INTERRUPTED
    after = _report_intact(plan_data.plan)
    assert (after.docx.name, after.version) == (before.docx.name, before.version)
    _served(client, after)
    # The files the killed runs wrote are referenced by nothing, so nothing serves them, and the
    # sweep removes them once they are old enough not to belong to a run under way.
    left = unreferenced_files(older_than=timezone.now())
    assert left and all(name.startswith("reports/") for name in left)
    assert unreferenced_files(older_than=timezone.now(), delete=True) == left
    assert unreferenced_files(older_than=timezone.now()) == []
    assert all(Path(media, name).exists() for name in (after.docx.name, after.xlsx.name))


def _fresh(job):
    job.refresh_from_db()
    return job


# --- plan import --------------------------------------------------------------------------------


def _plan_counts(plan: Plan) -> dict[str, int]:
    return {
        "tasks": plan.tasks.count(),
        "assignments": TaskAssignment.objects.filter(task__plan=plan).count(),
        "components": TaskComponent.objects.filter(task__plan=plan).count(),
        "occurrences": Occurrence.objects.filter(task__plan=plan).count(),
        "targets": Target.objects.filter(source_plan=plan).count(),
    }


def _forget(plan: Plan) -> None:
    """Remove the imported plan so the same document can be imported again."""
    Target.objects.filter(source_plan=plan).delete()
    plan.delete()


def test_plan_import_killed_leaves_the_whole_plan_or_none(persona, task_queue, forker, media):
    rng = random.Random(336)
    noivu = persona("noivu")
    owner = OrgUnit.objects.get(name="Ủy ban nhân dân huyện Tuy Phước")

    def start() -> ImportJob:
        return importer.import_start(
            user=noivu, filename=TUY_PHUOC, data=seed(TUY_PHUOC), owner_unit=owner, background=True
        )

    def imported() -> list[Plan]:
        return list(Plan.objects.filter(owner_unit=owner))

    job = start()
    seconds = forker.run("import", job_id=job.pk, username="noivu")
    (plan,) = imported()
    reference = _plan_counts(plan)
    assert reference["tasks"] == 69 and reference["occurrences"] > 0
    _forget(plan)

    kills = [("after", delay) for delay in kill_delays(rng, seconds, RANDOM_KILLS)]
    kills.append(("at", "chiso.importer.services:plan_tasks_derive:1"))
    recovered = False  # the user's recovery (parse again, confirm) is gone through once
    for how, when in kills:
        job = start()
        if how == "after":
            forker.kill_after(when, "import", job_id=job.pk, username="noivu")
        else:
            forker.kill_at(when, "import", job_id=job.pk, username="noivu")
        jobs.recover_lost()
        job = importer.import_sync(ImportJob.objects.get(pk=job.pk))
        assert _task_status(job.task_id) != TaskResultStatus.RUNNING
        plans = imported()
        if plans:  # the confirmation committed: all of the plan
            assert job.state == ImportState.CONFIRMED and job.plan_id == plans[0].pk
            assert _plan_counts(plans[0]) == reference
        else:  # nothing of it; the user's job waits in the queue or for confirmation
            assert job.state in (ImportState.PARSING, ImportState.READY)
            assert Path(media, job.file.name).exists()
            if job.state == ImportState.PARSING:
                assert _task_status(job.task_id) == TaskResultStatus.READY
            if recovered:  # the user gives this one up
                importer.import_discard(job=job)
                continue
            recovered = True
            if job.state == ImportState.PARSING:
                task_queue.run()
                job.refresh_from_db()
            assert job.state == ImportState.READY
            result = importer.import_confirm(job=job, user=noivu)
            plans = [result.plan]
            assert _plan_counts(result.plan) == reference
        _forget(plans[0])
