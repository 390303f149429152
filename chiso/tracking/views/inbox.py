"""The reviewer's inbox (with bulk accept) and the completion-rate table."""

from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from chiso.core import figures, paging
from chiso.core.errors import DomainError
from chiso.core.lookup import get_visible_or_404
from chiso.core.params import parse_id, parse_year
from chiso.frameworks.models import IndexCode
from chiso.plans.models import Plan
from chiso.tracking import selectors, services
from chiso.tracking.listrows import inbox_rows
from chiso.tracking.models import ReportState
from chiso.tracking.status import Flag, Status
from chiso.tracking.templatetags.tracking_tags import pct

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


def _filter_choices(user) -> dict:
    """The units and plans of the inbox's drop-downs: rows, not model instances (two fields of a
    few hundred rows), kept until units, memberships or plans change."""

    def read():
        return {
            "units": list(selectors.inbox_units(user).values("pk", "name")),
            "plans": list(Plan.objects.visible_to(user).values("pk", "number", "title")),
        }

    return figures.cached("inbox-choices", (user.pk,), read)


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
    page = paging.page_of(
        reports,
        request.GET,
        per_page=REPORTS_PER_PAGE,
        by_ids=True,
        build=inbox_rows,
        count_key=("inbox", request.user.pk, today, sorted(query.items())),
    )
    context = {
        "page": page,
        "filters": filters,
        "index_codes": IndexCode.choices,
        "states": [c for c in ReportState.choices if c[0] != ReportState.DRAFT],
        "status_labels": dict(Status.choices),
        **_filter_choices(request.user),
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


FLAG_LABELS = dict(Flag.choices)
SHOWN_COUNTS = ["total", "done_on_time", "done_late", "overdue", "in_progress", "not_due"]


def _figure_cells(row: dict) -> str:
    """A unit's flag and eight figures as table cells, built once in Python: the template would
    resolve and localise each of a province's thousands of numbers one by one. Safe by
    construction: the flag and its label come from `Flag`, the figures are integers and `pct`
    texts ("87,5%", "—"), none holds markup (no thousands separator is configured, so the text
    is what the template would print)."""
    flag = row["flag"]
    badge = f'<td><span class="badge flag-{flag}">{FLAG_LABELS.get(flag, "")}</span></td>'
    numbers = [str(int(row[key])) for key in SHOWN_COUNTS]
    rates = [pct(row["on_time_rate"]), pct(row["reporting_timeliness"])]
    cells = "".join(f'<td class="num">{text}</td>' for text in numbers + rates)
    return mark_safe(badge + cells)  # noqa: S308


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
        selectors.rate_units(request.user).only("pk", "name"), today, plan=plan, period=period
    )
    for row in rows:
        row["cells"] = _figure_cells(row)
    context = {
        "rows": rows,
        "plan": plan,
        "year": year,
        "plans": Plan.objects.visible_to(request.user).values("pk", "number", "title"),
        "today": today,
    }
    return render(request, "tracking/rates.html", context)
