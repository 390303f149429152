"""The home page of each role and the audit history: the pages that gather every module."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from chiso.core import audit
from chiso.orgs import access
from chiso.orgs.home import home_context
from chiso.orgs.models import Role


@login_required
def home(request):
    if access.roles(request.user) == {Role.LEADER}:
        return redirect("dashboard:index")  # a leader's work starts on the indices overview
    context = home_context(request.user)
    return render(request, f"orgs/home_{context['role']}.html", context)


@login_required
def audit_log(request):
    access.require(access.can_view_audit(request.user))
    entries = audit.recent_entries(request.user, limit=200)
    return render(request, "orgs/audit.html", {"entries": entries})
