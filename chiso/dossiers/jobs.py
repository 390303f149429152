"""Uploaded exports imported as background jobs (the queue of chiso/core/jobs.py).

An ImportRun row is what the user watches (state, rows read, result); a task of the queue does
the import. A small file is imported within the request (the user sees the result at once);
a larger one is queued in the same transaction as its row, so both exist or neither does, and
`chiso worker` imports it while the page shows the rows read so far. The same file sent again by
the same person while the first is under way (or just imported) gives back the first run.

A worker killed half-way leaves the records as they were (the import writes in one transaction);
the queue runs the job again, and after the last allowed attempt the run shows as failed.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from chiso.core import jobs
from chiso.core.errors import DomainError
from chiso.dossiers import ingest, services
from chiso.dossiers.models import ACTIVE_STATES, ImportRun, RunState
from chiso.orgs import access

log = logging.getLogger("chiso.dossiers")
# Files up to this size are imported within the request; larger ones by a background task.
SYNC_MAX_BYTES = 1024 * 1024
# A second upload of the same file within this time gives back the first (finished) run.
RESUBMIT_WINDOW = timedelta(minutes=10)
WAITING = "Đang chờ tiến trình xử lý nền nhận việc"
INTERRUPTED = "Việc nhập tệp bị gián đoạn; dữ liệu chưa thay đổi. Hãy nhập lại tệp."
CRASHED = "Có lỗi khi nhập tệp; dữ liệu chưa thay đổi. Hãy thử lại hoặc báo quản trị hệ thống."
SHOWN_REJECTIONS = 1000


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _same_upload(*, who, kind, source, sha, skip_invalid) -> ImportRun | None:
    """The run of the same file by the same person still under way, or finished and written
    within RESUBMIT_WINDOW (a second click, a page sent again)."""
    runs = ImportRun.objects.filter(
        created_by=who, kind=kind, source=source, sha256=sha, skip_invalid=skip_invalid
    ).select_related("source")
    for run in runs.filter(state__in=ACTIVE_STATES):
        if run_sync(run).state in ACTIVE_STATES:
            return run
    since = timezone.now() - RESUBMIT_WINDOW
    return runs.filter(state=RunState.DONE, created_at__gte=since, result__written=True).first()


def import_request(
    *, kind: str, upload, source_name: str | None, skip_invalid: bool, by, background=None
) -> ImportRun:
    """Store the upload and import it: within the call for a file up to SYNC_MAX_BYTES, by a
    background task otherwise (or as `background` says)."""
    access.require(services.can_import(by), "Bạn không có quyền nhập số liệu hồ sơ.")
    services.check_upload_size(upload.size)
    source = services.source_get(kind=kind, name=source_name)
    who = by if getattr(by, "pk", None) else None
    same = {"who": who, "kind": kind, "source": source, "skip_invalid": skip_invalid}
    sha = _sha256(upload)
    earlier = _same_upload(sha=sha, **same)
    if earlier is not None:
        return earlier
    if background is None:
        background = upload.size > SYNC_MAX_BYTES
    run = ImportRun(
        kind=kind,
        source=source,
        filename=upload.name[:255],
        sha256=sha,
        skip_invalid=skip_invalid,
        message=WAITING,
    )
    run.created_by = who
    run.file.save(upload.name, upload, save=False)
    try:
        with transaction.atomic():
            run.full_clean(validate_constraints=False)
            run.save()
            if background:
                result = import_task.enqueue(run.pk)
                ImportRun.objects.filter(pk=run.pk).update(task_id=str(result.id))
    except IntegrityError:  # the same file, sent at the same moment: the other run is the one
        run.file.delete(save=False)
        earlier = _same_upload(sha=sha, **same)
        if earlier is None:
            raise
        return earlier
    if not background:
        import_run(run.pk)
    run.refresh_from_db()
    return run


def import_again(run: ImportRun, *, by) -> ImportRun:
    """Import the stored file of a run again (after its headers or unit names were mapped)."""
    access.require(services.can_import(by), "Bạn không có quyền nhập số liệu hồ sơ.")
    if run.state in ACTIVE_STATES and run_sync(run).state in ACTIVE_STATES:
        return run
    if not run.file:
        raise DomainError("Tệp của lần nhập này không còn; hãy tải tệp lên lại.")
    background = run.file.size > SYNC_MAX_BYTES
    if run.rejected_file:
        run.rejected_file.delete(save=False)
    try:
        with transaction.atomic():
            ImportRun.objects.filter(pk=run.pk).update(
                state=RunState.QUEUED,
                rows_read=0,
                message=WAITING,
                result={},
                rejected_file="",
                finished_at=None,
                task_id="",
            )
            if background:
                result = import_task.enqueue(run.pk)
                ImportRun.objects.filter(pk=run.pk).update(task_id=str(result.id))
    except IntegrityError as exc:
        raise DomainError("Tệp này đang được nhập ở một lần nhập khác.") from exc
    if not background:
        import_run(run.pk)
    run.refresh_from_db()
    return run


def run_sync(run: ImportRun) -> ImportRun:
    """A run still queued or running whose task ended without finishing it (its worker died
    and the queue gave up, or the task crashed before recording anything) is marked failed."""
    if run.state not in ACTIVE_STATES or not run.task_id:
        return run
    outcome = jobs.task_outcome(run.task_id)
    if outcome != "pending":
        _fail(run, CRASHED if outcome == "failed" else INTERRUPTED)
    return run


@task()
def import_task(run_id: int) -> str:
    """The background task: import the stored file of one ImportRun."""
    return import_run(run_id).state


def _progress(run_id: int):
    def report(rows: int) -> None:
        ImportRun.objects.filter(pk=run_id).update(rows_read=rows)

    return report


def import_run(run_id: int) -> ImportRun:
    """Import a stored upload; the result (and the rejected rows, if kept) go on the run.

    A run found "running" is taken again from the start: its previous worker died, and the
    records are as they were before that attempt.
    """
    claimed = ImportRun.objects.filter(pk=run_id, state__in=ACTIVE_STATES).update(
        state=RunState.RUNNING, rows_read=0, message="Đang đọc tệp"
    )
    run = ImportRun.objects.select_related("source", "created_by").get(pk=run_id)
    if not claimed:
        return run
    try:
        with run.file.open("rb") as stream:
            report = services.records_import(
                kind=run.kind,
                filename=run.filename,
                stream=stream,
                source_name=run.source.name,
                skip_invalid=run.skip_invalid,
                by=run.created_by,
                progress=_progress(run.pk),
            )
    except DomainError as exc:
        report = ingest.Report(rejected=[{"row": 0, "column": "", "message": exc.message}])
    except Exception:
        log.exception("dossier import %s failed", run_id)
        _fail(run, CRASHED)
        return run
    _done(run, report)
    return run


def _done(run: ImportRun, report: ingest.Report) -> None:
    run.result = report.as_json() | {
        "written": report.written,
        "rejected_total": len(report.rejected),
        "rejected_rows": len(report.rejected_rows),
        "unknown_units": sorted(set(report.unknown_units)),
        "unknown_headers": report.unknown_headers,
        "headers": report.headers,
    }
    run.result["rejected"] = run.result["rejected"][:SHOWN_REJECTIONS]
    if report.rejected_rows and report.written:
        content = ContentFile(services.rejected_csv(report))
        run.rejected_file.save(f"dong-loi-{run.pk}.csv", content, save=False)
    run.state, run.rows_read, run.finished_at = RunState.DONE, report.rows, timezone.now()
    run.message = "Đã nhập" if report.written else "Tệp có lỗi, chưa ghi dòng nào"
    run.save(update_fields=["result", "rejected_file", "state", "rows_read", "message",
                            "finished_at", "updated_at"])  # fmt: skip


def _fail(run: ImportRun, message: str) -> None:
    now = timezone.now()
    ImportRun.objects.filter(pk=run.pk, state__in=ACTIVE_STATES).update(
        state=RunState.FAILED, message=message, finished_at=now
    )
    run.refresh_from_db()
