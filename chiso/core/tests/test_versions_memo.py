"""The data versions are read once a request, all scopes at once, and a write of the request
itself makes the next figure read them again: a page made of kept parts pays one read, and a
page shown right after its own write never shows figures from before it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chiso.core import figures
from chiso.core.request_memo import RequestMemoMiddleware

pytestmark = pytest.mark.django_db


def _in_a_request(work):
    return RequestMemoMiddleware(lambda request: work())(None)


def _version_reads(ctx) -> int:
    markers = ("core_scopeversion", "core_dataversion", "last_value")
    return sum(any(m in q["sql"] for m in markers) for q in ctx.captured_queries)


def test_parts_reading_different_modules_read_the_versions_once():
    def page():
        with CaptureQueriesContext(connection) as ctx:
            figures.cached("part-a", (), lambda: "a", reads=("dossiers", "orgs"))
            figures.cached("part-b", (), lambda: "b", reads=("tracking", "plans"))
            figures.cached("part-c", (), lambda: "c")
        return _version_reads(ctx)

    assert _in_a_request(page) == 1
    assert page() == 3  # outside a request (the worker, commands) each part reads them


def test_a_write_of_the_request_is_on_the_figures_it_shows_next():
    counted = iter(range(100))

    def page():
        first = figures.cached("count", (), lambda: next(counted), reads=("dossiers",))
        again = figures.cached("count", (), lambda: next(counted), reads=("dossiers",))
        figures.bump(labels=["dossiers"])  # e.g. the request imports a file
        after = figures.cached("count", (), lambda: next(counted), reads=("dossiers",))
        untouched = figures.cached("other", (), lambda: "kept", reads=("tracking",))
        return first, again, after, untouched

    first, again, after, untouched = _in_a_request(page)
    assert again == first  # kept
    assert after != first  # computed anew after the write
    assert untouched == "kept"
