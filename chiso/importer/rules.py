"""Who imports plans: coordinators, into the units they manage (the new plan's owner unit).
Import jobs are seen through `ImportJob.objects.visible_to(user)`.
"""

from django.db.models import QuerySet

from chiso.orgs import access
from chiso.orgs.models import OrgUnit


def can_import_plans(user) -> bool:
    return access.is_coordinator(user)


def import_owner_units(user) -> QuerySet[OrgUnit]:
    return access.managed_units(user)
