"""In-app notifications, e-mail, and who is told what.

- the lead unit's officers: a returned or accepted report, a contribution, an explanation request;
- the reviewers (the people who may review the occurrence): a report submitted or resubmitted,
  an explanation answered; in-app at once, and by e-mail in the daily digest
  (`reminders.send_review_digests`) unless they read it in the app first.

Every e-mail goes through `send_email`: a failure is logged and kept as a FailedEmail row that
administrators see in the Django admin, never dropped silently.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse

from chiso.core.lib.text import excerpt
from chiso.orgs.models import Membership, OrgUnit, Role
from chiso.tracking import rules
from chiso.tracking.models import FailedEmail, Notification, NotificationKind
from chiso.tracking.reviewers import REVIEWING_ROLES, review_units

log = logging.getLogger("chiso.mail")


def send_email(subject: str, body: str, recipients: list[str]) -> bool:
    """Send one e-mail; on any failure log it, keep a FailedEmail row and return False."""
    if not recipients:
        return True
    try:
        send_mail(subject, body, None, recipients, fail_silently=False)
    except Exception as exc:  # SMTP, DNS, TLS, refused recipients: all kept for the admin
        log.exception("e-mail %r to %s failed", subject, recipients)
        FailedEmail.objects.create(
            subject=subject[:255],
            recipients=", ".join(recipients),
            body=body,
            error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        return False
    return True


def link(url: str) -> str:
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    return f"{site}{url}" if site else url


def unit_officers(unit: OrgUnit):
    ids = Membership.objects.filter(unit=unit, role=Role.OFFICER).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True)


def to_users(users, message: str, url: str = "", *, email_subject: str = "", kind: str = "") -> int:
    users = list(users)
    Notification.objects.bulk_create(
        Notification(user=u, message=message, url=url, kind=kind) for u in users
    )
    recipients = [u.email for u in users if u.email]
    if email_subject and recipients:
        body = f"{message}\n\nXem chi tiết: {link(url)}" if url else message
        send_email(email_subject, body, recipients)
    return len(users)


def to_unit(unit: OrgUnit, message: str, url: str = "", *, email_subject: str = "") -> int:
    return to_users(unit_officers(unit), message, url, email_subject=email_subject)


# --- reviewers ----------------------------------------------------------------------------------


def _plan_coordinators(plan):
    owner = plan.owner_unit
    above = [owner.pk, *owner.ancestor_ids()]
    return Membership.objects.filter(role=Role.COORDINATOR).filter(
        Q(scope_id__in=above) | Q(scope__isnull=True, unit_id__in=above)
    )


def reviewers_of(occurrence) -> list:
    """People who may review the occurrence's report, as the access rule says.

    First the officers and coordinators of the reviewing units (`reviewers.review_units`); when
    none of them may review (nobody holds a role there), the plan's coordinators; when the report
    goes to the administrator (or nobody else may review it), the administrators.
    """
    units = [u.pk for u in review_units(occurrence)]
    User = get_user_model()
    members = Membership.objects.filter(unit_id__in=units, role__in=REVIEWING_ROLES)
    candidates = [User.objects.filter(pk__in=members.values("user_id"), is_active=True)]
    candidates.append(
        User.objects.filter(
            pk__in=_plan_coordinators(occurrence.task.plan).values("user_id"), is_active=True
        )
    )
    admins = Membership.objects.filter(role=Role.ADMIN).values("user_id")
    candidates.append(User.objects.filter(Q(pk__in=admins) | Q(is_superuser=True), is_active=True))
    for users in candidates:
        found = [u for u in users.order_by("pk") if rules.can_review(u, occurrence)]
        if found:
            return found
    return []


def to_reviewers(occurrence, message: str) -> int:
    url = reverse("tracking:occurrence", args=[occurrence.pk])
    return to_users(reviewers_of(occurrence), message, url, kind=NotificationKind.REVIEW)


# --- events -------------------------------------------------------------------------------------


def report_submitted(report, *, resubmitted: bool = False) -> None:
    occ = report.occurrence
    verb = "đã sửa và gửi lại báo cáo" if resubmitted else "đã gửi báo cáo"
    to_reviewers(
        occ, f"{report.unit.name} {verb} “{excerpt(occ.task.content, 80)}” ({occ.period_label})."
    )


def explanation_answered(request) -> None:
    occ = request.occurrence
    task = excerpt(occ.task.content, 80)
    message = f"{occ.unit.name} đã giải trình về nhiệm vụ “{task}” ({occ.period_label})."
    reviewers = reviewers_of(occ)
    asker = request.requested_by
    if asker is not None and asker.is_active and all(u.pk != asker.pk for u in reviewers):
        reviewers.append(asker)
    url = reverse("tracking:occurrence", args=[occ.pk])
    to_users(reviewers, message, url, kind=NotificationKind.REVIEW)


def report_reviewed(report) -> None:
    occ = report.occurrence
    url = reverse("tracking:occurrence", args=[occ.pk])
    verb = {
        "accepted": "đã được chấp nhận",
        "returned": "bị trả lại để bổ sung",
    }.get(report.state, "đã được cập nhật")
    message = f"Báo cáo “{excerpt(occ.task.content, 80)}” ({occ.period_label}) {verb}."
    if report.review_comment:
        message += f" Ý kiến: {report.review_comment}"
    subject = "[chiso] Báo cáo bị trả lại" if report.state == "returned" else ""
    to_unit(report.unit, message, url, email_subject=subject)
