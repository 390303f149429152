import time

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from chiso.core.security import SESSION_FLAG, SESSION_SEEN


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set: a strict CSP and permissions policy.

    All scripts and styles are served by the app itself, so 'self' is enough.
    """

    CSP = (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.CSP)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class PasswordChangeRequiredMiddleware:
    """An account created by a coordinator must choose its own password before anything else."""

    ALLOWED = ("password_change", "password_change_done", "logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_FLAG) and not self._allowed(request.path):
            messages.warning(
                request, "Đây là lần đăng nhập đầu tiên: hãy đặt mật khẩu của riêng bạn."
            )
            return redirect("password_change")
        return self.get_response(request)

    def _allowed(self, path: str) -> bool:
        if path.startswith(("/static/", "/healthz")):
            return True
        return any(path == reverse(name) for name in self.ALLOWED)


class SessionIdleMiddleware:
    """Keeps a signed-in session alive while it is used, writing it at most every few minutes.

    The session ends after SESSION_COOKIE_AGE without a request (an idle timeout, not a limit on
    a working day). Saving it on every request (SESSION_SAVE_EVERY_REQUEST) cost a database
    write, and on SQLite the write lock, on every page; the expiry now moves when the last save
    is older than SESSION_REFRESH_SECONDS, so the idle timeout is kept to within that much."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(SESSION_SEEN, 0) >= settings.SESSION_REFRESH_SECONDS:
                # a changed session is saved by SessionMiddleware, with a new expiry
                session[SESSION_SEEN] = now
        return response
