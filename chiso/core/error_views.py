"""Error pages that also leave a trace: every refused permission is a security event."""

from django.shortcuts import render

from chiso.core import security
from chiso.core.models import SecurityEventKind


def permission_denied(request, exception=None):
    message = str(exception or "") or "Bạn không có quyền thực hiện thao tác này."
    security.record(SecurityEventKind.PERMISSION_DENIED, request=request, detail=message)
    return render(request, "403.html", {"exception": message}, status=403)
