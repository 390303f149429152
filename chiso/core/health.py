"""What an operator watches beyond "the site answers": the background queue (work stuck or
failed, e-mail reminders among it) and the free disk space. `chiso health` prints it and exits
non-zero when something needs a person, so a monitoring tool or cron can call it."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from chiso.core import jobs
from chiso.core.models import WorkerBeat

FAILED_WINDOW = timedelta(hours=24)
WAITING_TOO_LONG = timedelta(minutes=30)
MIN_FREE_SHARE = 0.20
# Task paths a person recognises; the e-mail reminders first.
LABELS = {
    "chiso.tracking.reminders.reminders_send": "gửi thư nhắc hạn và thư tổng hợp",
    "chiso.reports.jobs.report_job": "lập báo cáo",
    "chiso.importer.services.import_parse": "đọc văn bản kế hoạch",
}


@dataclass
class Health:
    stuck: int = 0  # "running" with their worker gone: recover_lost has not run (no worker)
    waiting: int = 0  # queued for longer than WAITING_TOO_LONG: no worker takes them
    failed: dict[str, int] = field(default_factory=dict)  # task path -> failures in 24 h
    workers: int = 0
    disk_free_share: float = 1.0

    @property
    def problems(self) -> list[str]:
        found = []
        if self.stuck:
            found.append(f"{self.stuck} việc nền đang dở mà tiến trình xử lý đã dừng")
        if self.waiting:
            found.append(
                f"{self.waiting} việc nền chờ quá 30 phút (không có tiến trình xử lý nền?)"
            )
        for path, count in sorted(self.failed.items()):
            found.append(f"{count} lần lỗi trong 24 giờ qua: {LABELS.get(path, path)}")
        if self.disk_free_share < MIN_FREE_SHARE:
            found.append(f"đĩa chỉ còn trống {self.disk_free_share:.0%}".replace(".", ","))
        return found


def health(now: datetime | None = None, disk: Path | None = None) -> Health:
    now = now or timezone.now()
    result = Health()
    host = jobs.this_host()
    running = list(DBTaskResult.objects.running().only("id", "worker_ids", "started_at"))
    beats = WorkerBeat.objects.in_bulk([(r.worker_ids or [""])[-1] for r in running])
    result.stuck = sum(
        jobs.worker_gone(
            beat=beats.get((r.worker_ids or [""])[-1]),
            started_at=r.started_at,
            now=now,
            lease_seconds=settings.TASKS_LEASE_SECONDS,
            host=host,
        )
        for r in running
    )
    result.waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, enqueued_at__lt=now - WAITING_TOO_LONG
    ).count()
    failed = DBTaskResult.objects.filter(
        status=TaskResultStatus.FAILED, finished_at__gte=now - FAILED_WINDOW
    )
    result.failed = dict(
        failed.values_list("task_path").annotate(n=Count("id")).values_list("task_path", "n")
    )
    result.workers = WorkerBeat.objects.filter(seen_at__gte=now - timedelta(minutes=5)).count()
    where = Path(disk or settings.MEDIA_ROOT)
    while not where.exists() and where != where.parent:  # (no file uploaded yet)
        where = where.parent
    usage = shutil.disk_usage(where)
    result.disk_free_share = usage.free / usage.total if usage.total else 1.0
    return result
