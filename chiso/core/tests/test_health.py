"""`chiso health`: what the operator's monitoring calls — work stuck or failed in the background
queue (the e-mail reminders among it) and free disk space."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from chiso.core import jobs
from chiso.core.health import MIN_FREE_SHARE, health
from chiso.core.tests import tasks

pytestmark = pytest.mark.django_db


def test_a_quiet_queue_needs_nobody(task_queue, capsys):
    tasks.record.enqueue("/dev/null", 1)
    assert task_queue.run() == 1
    state = health()
    assert (state.stuck, state.waiting, state.failed) == (0, 0, {})
    if state.disk_free_share >= MIN_FREE_SHARE:  # (the test machine's own disk)
        call_command("health")
        assert "Không có gì cần xử lý." in capsys.readouterr().out


def test_stuck_waiting_and_failed_work_is_reported(task_queue, settings):
    settings.TASKS_MAX_ATTEMPTS = 2
    lost = tasks.record.enqueue("/dev/null", 1)
    task_queue.orphan(lost.id)  # its worker was killed: "running" for ever unless recovered
    assert health().stuck == 1
    with pytest.raises(CommandError, match="1 việc nền đang dở mà tiến trình xử lý đã dừng"):
        call_command("health")
    jobs.recover_lost()  # what a running worker does: back in the queue
    assert health().stuck == 0
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert health().waiting == 1  # queued an hour ago and nobody took it: no worker
    task_queue.orphan(lost.id)
    jobs.recover_lost()  # its second run died too: failed
    state = health()
    assert state.failed == {"chiso.core.tests.tasks.record": 1}
    assert "1 lần lỗi trong 24 giờ qua: chiso.core.tests.tasks.record" in state.problems
