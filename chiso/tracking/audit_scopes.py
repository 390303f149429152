"""Tracking history on the audit page: rows of occurrences in plans the user manages."""

from chiso.core.audit import register as audit_register
from chiso.core.audit import scoped
from chiso.plans.models import Plan
from chiso.tracking.models import (
    Contribution,
    Evidence,
    ExplanationRequest,
    Occurrence,
    ProgressReport,
)


def register() -> None:
    plans = Plan.objects.managed_by
    audit_register(Occurrence, scoped("task__plan_id", plans))
    audit_register(ProgressReport, scoped("occurrence__task__plan_id", plans))
    audit_register(Contribution, scoped("occurrence__task__plan_id", plans))
    audit_register(ExplanationRequest, scoped("occurrence__task__plan_id", plans))
    audit_register(Evidence, scoped("report__occurrence__task__plan_id", plans))
