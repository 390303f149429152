"""Report generation off the request thread: a ReportJob row tracks state and progress, a worker
thread started by the view processes it, the page polls the row (no extra server needed)."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from chiso.core.errors import DomainError
from chiso.orgs.models import OrgUnit
from chiso.plans.models import Plan
from chiso.reports import services
from chiso.reports.models import JobState, ReportJob, ReportKind

log = logging.getLogger("chiso.reports")


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
        _expire_stale()
        running = ReportJob.objects.filter(
            kind=kind,
            plan=plan,
            unit=unit,
            period_code=period.code,
            state__in=[JobState.QUEUED, JobState.RUNNING],
        ).first()
        if running:
            return running
        return ReportJob.objects.create(
            kind=kind,
            plan=plan,
            unit=unit,
            period_code=period.code,
            requested_by=by,
            message="Đang chờ lập báo cáo",
        )


STALE_AFTER = timedelta(minutes=30)


def _expire_stale() -> None:
    """A job left running by a server restart would otherwise block new requests forever."""
    ReportJob.objects.filter(
        state__in=[JobState.QUEUED, JobState.RUNNING],
        created_at__lt=timezone.now() - STALE_AFTER,
    ).update(
        state=JobState.FAILED,
        message="Việc lập báo cáo bị gián đoạn. Hãy lập lại.",
        finished_at=timezone.now(),
    )


def _progress(job_id: int):
    def report(pct: int, message: str) -> None:
        ReportJob.objects.filter(pk=job_id).update(progress=pct, message=message[:255])

    return report


def job_run(job_id: int) -> ReportJob:
    """Process one queued job; failures end in state `failed` with a message for the user."""
    claimed = ReportJob.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, progress=1, message="Bắt đầu lập báo cáo"
    )
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
        _finish(
            job, JobState.FAILED, "Lỗi khi lập báo cáo. Hãy thử lại hoặc báo quản trị hệ thống."
        )
    else:
        job.report = report
        _finish(job, JobState.DONE, "Đã lập xong báo cáo")
    return job


def _finish(job: ReportJob, state: str, message: str) -> None:
    fields = {"state": state, "message": message, "finished_at": timezone.now()}
    fields |= {"report": job.report, "progress": 100} if state == JobState.DONE else {}
    ReportJob.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()


def _worker(job_id: int) -> None:
    try:
        job_run(job_id)
    finally:
        close_old_connections()


def job_start(job: ReportJob) -> None:
    """Run the job in a daemon thread once the request's transaction commits.

    REPORTS_RUN_JOBS_INLINE runs it in the caller instead (tests, `chiso report`).
    """
    if job.state != JobState.QUEUED:
        return
    if getattr(settings, "REPORTS_RUN_JOBS_INLINE", False):
        job_run(job.pk)
        return
    thread = threading.Thread(target=_worker, args=(job.pk,), name=f"report-{job.pk}", daemon=True)
    transaction.on_commit(thread.start)
