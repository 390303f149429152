"""Security events, signed-in sessions and the first-login password change.

`record` writes one SecurityEvent; the receivers below record logins, failed logins, lockouts and
logouts and keep one UserSession row per signed-in browser so an administrator can end it.
Other apps call `record` for what only they know (token creation, exports, permission denials).
"""

from __future__ import annotations

import time
from datetime import timedelta
from importlib import import_module

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import task

from chiso.core.models import AccountState, SecurityEvent, SecurityEventKind, UserSession


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(kind: str, *, request=None, user=None, username: str = "", detail: str = ""):
    """Append one event; `user` defaults to the request's signed-in user."""
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or getattr(user, "username", "") or "")[:150],
        ip=client_ip(request),
        path=(request.path if request is not None else "")[:300],
        detail=detail[:500],
    )


def purge_old_events(now=None) -> int:
    """Delete events older than the retention period; returns how many were removed."""
    days = settings.SECURITY_LOG_RETENTION_DAYS
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _ = SecurityEvent.objects.filter(created_at__lt=cutoff).delete()
    return deleted


@task()
def events_purge() -> int:
    """Periodic background task (daily): the retention of the security log."""
    return purge_old_events()


# --- sessions ----------------------------------------------------------------------------------


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


@transaction.atomic
def session_end(session: UserSession, *, by) -> None:
    """Sign the browser out now: the session is deleted from the store, not just forgotten."""
    _session_store()(session_key=session.session_key).delete()
    record(
        SecurityEventKind.SESSION_ENDED,
        user=by,
        detail=f"Phiên của {session.user.username} ({session.ip or 'không rõ IP'})",
    )
    session.delete()


def sessions_end_all(user, *, by) -> int:
    sessions = list(UserSession.objects.filter(user=user).select_related("user"))
    for session in sessions:
        session_end(session, by=by)
    return len(sessions)


def active_sessions():
    """Sessions that still exist in the store (rows of expired sessions are cleaned up here)."""
    store = _session_store()
    rows = list(UserSession.objects.select_related("user"))
    gone = [row.pk for row in rows if not store().exists(row.session_key)]
    if gone:
        UserSession.objects.filter(pk__in=gone).delete()
    return [row for row in rows if row.pk not in gone]


# --- first-login password change ---------------------------------------------------------------


def require_password_change(user) -> None:
    AccountState.objects.update_or_create(user=user, defaults={"must_change_password": True})


SESSION_FLAG = "chiso_must_change_password"
SESSION_SEEN = "_seen"  # when the session's expiry last moved (see SessionIdleMiddleware)


def password_changed(request, user) -> None:
    AccountState.objects.filter(user=user).update(must_change_password=False)
    request.session.pop(SESSION_FLAG, None)
    record(SecurityEventKind.PASSWORD_CHANGED, request=request, user=user)


# --- receivers -----------------------------------------------------------------------------------


@receiver(user_logged_in, dispatch_uid="chiso-security-login")
def _on_login(sender, request, user, **kwargs):
    record(SecurityEventKind.LOGIN, request=request, user=user)
    request.session[SESSION_SEEN] = int(time.time())  # saved with the login: fresh already
    if AccountState.objects.filter(user=user, must_change_password=True).exists():
        # Read once at login and kept in the session: pages pay no query for it.
        request.session[SESSION_FLAG] = True
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        UserSession.objects.update_or_create(
            session_key=key,
            defaults={
                "user": user,
                "ip": client_ip(request),
                "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
            },
        )


@receiver(user_logged_out, dispatch_uid="chiso-security-logout")
def _on_logout(sender, request, user, **kwargs):
    if user is None:
        return
    record(SecurityEventKind.LOGOUT, request=request, user=user)
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        UserSession.objects.filter(session_key=key).delete()


@receiver(user_locked_out, dispatch_uid="chiso-security-lockout")
def _on_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    record(SecurityEventKind.LOCKOUT, request=request, username=str(username or ""))


@receiver(user_login_failed, dispatch_uid="chiso-security-login-failed")
def _on_login_failed(sender, credentials, request=None, **kwargs):
    record(
        SecurityEventKind.LOGIN_FAILED,
        request=request,
        username=str(credentials.get("username", "")),
    )
