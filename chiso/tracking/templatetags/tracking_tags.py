from decimal import Decimal

from django import template

from chiso.core.lib.text import excerpt as _excerpt
from chiso.tracking.models import ReportState, WorkStatus
from chiso.tracking.status import Flag, Status

register = template.Library()

_STATUS = dict(Status.choices)
_FLAG = dict(Flag.choices)
_STATE = dict(ReportState.choices)
_WORK = dict(WorkStatus.choices)


@register.filter
def status_label(value: str) -> str:
    return _STATUS.get(value, "")


@register.filter
def flag_label(value: str) -> str:
    return _FLAG.get(value, "")


@register.filter
def state_label(value: str | None) -> str:
    return _STATE.get(value, "Chưa báo cáo") if value else "Chưa báo cáo"


@register.filter
def work_label(value: str) -> str:
    return _WORK.get(value, "")


@register.filter
def pct(value) -> str:
    """A rate as "87,5%"; "—" when there is none (None, or "" for a missing attribute)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return "—"
    return f"{value:.1f}%".replace(".", ",")


@register.filter
def excerpt(value: str, limit: int = 200) -> str:
    """A message on one line, cut at a word boundary (see core.lib.text.excerpt)."""
    return _excerpt(value, int(limit))
