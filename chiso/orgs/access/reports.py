"""Who sees and writes periodic reports."""

from django.http import Http404

from chiso.core.lookup import parse_id
from chiso.orgs.access.core import can_act_for_unit, is_admin, visible_units
from chiso.orgs.access.plans import can_manage_plan, managed_plans, visible_plans

# --- periodic reports -------------------------------------------------------------------------
# A unit's report is seen by whoever sees that unit and the plan, and written by whoever acts for
# the unit; the compiled report of a plan is written by the plan's managers (coordinators) and
# seen by everyone overseeing the plan's owner unit.


def visible_period_reports(user):
    from chiso.reports.models import Report

    if is_admin(user):
        return Report.objects.all()
    return Report.objects.filter(
        plan__in=visible_plans(user), unit__in=visible_units(user)
    ) | Report.objects.filter(plan__in=managed_plans(user))


def get_visible_period_report(user, pk):
    from chiso.reports.models import Report

    try:
        return visible_period_reports(user).select_related("plan", "unit").get(pk=parse_id(pk))
    except (Report.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy báo cáo") from exc


def can_write_period_report(user, *, kind: str, plan, unit=None) -> bool:
    if kind == "compiled":
        return can_manage_plan(user, plan)
    return (
        unit is not None
        and can_act_for_unit(user, unit)
        and (visible_plans(user).filter(pk=plan.pk).exists())
    )


def can_edit_period_report(user, report) -> bool:
    return can_write_period_report(user, kind=report.kind, plan=report.plan, unit=report.unit)
