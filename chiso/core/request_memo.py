"""Facts looked up several times while one request is answered, looked up once.

`RequestMemoMiddleware` opens a memo for each request and drops it when the response is made;
outside a request (the worker, commands) there is no memo and every lookup reaches the database.
Only facts that cannot change during the rest of the request may be kept, and nothing is kept
inside the caller's own transaction blocks (a rollback could undo what was seen).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from chiso.core import figures

_memo: ContextVar[dict | None] = ContextVar("request_memo", default=None)


def remembered(key: tuple, look_up: Callable[[], Any], keep: Callable[[Any], bool]) -> Any:
    """`look_up()`, or what it gave earlier in this request if `keep` accepted that value."""
    memo = _memo.get()
    if memo is not None and key in memo:
        return memo[key]
    value = look_up()
    if memo is not None and keep(value) and not figures.in_own_transaction():
        memo[key] = value
    return value


def forget(match: Callable[[tuple], bool]) -> None:
    """Drop what this request remembered under the keys `match` accepts (a write of its own
    made them out of date)."""
    memo = _memo.get()
    if memo:
        for key in [k for k in memo if match(k)]:
            del memo[key]


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
