"""Report history on the audit page: reports the user can see."""

from chiso.core.audit import register as audit_register
from chiso.core.audit import scoped
from chiso.reports.models import Report


def register() -> None:
    audit_register(Report, scoped("id", Report.objects.visible_to))
