"""Accountability history on the audit page: rows of inspection plans and units the user
manages."""

from chiso.accountability.models import (
    Commitment,
    Dialogue,
    DialogueTarget,
    Initiative,
    Inspection,
    InspectionPlan,
    Recommendation,
)
from chiso.core.audit import register as audit_register
from chiso.core.audit import scoped
from chiso.orgs import access


def register() -> None:
    plans = InspectionPlan.objects.managed_by
    audit_register(InspectionPlan, scoped("id", plans))
    audit_register(Inspection, scoped("inspection_plan_id", plans))
    audit_register(Recommendation, scoped("inspection__inspection_plan_id", plans))
    audit_register(Initiative, scoped("unit_id", access.managed_units))
    audit_register(Dialogue, scoped("unit_id", access.managed_units))
    audit_register(Commitment, scoped("dialogue__unit_id", access.managed_units))
    audit_register(DialogueTarget, scoped("group__scope_id", access.managed_units))
