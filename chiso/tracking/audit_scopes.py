"""Tracking history on the audit page: rows of occurrences in plans the user manages."""

from chiso.core import audit
from chiso.orgs import access


def _scope(field: str):
    def scope(user, qs):
        if access.is_admin(user):
            return qs
        return qs.filter(**{f"{field}__in": access.managed_plans(user).values("pk")})

    return scope


def register() -> None:
    from chiso.tracking.models import (
        Contribution,
        Evidence,
        ExplanationRequest,
        Occurrence,
        ProgressReport,
    )

    audit.register(Occurrence, _scope("task__plan_id"))
    audit.register(ProgressReport, _scope("occurrence__task__plan_id"))
    audit.register(Contribution, _scope("occurrence__task__plan_id"))
    audit.register(ExplanationRequest, _scope("occurrence__task__plan_id"))
    audit.register(Evidence, _scope("report__occurrence__task__plan_id"))
