"""Who imports plans and sees import jobs."""

from django.db.models import QuerySet
from django.http import Http404

from chiso.core.lookup import parse_id
from chiso.orgs.access.core import _filter, is_admin, is_coordinator, managed_units, unit_scope_q
from chiso.orgs.models import OrgUnit

# --- plan import ------------------------------------------------------------------------------
# Coordinators import plans into the units they manage (the owner unit of the new plan); an
# import job is seen and confirmed by whoever manages its owner unit.


def can_import_plans(user) -> bool:
    return is_coordinator(user)


def import_owner_units(user) -> QuerySet[OrgUnit]:
    return managed_units(user)


def visible_import_jobs(user):
    from chiso.importer.models import ImportJob

    return _filter(ImportJob.objects.all(), unit_scope_q(user, "owner_unit", purpose="manage"))


def get_visible_import_job(user, pk):
    from chiso.importer.models import ImportJob

    try:
        return visible_import_jobs(user).select_related("owner_unit", "plan").get(pk=parse_id(pk))
    except (ImportJob.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy lượt nhập kế hoạch") from exc


def get_visible_report_job(user, pk):
    """A report generation job: its requester (or an admin) follows its progress."""
    from chiso.reports.models import ReportJob

    jobs = (
        ReportJob.objects.all() if is_admin(user) else ReportJob.objects.filter(requested_by=user)
    )
    try:
        return jobs.select_related("plan", "unit", "report").get(pk=parse_id(pk))
    except (ReportJob.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy yêu cầu lập báo cáo") from exc
