from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from chiso.core import audit
from chiso.core.home import home_context
from chiso.orgs import access


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@login_required
def home(request):
    context = home_context(request.user)
    return render(request, f"core/home_{context['role']}.html", context)


@login_required
def audit_log(request):
    access.require(access.can_view_audit(request.user))
    entries = audit.recent_entries(request.user, limit=200)
    return render(request, "core/audit.html", {"entries": entries})
