"""The tables of a round's results page, written in one pass.

A round's page has a row per part, criterion and question, and a row per group of the
breakdown with a cell per criterion; written through template nodes, where every `{{ }}` is
resolved, localised and escaped on its own, they were a third of the page's time. The markup is
what `surveys/results.html` held; every text is escaped (`html.escape`, as Django's `escape`
does) and numbers are written as `floatformat` writes them (`chiso.core.numbers`).
"""

from collections import defaultdict
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from chiso.core.numbers import decimal_text

register = template.Library()
DASH = "—"


def _pct(value, places: int = 2) -> str:
    return decimal_text(value, places) or DASH


def _interval(row: dict) -> str:
    if row["ci_low"] is None:
        return ""
    return f"{decimal_text(row['ci_low'], 1)} – {decimal_text(row['ci_high'], 1)}"


def _official(row: dict) -> str:
    found = row.get("official")
    return f"{decimal_text(found.score, 2)} ({found.year})" if found else DASH


def _figures(row: dict, pct: str) -> str:
    return (
        f'<td class="num">{row["n"]}</td><td class="num">{pct}</td>'
        f'<td class="num">{_interval(row)}</td><td class="num">{_official(row)}</td>'
    )


@register.simple_tag
def criteria_rows(result: dict) -> SafeString:
    """Each part (in bold) followed by its criteria."""
    by_part = defaultdict(list)
    for c in result["criteria"]:
        by_part[c["criterion"].part_id].append(c)
    out = []
    for p in result["parts"]:
        out.append(
            f"<tr><th>{escape(p['code'])}</th><th>{escape(p['name'])}</th>"
            + _figures(p, f"<strong>{_pct(p['pct'])}</strong>")
            + "</tr>\n"
        )
        out.extend(
            f"<tr><td>{escape(c['code'])}</td><td>{escape(c['name'])}</td>"
            + _figures(c, _pct(c["pct"]))
            + "</tr>"
            for c in by_part.get(p["part"].pk, ())
        )
        out.append("\n")
    return mark_safe("".join(out))  # noqa: S308 - texts escaped, numbers built here


@register.simple_tag
def group_rows(groups: list[dict]) -> SafeString:
    """A row per group of the breakdown: answers, overall %, interval, then each criterion's %."""
    if not groups:
        return mark_safe('<tr><td colspan="4">Chưa có phiếu.</td></tr>')
    out = []
    for row in groups:
        overall = row["overall"]
        cells = "".join(f'<td class="num">{_pct(c["pct"], 1)}</td>' for c in row["criteria"])
        out.append(
            f'<tr><td>{escape(row["label"])}</td><td class="num">{row["responses"]}</td>'
            f'<td class="num">{_pct(overall["pct"])}</td>'
            f'<td class="num">{_interval(overall)}</td>{cells}</tr>'
        )
    return mark_safe("".join(out))  # noqa: S308 - texts escaped, numbers built here


@register.simple_tag
def item_rows(result: dict) -> SafeString:
    """A row per question: answers, %, interval."""
    return mark_safe(  # noqa: S308 - texts escaped, numbers built here
        "".join(
            f"<tr><td>{escape(i['code'])}. {escape(i['text'])}</td>"
            f'<td class="num">{i["n"]}</td><td class="num">{_pct(i["pct"])}</td>'
            f'<td class="num">{_interval(i)}</td></tr>'
            for i in result["items"]
        )
    )
