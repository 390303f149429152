"""Reminders: one digest per person per day instead of one e-mail per task.

Officers get a digest of their unit's open occurrences due in `TRACKING_REMIND_DAYS_BEFORE`
days (default 7), due today, or overdue (every day while overdue). Occurrences overdue for more
than `TRACKING_ESCALATE_AFTER_DAYS` days (default 7) are also sent to the unit's leader (the
nearest unit up the tree that has one). Each digest is recorded in SentReminder keyed by
user + day + kind before it is sent, so running the job again (a retry, a second scheduler)
never sends it twice.

Reviewers get a digest of what awaits them (reports submitted or resubmitted, explanations
answered) that they have not yet read in the app: `send_review_digests`, run with the reminders.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from chiso.core.lib.text import excerpt
from chiso.orgs.models import Membership, Role
from chiso.tracking.models import Notification, NotificationKind, Occurrence, SentReminder
from chiso.tracking.notify import link, send_email


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _open_occurrences(today: date, days_before: int):
    return (
        Occurrence.objects.filter(
            is_cancelled=False,
            completed_on__isnull=True,
            due_date__isnull=False,
            due_date__lte=today + timedelta(days=days_before),
        )
        .select_related("task", "unit")
        .order_by("due_date", "pk")
    )


def _line(occ: Occurrence, today: date) -> str:
    delta = (occ.due_date - today).days
    when = (
        f"quá hạn {-delta} ngày"
        if delta < 0
        else ("hết hạn hôm nay" if delta == 0 else f"còn {delta} ngày")
    )
    task = excerpt(occ.task.content, 120)
    return f"- {task} ({occ.period_label}, hạn {occ.due_date:%d/%m/%Y}, {when})"


def _send(user, day: date, kind: str, subject: str, lines: list[str]) -> bool:
    """Record, then notify; False if this digest was already sent (e.g. before a restart)."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(user=user, day=day, kind=kind, items=len(lines))
    except IntegrityError:
        return False
    body = "\n".join([subject + ":", *lines])
    Notification.objects.create(user=user, message=body, url=reverse("tracking:my_tasks"))
    if user.email:
        send_email(f"[chiso] {subject}", body, [user.email])
    return True


def _leader_for(unit, leaders_by_unit: dict[int, list]) -> list:
    for unit_id in [unit.pk, *reversed(unit.ancestor_ids())]:
        if unit_id in leaders_by_unit:
            return leaders_by_unit[unit_id]
    return []


def send_reminders(today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    before = _setting("TRACKING_REMIND_DAYS_BEFORE", 7)
    escalate_after = _setting("TRACKING_ESCALATE_AFTER_DAYS", 7)
    occs = [
        o
        for o in _open_occurrences(today, before)
        if o.due_date <= today or (o.due_date - today).days == before
    ]
    officers = defaultdict(list)
    for m in Membership.objects.filter(
        unit_id__in={o.unit_id for o in occs}, role=Role.OFFICER, user__is_active=True
    ).select_related("user"):
        officers[m.unit_id].append(m.user)
    leaders = defaultdict(list)
    for m in Membership.objects.filter(role=Role.LEADER, user__is_active=True).select_related(
        "user"
    ):
        leaders[m.unit_id].append(m.user)
    digests, escalations = defaultdict(list), defaultdict(list)
    users = {}
    for occ in occs:
        for user in officers[occ.unit_id]:
            users[user.pk] = user
            digests[user.pk].append(_line(occ, today))
        if (today - occ.due_date).days > escalate_after:
            for user in _leader_for(occ.unit, leaders):
                users[user.pk] = user
                escalations[user.pk].append(f"{occ.unit.name}: {_line(occ, today)[2:]}")
    sent = sum(
        _send(users[uid], today, "digest", "Nhiệm vụ sắp đến hạn và quá hạn", lines)
        for uid, lines in digests.items()
    )
    escalated = sum(
        _send(users[uid], today, "escalation", "Nhiệm vụ quá hạn kéo dài của đơn vị", lines)
        for uid, lines in escalations.items()
    )
    return {"digests": sent, "escalations": escalated, "reviews": send_review_digests(today)}


def send_review_digests(today: date | None = None) -> int:
    """E-mail each reviewer one digest of the review notifications not read nor sent yet."""
    today = today or timezone.localdate()
    pending = (
        Notification.objects.filter(
            kind=NotificationKind.REVIEW, read_at__isnull=True, digested_at__isnull=True
        )
        .select_related("user")
        .order_by("user_id", "created_at", "pk")
    )
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for note in pending:
        by_user[note.user_id].append(note)
    sent = 0
    for notes in by_user.values():
        user = notes[0].user
        try:
            with transaction.atomic():
                SentReminder.objects.create(user=user, day=today, kind="review", items=len(notes))
        except IntegrityError:
            continue  # today's digest already went out; these wait for tomorrow's
        Notification.objects.filter(pk__in=[n.pk for n in notes]).update(digested_at=timezone.now())
        if user.email:
            lines = [f"- {n.message} {link(n.url)}" for n in notes]
            body = "\n".join(["Báo cáo, giải trình đang chờ anh/chị thẩm định:", *lines])
            send_email("[chiso] Báo cáo chờ thẩm định", body, [user.email])
            sent += 1
    return sent


@task()
def reminders_send() -> dict[str, int]:
    """Periodic background task (hourly): today's digests, escalations and review digests."""
    return send_reminders()
