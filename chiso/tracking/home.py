"""Home-page widgets: the officer's task summary and the coordinator's overview."""

from django.utils import timezone

from chiso.core import figures, paging
from chiso.orgs import access
from chiso.orgs.models import Role
from chiso.tracking import rates
from chiso.tracking.models import Notification, Occurrence, ProgressReport, StatusRollup
from chiso.tracking.selectors import completion_counts, inbox_reports, rollups_for, unit_flag
from chiso.tracking.status import Status

REVIEWERS = {Role.ADMIN, Role.COORDINATOR, Role.OFFICER}


def _open_counts(occurrences, rollups, today) -> dict:
    """Counts of the periods not stopped: summed from the roll-ups when they hold today's
    statuses (a stopped period counts only as `cancelled`), else computed."""
    if rollups_for(today) is None:
        return completion_counts(occurrences, today, "is_cancelled").get(False, {})
    counts = rates.sum_by(rollups)
    if not counts["total"] - counts["cancelled"]:
        return {}
    return {**counts, "total": counts["total"] - counts["cancelled"], "cancelled": 0}


def home_widget(user) -> dict:
    """The home's counts (cached per user and day until the data changes, see
    `chiso.core.figures`) and the user's unread notifications (always read)."""
    today = timezone.localdate()
    notes = list(Notification.objects.filter(user=user, read_at__isnull=True)[:5])
    context = figures.cached("home-counts", (user.pk, today), lambda: _counts(user, today))
    for summary in context.values():
        summary["notifications"] = notes
    return context


def _counts(user, today) -> dict:
    context = {}
    held = access.roles(user)
    officer_units = [m.unit for m in access.memberships(user) if m.role == Role.OFFICER]
    if officer_units:
        counts = _open_counts(
            Occurrence.objects.filter(unit__in=officer_units),
            StatusRollup.objects.filter(unit__in=officer_units),
            today,
        )
        context["officer_tasks_summary"] = {
            "overdue": counts.get("overdue", 0),
            "in_progress": counts.get("in_progress", 0),
            "done": counts.get("done_on_time", 0) + counts.get("done_late", 0),
            "returned": ProgressReport.objects.filter(
                unit__in=officer_units, state="returned"
            ).count(),
            "to_review": _to_review(user, today),
        }
    if held & {Role.ADMIN, Role.COORDINATOR, Role.LEADER}:
        counts = _open_counts(
            Occurrence.objects.visible_to(user), StatusRollup.objects.visible_to(user), today
        )
        context["coordinator_summary"] = {
            "counts": counts,
            "flag": unit_flag(counts),
            "to_review": _to_review(user, today),
            "can_review": bool(held & REVIEWERS),
            "labels": dict(Status.choices),
        }
    return context


def _to_review(user, today) -> int | str:
    """Reports waiting for the user's review: a bounded count ("hơn 200"), 0 when none."""
    count, more = paging.bounded_count(inbox_reports(user, today))
    return paging.count_label(count, more) if count else 0
