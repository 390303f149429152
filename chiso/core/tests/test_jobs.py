"""The job queue's rules: periodic slots, telling a dead worker from a live one, recovery."""

import os
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from hypothesis import given
from hypothesis import strategies as st

from chiso.core import jobs
from chiso.core.management.commands.serve import restart_delay
from chiso.core.models import PeriodicSlot, WorkerBeat
from chiso.core.tests import tasks

NOW = datetime(2026, 3, 31, 9, 30, tzinfo=UTC)


@given(
    st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2100, 1, 1)),
    st.sampled_from([60, 900, 3600, 86400]),
)
def test_a_slot_contains_its_moment_and_is_aligned(moment, every):
    now = moment.replace(tzinfo=UTC)
    slot = jobs.slot_start(now, every)
    assert slot <= now < slot + timedelta(seconds=every)
    assert (slot - jobs.EPOCH).total_seconds() % every == 0


def _beat(host="here", pid=4242, seen=NOW):
    return WorkerBeat(worker_id="w", host=host, pid=pid, seen_at=seen)


def _gone(beat, started_at=NOW, now=NOW + timedelta(minutes=5), alive=lambda pid: True):
    return jobs.worker_gone(
        beat=beat, started_at=started_at, now=now, lease_seconds=3600, host="here", alive=alive
    )


def test_a_worker_on_this_machine_is_gone_when_its_process_is():
    assert _gone(_beat(), alive=lambda pid: False)
    assert not _gone(_beat(seen=NOW - timedelta(days=1)), alive=lambda pid: True)  # long task


def test_a_worker_elsewhere_is_gone_after_the_lease_without_a_sign_of_life():
    assert not _gone(_beat(host="other"), now=NOW + timedelta(minutes=59))
    assert _gone(_beat(host="other"), now=NOW + timedelta(minutes=61))


def test_an_unknown_worker_gets_the_lease_from_the_task_s_start():
    assert not _gone(None, now=NOW + timedelta(minutes=30))
    assert _gone(None, now=NOW + timedelta(hours=2))


def test_restart_delay_grows_and_is_capped():
    assert [restart_delay(n) for n in range(9)] == [0, 1, 2, 4, 8, 16, 32, 60, 60]


@pytest.mark.django_db
def test_each_slot_is_enqueued_once_however_many_schedulers_run(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with time_machine.travel(NOW, tick=False):
        first = jobs.schedule_due()
        assert set(first) == {p.name for p in jobs.PERIODIC} and first
        assert jobs.schedule_due() == {}  # a second scheduler, same hour
    with time_machine.travel(NOW + timedelta(minutes=29), tick=False):
        assert jobs.schedule_due() == {}
    hourly = {p.name for p in jobs.PERIODIC if p.every_seconds == 3600}
    with time_machine.travel(NOW + timedelta(minutes=31), tick=False):
        assert set(jobs.schedule_due()) == hourly  # 10:00, the next hourly slot
    assert DBTaskResult.objects.count() == len(first) + len(hourly)
    slot = PeriodicSlot.objects.get(name="tracking-reminders")
    assert slot.last_slot == datetime(2026, 3, 31, 10, 0, tzinfo=UTC)
    assert DBTaskResult.objects.filter(pk=slot.task_id).exists()


def test_periodic_jobs_are_registered_once():
    before = list(jobs.PERIODIC)
    jobs.register_periodic("tracking-reminders", "chiso.tracking.reminders.reminders_send", 3600)
    assert before == jobs.PERIODIC
    assert {"tracking-reminders", "reports.prepare_drafts"} <= {p.name for p in before}


@pytest.mark.django_db
def test_recovery_requeues_then_fails_and_leaves_live_workers_alone(task_queue, settings):
    settings.TASKS_MAX_ATTEMPTS = 2
    lost = tasks.record.enqueue("/dev/null", 1)
    task_queue.orphan(lost.id)
    busy = tasks.record.enqueue("/dev/null", 2)
    WorkerBeat.objects.create(
        worker_id="alive", host=jobs.this_host(), pid=os.getpid(), seen_at=NOW
    )
    DBTaskResult.objects.filter(pk=busy.id).update(
        status=TaskResultStatus.RUNNING, worker_ids=["alive"], started_at=NOW
    )
    assert jobs.recover_lost() == {"requeued": 1, "failed": 0}
    assert jobs.task_outcome(lost.id) == "pending" and jobs.task_outcome(busy.id) == "pending"
    task_queue.orphan(lost.id)  # its second run dies too
    assert jobs.recover_lost() == {"requeued": 0, "failed": 1}
    assert jobs.task_outcome(lost.id) == "lost"
    assert DBTaskResult.objects.get(pk=busy.id).status == TaskResultStatus.RUNNING
    assert not WorkerBeat.objects.filter(worker_id__startswith="ended-").exists()


@pytest.mark.django_db
def test_worker_batch_runs_what_is_queued_and_reports_outcomes(task_queue, tmp_path):
    log = tmp_path / "ran.txt"
    results = [tasks.record.enqueue(str(log), n) for n in range(3)]
    assert task_queue.run() == 3
    for n, result in enumerate(results):
        result.refresh()
        assert jobs.describe_result(result) == str(n)
    assert jobs.task_outcome("") == "lost"
    assert not WorkerBeat.objects.exists()  # a worker that stops removes its sign of life
