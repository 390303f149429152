"""`{% leaf_row row sheet %}` and `{% ranking_row r previous_year %}`: the rows of a unit's
score sheet and of a round's ranking, written in one pass.

A sheet has about a hundred leaves of nine cells each, with score fields and drop-downs while a
unit scores itself or is appraised; written through template nodes (a `{% url %}`, an include
and a dozen filters a row) the rows were most of the unit page's time, and the ranking's hundreds
of rows a third of its. The markup is what the templates held; every text is escaped
(`html.escape`, as Django's `escape` does), numbers are printed as the `floatformat` filter
prints them in Vietnamese ("1,50").
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from django import template
from django.utils.safestring import SafeString, mark_safe

from chiso.assessment.models import ScoredBy
from chiso.core.numbers import decimal_text

register = template.Library()
# What Django's `reverse` leaves unquoted in a path (RFC 3986 sub-delimiters and "/~:@").
URL_SAFE = "!$&'()*+,;=/~:@"


@dataclass(frozen=True)
class Sheet:
    """What every row of one unit's sheet shares."""

    leaf_base: str  # the leaf page's address without the code: ".../tieu-chi/"
    can_score: bool
    can_appraise: bool
    proposals: dict


def _or_dash(value) -> str:
    return decimal_text(value) or "—"


def _score_input(row, code: str, value) -> str:
    label = f'name="diem-{code}" aria-label="Điểm {code}"'
    if row.choices:
        options = "".join(
            f'<option value="{f"{c:f}".replace(".", ",")}"'
            f"{' selected' if value is not None and c == value else ''}>"
            f"{decimal_text(c, -2)}</option>"
            for c in row.choices
        )
        return f'<select {label}><option value="">—</option>{options}</select>'
    shown = decimal_text(value, -2)
    return f'<input type="text" inputmode="decimal" size="5" {label} value="{shown}">'


def _note(row, leaf, code: str, sheet: Sheet) -> str:
    if sheet.can_score and leaf.scored_by == ScoredBy.UNIT:
        return (
            f'<label class="visually-hidden" for="ghi-chu-{code}">Giải thích {code}</label>'
            f'<textarea id="ghi-chu-{code}" name="ghi-chu-{code}" rows="2">'
            f"{escape(row.self_note)}</textarea>\n"
        )
    if sheet.can_appraise and leaf.scored_by != ScoredBy.SURVEY:
        note = f"<small>{escape(row.self_note)}</small>" if row.self_note else ""
        return (
            f'{note}<label class="visually-hidden" for="ly-do-{code}">Lý do {code}</label>'
            f'<textarea id="ly-do-{code}" name="ly-do-{code}" rows="2" '
            f'placeholder="Lý do điều chỉnh">{escape(row.appraisal_reason)}</textarea>\n'
        )
    reason = (
        f"<br><strong>Thẩm định:</strong> {escape(row.appraisal_reason)}"
        if row.appraisal_reason
        else ""
    )
    return f"{escape(row.self_note)}{reason}"


@register.simple_tag
def leaf_row(row, sheet: Sheet) -> SafeString:
    """Code (to the leaf's page), name with evidence and the proposal from chiso's data, maximum,
    method, who scores, the three scores (fields where this user may enter them) and notes."""
    leaf = row.criterion
    code = escape(leaf.code)
    url = escape(sheet.leaf_base + quote(f"{leaf.code}/", safe=URL_SAFE))
    name = escape(leaf.name)
    if leaf.evidence_required:
        name += (
            f'<br><small class="muted">Kiểm chứng: {escape(leaf.evidence_required)} — '
            f'<a href="{url}">{row.evidence_count} tài liệu</a></small>'
        )
    proposal = sheet.proposals.get(leaf.code) if sheet.proposals else None
    if proposal and proposal.score is not None:
        name += (
            f"<br><small>Đề xuất từ số liệu: <strong>{decimal_text(proposal.score, -2)}</strong> "
            f"({escape(proposal.measure)})</small>"
        )
    if sheet.can_score and leaf.scored_by == ScoredBy.UNIT:
        own = _score_input(row, code, row.self_score)
    else:
        own = _or_dash(row.self_score)
    if sheet.can_appraise and leaf.scored_by != ScoredBy.SURVEY:
        value = row.appraised_score if row.appraised_score is not None else row.self_score
        appraised = _score_input(row, code, value)
    else:
        appraised = _or_dash(row.appraised_score)
    method = escape(leaf.method_text or leaf.get_method_display())
    return mark_safe(  # noqa: S308 - texts escaped, the rest built by chiso
        f'<tr>\n<td><a href="{url}">{code}</a></td><td>{name}</td>\n'
        f'<td class="num">{decimal_text(leaf.max_points)}</td><td><small>{method}</small></td>'
        f"<td><small>{escape(leaf.get_scored_by_display())}</small></td>\n"
        f'<td class="num">{own}</td>\n<td class="num">{appraised}</td>\n'
        f'<td class="num">{_or_dash(row.survey_score)}</td>\n'
        f"<td>{_note(row, leaf, code, sheet)}</td>\n</tr>"
    )


@register.simple_tag
def ranking_row(r: dict, previous_year) -> SafeString:
    """A row of the round's ranking (the texts `views._ranking_row` formatted)."""
    last = (
        f'<td class="num">{escape(r["previous"])}</td><td class="num">{escape(r["change"])}</td>'
        if previous_year
        else ""
    )
    return mark_safe(  # noqa: S308 - texts escaped, the rest built by chiso
        f'<tr><td class="num">{escape(str(r["rank"]))}</td>'
        f'<td><a href="{escape(r["url"])}">{escape(r["unit"])}</a></td>'
        f'<td>{escape(r["status"])}</td><td class="num">{escape(r["self"])}</td>'
        f'<td class="num">{escape(r["appraised"])}</td><td class="num">{escape(r["survey"])}</td>'
        f'<td class="num">{escape(r["index"])}</td>{last}'
        f"<td>{escape(r['classification'])}</td></tr>"
    )
