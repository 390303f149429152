"""Dashboard filters from the query string, checked against what the user may see."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404
from django.utils import timezone

from chiso.core.lookup import get_visible_or_404
from chiso.core.params import parse_id, parse_year
from chiso.dashboard import rules
from chiso.dashboard.selectors import Filters
from chiso.orgs import access
from chiso.plans.models import Plan


def filters_from(request) -> Filters:
    user, params = request.user, request.GET
    access.require(rules.can_view_dashboard(user), "Trang tổng quan dành cho lãnh đạo, điều phối.")
    today = timezone.localdate()
    unit_id = parse_id(params.get("don_vi", ""))  # not an id: ignored, as before
    if unit_id is not None:
        unit = access.get_visible_unit(user, unit_id)
    else:
        roots = access.dashboard_root_units(user)
        if not roots:
            raise Http404("Không có đơn vị nào để xem")
        unit = roots[0]
    year = parse_year(params.get("nam"))
    plan = None
    if params.get("ke_hoach"):
        plan = get_visible_or_404(
            Plan.objects.visible_to(user), params.get("ke_hoach"), "Không tìm thấy kế hoạch"
        )
    return Filters(unit=unit, year=year or today.year, today=today, plan=plan, tasks_year=year)


def query_of(f: Filters, **extra) -> str:
    """The query string that reproduces these filters (for links and exports)."""
    params = {"don_vi": f.unit.pk}
    if f.tasks_year:
        params["nam"] = f.tasks_year
    if f.plan is not None:
        params["ke_hoach"] = f.plan.pk
    params.update({k: v for k, v in extra.items() if v not in (None, "")})
    return urlencode(params)
