"""In-app notifications (and an e-mail for the events a unit must act on)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse

from chiso.orgs.models import Membership, OrgUnit, Role
from chiso.plans.vocabulary import AssignmentRole
from chiso.tracking.models import Notification


def unit_officers(unit: OrgUnit):
    ids = Membership.objects.filter(unit=unit, role=Role.OFFICER).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True)


def to_users(users, message: str, url: str = "", *, email_subject: str = "") -> int:
    users = list(users)
    Notification.objects.bulk_create(Notification(user=u, message=message, url=url) for u in users)
    recipients = [u.email for u in users if u.email]
    if email_subject and recipients:
        send_mail(
            email_subject,
            f"{message}\n\nXem chi tiết: {settings.SITE_URL.rstrip('/')}{url}"
            if getattr(settings, "SITE_URL", "")
            else message,
            None,
            recipients,
            fail_silently=True,
        )
    return len(users)


def to_unit(unit: OrgUnit, message: str, url: str = "", *, email_subject: str = "") -> int:
    return to_users(unit_officers(unit), message, url, email_subject=email_subject)


def _reviewer_units(occurrence) -> list[OrgUnit]:
    monitors = [
        a.unit
        for a in occurrence.task.assignments.filter(
            role=AssignmentRole.MONITORING, unit__isnull=False
        ).select_related("unit")
    ]
    if monitors:
        return monitors
    return [occurrence.task.plan.coordinator_unit] if occurrence.task.plan.coordinator_unit else []


def report_submitted(report) -> None:
    occ = report.occurrence
    url = reverse("tracking:occurrence", args=[occ.pk])
    message = f"{report.unit.name} đã gửi báo cáo “{occ.task.content[:80]}” ({occ.period_label})."
    for unit in _reviewer_units(occ):
        to_unit(unit, message, url)


def report_reviewed(report) -> None:
    occ = report.occurrence
    url = reverse("tracking:occurrence", args=[occ.pk])
    verb = {
        "accepted": "đã được chấp nhận",
        "returned": "bị trả lại để bổ sung",
    }.get(report.state, "đã được cập nhật")
    message = f"Báo cáo “{occ.task.content[:80]}” ({occ.period_label}) {verb}."
    if report.review_comment:
        message += f" Ý kiến: {report.review_comment}"
    subject = "[chiso] Báo cáo bị trả lại" if report.state == "returned" else ""
    to_unit(report.unit, message, url, email_subject=subject)
