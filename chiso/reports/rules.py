"""Who writes periodic reports: a unit's report by whoever acts for the unit (on a plan they
see), the compiled report of a plan by the plan's managers. Visibility: `Report.objects.visible_to`.
"""

from chiso.orgs import access
from chiso.plans.models import Plan
from chiso.plans.rules import can_manage_plan
from chiso.reports.models import Report


def can_write_period_report(user, *, kind: str, plan: Plan, unit=None) -> bool:
    if kind == "compiled":
        return can_manage_plan(user, plan)
    return (
        unit is not None
        and access.can_act_for_unit(user, unit)
        and Plan.objects.visible_to(user).filter(pk=plan.pk).exists()
    )


def can_edit_period_report(user, report: Report) -> bool:
    return can_write_period_report(user, kind=report.kind, plan=report.plan, unit=report.unit)
