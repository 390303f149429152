"""Administrators' security screens: the security event log and the signed-in sessions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from chiso.core import security
from chiso.core.lookup import get_visible_or_404
from chiso.core.models import SecurityEvent, SecurityEventKind, UserSession
from chiso.orgs import access


@login_required
def security_log(request):
    access.require(access.is_admin(request.user))
    events = SecurityEvent.objects.select_related("user")
    kind = request.GET.get("loai", "")
    if kind in SecurityEventKind.values:
        events = events.filter(kind=kind)
    who = request.GET.get("nguoi", "").strip()
    if who:
        events = events.filter(username__icontains=who)
    page = Paginator(events, 50).get_page(request.GET.get("trang"))
    context = {"page": page, "kinds": SecurityEventKind.choices, "kind": kind, "who": who}
    return render(request, "orgs/security_log.html", context)


@login_required
def session_list(request):
    access.require(access.is_admin(request.user))
    sessions = security.active_sessions()
    return render(request, "orgs/session_list.html", {"sessions": sessions})


@login_required
@require_POST
def session_end(request, session_id: int):
    access.require(access.is_admin(request.user))
    session = get_visible_or_404(
        UserSession.objects.select_related("user"), session_id, "Không tìm thấy phiên đăng nhập"
    )
    security.session_end(session, by=request.user)
    messages.success(request, f"Đã kết thúc phiên đăng nhập của {session.user.username}.")
    return redirect("orgs:session_list")
