"""Shared fixtures: the demo organisation and its personas (coordinator, leader, officers)."""

import os
import subprocess

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from chiso.core import jobs
from chiso.core.models import WorkerBeat
from chiso.orgs.demo import DEMO_PASSWORD, load_demo_orgs
from tests.builders import PlanData, build_period_plan


@pytest.fixture(autouse=True)
def _shifted_clock():
    """`CHISO_TEST_TODAY=2027-06-01 make test-fast` runs the suite as if on that day: a test that
    silently depends on the real date fails there (the CI runs on the real date)."""
    day = os.environ.get("CHISO_TEST_TODAY")
    if not day:
        yield
        return
    with time_machine.travel(f"{day} 09:00 +07:00", tick=True):
        yield


@pytest.fixture(autouse=True)
def _fresh_figures_cache():
    """Each test starts with an empty cache of figures: its database was rolled back, so a
    data version can repeat from one test to the next."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AXES_ENABLED = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Background tasks run when enqueued; tests of the queue itself switch back to the database
    # backend (chiso/core/tests/test_jobs*.py).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def province(db):
    """Ủy ban nhân dân tỉnh Đồng Nai with departments, districts, communes and demo users."""
    return load_demo_orgs()


@pytest.fixture
def persona(province):
    """persona("tuphap") -> the demo user of that name."""

    def get(username: str):
        return get_user_model().objects.get(username=username)

    return get


@pytest.fixture
def client_as(province):
    """client_as("tuphap") -> a test client logged in as that demo user."""

    def make(username: str) -> Client:
        client = Client()
        assert client.login(username=username, password=DEMO_PASSWORD)
        return client

    return make


@pytest.fixture
def plan_data(province) -> PlanData:
    """A small Đồng Nai plan with occurrences in every status around 2024-Q4 (cut-off
    14/12/2024): the report tests and the browser tests of reports."""
    return build_period_plan()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Demo users are created and logged in for most tests; PBKDF2 made that ~4 s a test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class TaskQueue:
    """The database task queue with no worker running, and the means to act as one."""

    def run(self) -> int:
        """Run every queued task here and now, as `chiso worker --batch` would."""
        return jobs.Worker(batch=True, schedule=False).run(handle_signals=False)

    def orphan(self, task_id: str) -> None:
        """Leave a task "running" by a worker whose process has ended (as after kill -9)."""
        ended = subprocess.Popen(["true"])
        ended.wait()
        worker_id = f"ended-{ended.pid}"
        now = timezone.now()
        WorkerBeat.objects.create(
            worker_id=worker_id, host=jobs.this_host(), pid=ended.pid, seen_at=now
        )
        DBTaskResult.objects.filter(pk=task_id).update(
            status=TaskResultStatus.RUNNING,
            started_at=now,
            worker_ids=[*DBTaskResult.objects.get(pk=task_id).worker_ids, worker_id],
        )


@pytest.fixture
def task_queue(settings) -> TaskQueue:
    """Tasks go to the database queue and wait there until the test runs them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return TaskQueue()
