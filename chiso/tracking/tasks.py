"""Periodic work of task tracking that runs as a background job."""

from django.utils import timezone
from django_tasks import task

from chiso.tracking.models import advance_statuses


@task()
def statuses_advance() -> int:
    """Move stored statuses forward to today (periods that became due or overdue)."""
    return advance_statuses(timezone.localdate())
