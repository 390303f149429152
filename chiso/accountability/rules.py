"""Per-object rules: who may change an inspection plan, an inspection, an initiative, a dialogue.

The coordinator (Sở Nội vụ) manages everything in her scope; unit officers and leaders read.
Recommendations and commitments are reported on and reviewed through the tracking pages, under
tracking's own rules.
"""

from chiso.accountability.models import Dialogue, Initiative, Inspection, InspectionPlan
from chiso.orgs import access


def can_create(user) -> bool:
    return access.is_coordinator(user)


def can_manage_plan(user, plan: InspectionPlan) -> bool:
    return InspectionPlan.objects.managed_by(user).filter(pk=plan.pk).exists()


def can_manage_inspection(user, inspection: Inspection) -> bool:
    return can_manage_plan(user, inspection.inspection_plan)


def can_manage_initiative(user, initiative: Initiative) -> bool:
    return access.can_manage_unit(user, initiative.unit)


def can_manage_dialogue(user, dialogue: Dialogue) -> bool:
    return access.can_manage_unit(user, dialogue.unit)
