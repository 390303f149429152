"""`{% ranking_rows rows unit_url %}`: the rows of the emulation ranking, written in one pass.

The ranking shows every unit of a group (hundreds for the communes) with a cell per component;
written through template nodes, where every `{{ }}` is resolved, localised and escaped on its
own, the rows were most of the page's time (and a `{% for %}` calling a tag per row still
spent as long in the loop as in the rows). The markup is what `_ranking.html` held; every text
is escaped (`html.escape`, as Django's `escape` does), numbers are written as `floatformat:2`
writes them, the rest are values chiso builds itself (addresses, ranks).
"""

from functools import lru_cache
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from chiso.core.numbers import decimal_text

register = template.Library()

NO_DATA = '<span class="muted">chưa có dữ liệu</span>'
NOBODY = '<tr><td colspan="20">Không có đơn vị nào trong phạm vi của bạn.</td></tr>'


@register.simple_tag
def ranking_rows(rows: list[dict], unit_url: str) -> SafeString:
    """Every row, one a line; a line saying so when the user sees no unit."""
    if not rows:
        return mark_safe(NOBODY)  # noqa: S308 - a constant
    return mark_safe("\n".join(ranking_row(r, unit_url) for r in rows))  # noqa: S308 - see below


def ranking_row(r: dict, unit_url: str) -> str:
    """Rank, unit (linked to its breakdown), the points of each component, total, class, note."""
    cells = _cells(tuple(c["points"] for c in r["components"]))
    score = "chưa có dữ liệu" if r["score"] is None else decimal_text(r["score"])
    rank = "—" if r["rank"] is None else r["rank"]
    return (  # texts escaped, the rest built by chiso
        f'<tr><td class="num">{rank}</td>'
        f'<td><a href="{unit_url}{r["unit_id"]}/">{escape(r["unit"])}</a></td>{cells}'
        f'<td class="num"><strong>{score}</strong></td>'
        f"<td>{escape(r['classification'])}</td><td>{escape(r['note'])}</td></tr>"
    )


@lru_cache(maxsize=4096)  # a unit's points change only when its data do
def _cells(points: tuple) -> str:
    return "".join(
        f'<td class="num">{NO_DATA if p is None else decimal_text(p)}</td>' for p in points
    )
