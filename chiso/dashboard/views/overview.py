"""The dashboard page, its xlsx exports and a print layout (same page, print CSS)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.text import Truncator

from chiso.core import figures, security, xlsx
from chiso.core.lib.options import options
from chiso.core.models import SecurityEventKind
from chiso.dashboard import charts, panels, selectors, tables
from chiso.dashboard.params import filters_from, query_of
from chiso.orgs import access
from chiso.plans.models import Plan


def _figures_html(f, data) -> str:
    """The cards, status mix and unit tables: the same for everyone who may see the unit, so
    rendered once per data version (the page's costliest part: hundreds of rows and links)."""
    for card in data["cards"]:
        card["trend_svg"] = charts.line(card["trend"], label=f"{card['index_code']} qua các năm")
    context = {**data, "f": f, "query": query_of(f)}
    return render_to_string("dashboard/_figures.html", context)


def _context(request, f, data) -> dict:
    bench = data["benchmark"]
    if bench:
        bench["series_svg"] = charts.line(
            [(s["year"], s["score"]) for s in bench["series"]],
            second=[(s["year"], s["median"]) for s in bench["series"]],
            label="Tổng điểm PAPI qua các năm so với trung vị cả nước",
        )
    found = panels.panels(request.user, f.unit, f.today)
    linked = {p["index_code"]: p for p in found if p.get("index_code") and p.get("url")}
    for card in data["cards"]:
        card["ranking"] = linked.get(card["index_code"])
    plans = Plan.objects.visible_to(request.user).order_by("-date")
    plans = plans.values_list("pk", "number", "title")[:100]
    return {
        **data,
        "f": f,
        "query": query_of(f),
        "figures_html": figures.cached(
            "dashboard-html",
            (*selectors.summary_key(f), sorted((k, p["url"]) for k, p in linked.items())),
            lambda: _figures_html(f, data),
        ),
        "unit_options": options(
            access.visible_units(request.user)
            .filter(depth__lte=f.unit.depth + 1)
            .values_list("pk", "name")[:300],
            f.unit.pk,
        ),
        "plan_options": options(
            ((pk, Truncator(number or title).chars(60)) for pk, number, title in plans),
            f.plan.pk if f.plan else None,
        ),
        "years": range(f.today.year + 1, f.today.year - 10, -1),
        "panels": found,
    }


@login_required
def index(request):
    f = filters_from(request)
    context = _context(request, f, selectors.cached_summary(f))
    template = "dashboard/index.html#content" if request.htmx else "dashboard/index.html"
    return render(request, template, context)


@login_required
def export(request, table: str):
    build = tables.TABLES.get(table)
    if build is None:
        raise Http404("Không có bảng này")
    f = filters_from(request)
    title, headers, rows = build(selectors.cached_summary(f))
    security.record(SecurityEventKind.EXPORT, request=request, detail=f"{title} — {f.unit.name}")
    return xlsx.response(f"tong-quan-{table}", f"{title} — {f.unit.name}", headers, rows)
