"""Roll-ups of status counts: how the rows of `StatusRollup` are computed from occurrences.

Kept apart from the models so that the migration filling them for existing data runs the same
code on its historical models: everything here takes the querysets and the model class.
"""

from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractYear

from chiso.tracking.status import Status, status_expression

ROLLUP_COUNTS = [
    "total",
    "done_on_time",
    "done_late",
    "overdue",
    "in_progress",
    "not_due",
    "cancelled",
    "due",
    "due_reported",
]


def rollup_rows(occurrences: QuerySet, day: date, model, *, recompute: bool = False) -> list:
    """Unsaved `model` rows (task × lead unit × year of the due date) counting `occurrences`
    by their stored status, or with `recompute` by the rule judged on `day`."""
    status = status_expression(day) if recompute else F("stored_status")
    due = Q(due_date__lt=day, is_cancelled=False)
    counts = {
        "total": Count("pk"),
        **{key: Count("pk", filter=Q(st=key)) for key in ROLLUP_COUNTS if key in Status.values},
        "due": Count("pk", filter=due),
        "due_reported": Count("pk", filter=due & Q(first_reported_on__lte=F("due_date"))),
    }
    rows = (
        occurrences.order_by()
        .annotate(st=status)
        .values("task_id", "unit_id", "task__plan_id", year=ExtractYear("due_date"))
        .annotate(**counts)
    )
    return [
        model(
            task_id=r["task_id"],
            unit_id=r["unit_id"],
            plan_id=r["task__plan_id"],
            year=r["year"],
            **{key: r[key] for key in ROLLUP_COUNTS},
        )
        for r in rows
    ]
