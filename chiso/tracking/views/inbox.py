"""The reviewer's inbox (with bulk accept) and the completion-rate table."""

from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from chiso.core import paging
from chiso.core.errors import DomainError
from chiso.core.lookup import get_visible_or_404
from chiso.core.params import parse_id, parse_year
from chiso.frameworks.models import IndexCode
from chiso.plans.models import Plan
from chiso.tracking import selectors, services
from chiso.tracking.models import ReportState
from chiso.tracking.status import Status

REPORTS_PER_PAGE = 50

# Filter name -> query parameter (Vietnamese, as everywhere in the site's URLs).
FILTERS = {
    "index_code": "chi_so",
    "component": "thanh_phan",
    "unit": "don_vi",
    "plan": "ke_hoach",
    "period": "ky",
    "state": "trang_thai",
    "due_after": "han_tu",
    "due_before": "han_den",
}


def _day(text: str) -> date | None:
    """A filter date typed as dd/mm/yyyy (or ISO); None when empty or not a date."""
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


@login_required
def inbox(request):
    today = timezone.localdate()
    filters = {k: request.GET.get(param, "").strip() for k, param in FILTERS.items()}
    for key in ("unit", "plan"):
        filters[key] = str(parse_id(filters[key]) or "")
    query = {
        **filters,
        "due_after": _day(filters["due_after"]),
        "due_before": _day(filters["due_before"]),
    }
    reports = selectors.inbox_reports(request.user, today, query)
    page = paging.page_of(reports, request.GET, per_page=REPORTS_PER_PAGE)
    occurrence_url = reverse("tracking:occurrence", args=[0]).removesuffix("0/")
    for report in page.rows:
        report.url = f"{occurrence_url}{report.occurrence_id}/"
    context = {
        "page": page,
        "filters": filters,
        "index_codes": IndexCode.choices,
        "states": [c for c in ReportState.choices if c[0] != ReportState.DRAFT],
        "status_labels": dict(Status.choices),
        "units": selectors.inbox_units(request.user),
        "plans": Plan.objects.visible_to(request.user).only("pk", "number", "title"),
        "query": request.GET.urlencode(),
    }
    template = "tracking/inbox.html#results" if request.htmx else "tracking/inbox.html"
    return render(request, template, context)


@login_required
@require_POST
def inbox_bulk_accept(request):
    ids = [int(i) for i in request.POST.getlist("report") if i.isdigit()]
    reports = selectors.inbox_reports(request.user, timezone.localdate()).filter(pk__in=ids)
    try:
        count = services.reports_bulk_accept(reports=reports, by=request.user)
    except DomainError as exc:  # one of them changed meanwhile: none was accepted
        messages.error(request, f"{exc.message} Chưa báo cáo nào được chấp nhận.")
        return redirect(f"{reverse('tracking:inbox')}?{request.POST.get('query', '')}")
    if count:
        messages.success(request, f"Đã chấp nhận {count} báo cáo.")
    else:
        messages.warning(request, "Chưa chọn báo cáo nào đang chờ duyệt.")
    return redirect(f"{reverse('tracking:inbox')}?{request.POST.get('query', '')}")


@login_required
def rates(request):
    today = timezone.localdate()
    plan = None
    if parse_id(request.GET.get("ke_hoach", "")):
        plan = get_visible_or_404(
            Plan.objects.visible_to(request.user),
            request.GET["ke_hoach"],
            "Không tìm thấy kế hoạch",
        )
    year = parse_year(request.GET.get("nam"))
    period = (date(year, 1, 1), date(year, 12, 31)) if year else None
    rows = selectors.unit_completion_rates(
        selectors.rate_units(request.user), today, plan=plan, period=period
    )
    context = {
        "rows": rows,
        "plan": plan,
        "year": year,
        "plans": Plan.objects.visible_to(request.user).only("pk", "number", "title"),
        "today": today,
    }
    return render(request, "tracking/rates.html", context)
