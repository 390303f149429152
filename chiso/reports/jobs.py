"""Report generation off the request thread: a ReportJob row is what the user watches (state,
progress, message); a task of the background queue (`chiso worker`) does the work. Both are
written in one transaction, so a request either queues a job that will run or leaves nothing."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from chiso.core import jobs
from chiso.core.errors import DomainError
from chiso.orgs.models import OrgUnit
from chiso.plans.models import Plan
from chiso.reports import services
from chiso.reports.models import JobState, ReportJob, ReportKind

log = logging.getLogger("chiso.reports")
INTERRUPTED = "Việc lập báo cáo bị gián đoạn. Hãy lập lại."
CRASHED = "Lỗi khi lập báo cáo. Hãy thử lại hoặc báo quản trị hệ thống."


def job_request(
    *, kind: str, plan: Plan, period_code: str, unit: OrgUnit | None = None, by=None
) -> ReportJob:
    """Queue a generation; a second click while one is under way returns the same job."""
    period = services.period_from_code(period_code)
    if kind == ReportKind.COMPILED:
        unit = services.compiler_unit(plan)
    elif unit is None:
        raise DomainError("Chọn đơn vị lập báo cáo.", field="unit")
    with transaction.atomic():
        under_way = ReportJob.objects.filter(
            kind=kind,
            plan=plan,
            unit=unit,
            period_code=period.code,
            state__in=[JobState.QUEUED, JobState.RUNNING],
        )
        for running in under_way:
            if job_sync(running).state in (JobState.QUEUED, JobState.RUNNING):
                return running
        job = ReportJob.objects.create(
            kind=kind,
            plan=plan,
            unit=unit,
            period_code=period.code,
            requested_by=by,
            message="Đang chờ lập báo cáo",
        )
        result = report_job.enqueue(job.pk)
        ReportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


def job_sync(job: ReportJob) -> ReportJob:
    """A job still queued or running whose task ended without finishing it (its worker died,
    or the task crashed before recording anything) is marked failed with a message."""
    if job.state not in (JobState.QUEUED, JobState.RUNNING):
        return job
    outcome = jobs.task_outcome(job.task_id)
    if outcome in ("lost", "failed", "done"):
        _finish(job, JobState.FAILED, INTERRUPTED if outcome != "failed" else CRASHED)
    return job


def _progress(job_id: int):
    def report(pct: int, message: str) -> None:
        ReportJob.objects.filter(pk=job_id).update(progress=pct, message=message[:255])

    return report


@task()
def report_job(job_id: int) -> str:
    """The background task: generate the report of one ReportJob."""
    return job_run(job_id).state


def job_run(job_id: int) -> ReportJob:
    """Process one job; failures end in state `failed` with a message for the user.

    A job found "running" is taken again: its previous worker died and the queue retries it.
    """
    claimed = ReportJob.objects.filter(
        pk=job_id, state__in=[JobState.QUEUED, JobState.RUNNING]
    ).update(state=JobState.RUNNING, progress=1, message="Bắt đầu lập báo cáo")
    job = ReportJob.objects.select_related("plan", "unit", "requested_by").get(pk=job_id)
    if not claimed:
        return job
    try:
        report = services.report_generate(
            kind=job.kind,
            plan=job.plan,
            unit=job.unit,
            period=services.period_from_code(job.period_code),
            by=job.requested_by,
            progress=_progress(job.pk),
        )
    except DomainError as exc:
        _finish(job, JobState.FAILED, exc.message)
    except Exception:
        log.exception("report job %s failed", job_id)
        _finish(job, JobState.FAILED, CRASHED)
    else:
        job.report = report
        _finish(job, JobState.DONE, "Đã lập xong báo cáo")
    return job


def _finish(job: ReportJob, state: str, message: str) -> None:
    fields = {"state": state, "message": message, "finished_at": timezone.now()}
    fields |= {"report": job.report, "progress": 100} if state == JobState.DONE else {}
    ReportJob.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()
