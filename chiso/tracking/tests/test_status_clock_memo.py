"""Facts a request looks up several times are looked up once per request, and never kept
beyond it, nor inside the caller's own transaction."""

from datetime import timedelta

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chiso.core.request_memo import RequestMemoMiddleware
from chiso.tracking.models import StatusClock, status_is_stored_for
from tests.builders import build_indexed_plan


def _clock_reads(ctx) -> int:
    return sum("tracking_statusclock" in q["sql"] for q in ctx.captured_queries)


def _in_a_request(work):
    return RequestMemoMiddleware(lambda request: work())(None)


def test_a_task_list_reads_the_status_clock_once(province, client_as):
    build_indexed_plan(province)
    StatusClock.current_day()  # the stored statuses are today's, as after the daily job
    client = client_as("tuphap")
    client.get("/nhiem-vu/cua-don-vi/?tat_ca=1")
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/nhiem-vu/cua-don-vi/?tat_ca=1")
    assert page.status_code == 200 and _clock_reads(ctx) == 1


def test_only_a_current_clock_is_kept_and_only_within_the_request(province):
    today = StatusClock.current_day()
    other = today - timedelta(days=3)

    def twice():
        with CaptureQueriesContext(connection) as ctx:
            assert status_is_stored_for(today) and status_is_stored_for(today)
            assert not status_is_stored_for(other) and not status_is_stored_for(other)
        return _clock_reads(ctx)

    assert _in_a_request(twice) == 3  # today's once; the other day's each time
    assert twice() == 4  # outside a request nothing is kept


def test_nothing_is_kept_inside_the_callers_transaction(province):
    StatusClock.current_day()

    def in_transaction():
        with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
            status_is_stored_for(timezone.localdate())
            status_is_stored_for(timezone.localdate())
        return _clock_reads(ctx)

    assert _in_a_request(in_transaction) == 2
