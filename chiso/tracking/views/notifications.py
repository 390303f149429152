from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from chiso.tracking.models import Notification


@login_required
def notification_list(request):
    notes = list(Notification.objects.filter(user=request.user)[:100])
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return render(request, "tracking/notifications.html", {"notes": notes})
