"""`{% inspection_rows inspections %}`, `{% initiative_rows initiatives %}`,
`{% dialogue_rows dialogues %}` and the per-unit count rows of the initiative and dialogue lists:
the rows of a table written in one pass.

A province's group lists a few hundred units and the year's initiatives and dialogues run to
hundreds more; written through template nodes, where every `{{ }}` is resolved, localised and
escaped on its own, the rows were most of their pages' time (and a tag per row still costs a
node and a loop step a row, so a tag writes a table's rows at once). The markup is what the
templates held; every text is escaped (`html.escape`, as Django's `escape` does), the rest are
values chiso builds itself (addresses, dates, numbers, flags).
"""

from datetime import date
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from chiso.accountability.models import Audience, InitiativeStatus, RecognitionLevel
from chiso.core.templatetags.text_tags import clip

register = template.Library()

STATUS = dict(InitiativeStatus.choices)
LEVEL = dict(RecognitionLevel.choices)
AUDIENCE = dict(Audience.choices)
INITIATIVE_FLAG = {
    InitiativeStatus.RECOGNISED: " flag-green",
    InitiativeStatus.NOT_RECOGNISED: " flag-grey",
}


def _day(value: date | None) -> str:
    """`{{ value|date:"d/m/Y" }}`: empty for no date."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}" if value else ""


def _text_or_dash(value: str) -> str:
    """`{{ value|default:"—" }}` of a text."""
    return escape(value) if value else "—"


def _rows(build, items) -> SafeString:
    return mark_safe("".join(build(item) for item in items))  # noqa: S308 - rows escape texts


def inspection_row(i: dict) -> str:
    """An inspection of the plan: unit, planned date, team, date held, recommendations closed."""
    held = _day(i["inspected_on"]) or '<span class="badge flag-grey">Chưa kiểm tra</span>'
    recs = f"{i['closed']}/{i['recs']}" if i["recs"] else "—"
    return (
        f'<tr>\n<td><a href="{i["url"]}">{escape(i["unit_name"])}</a></td>\n'
        f"<td>{_day(i['planned_on']) or '—'}</td>\n"
        f"<td>{_text_or_dash(i['team'])}</td>\n"
        f"<td>{held}</td>\n"
        f'<td class="num">{recs}</td>\n</tr>'
    )


@register.simple_tag
def inspection_rows(inspections: list[dict]) -> SafeString:
    return _rows(inspection_row, inspections)


@register.simple_tag
def unit_items(units) -> SafeString:
    """The `<li>` of each unit's name."""
    return _rows(lambda u: f"<li>{escape(u.name)}</li>", units)


def initiative_count_row(r) -> str:
    """A unit of the group with its initiatives registered and recognised (or none recorded)."""
    if r.counts is not None:
        counts = (
            f'<td class="num">{r.counts.registered}</td><td class="num">{r.counts.recognised}</td>'
        )
    else:
        counts = '<td class="num" colspan="2"><span class="muted">Chưa có dữ liệu</span></td>'
    meets = (
        '<span class="badge flag-green">Đạt</span>'
        if r.meets
        else '<span class="badge flag-amber">Chưa có</span>'
    )
    return f"<tr><td>{escape(r.unit.name)}</td>\n{counts}\n<td>{meets}</td></tr>"


@register.simple_tag
def initiative_count_rows(rows) -> SafeString:
    return _rows(initiative_count_row, rows)


def initiative_row(i: dict) -> str:
    """An initiative of the year: title, unit, field, status, recognition, PAR criterion."""
    status = i["status"]
    if i["decision_number"]:
        level = i["recognition_level"]
        recognition = (
            f"{escape(LEVEL.get(level, level))}, QĐ {escape(i['decision_number'])} "
            f"ngày {_day(i['decision_date'])}"
        )
    else:
        recognition = "—"
    if i["component_id"] is not None:
        component = f"{escape(i['component_code'])} {escape(clip(i['component_name'], 60))}"
    else:
        component = "—"
    return (
        f'<tr>\n<td><a href="{i["url"]}">{escape(i["title"])}</a></td>\n'
        f"<td>{escape(i['unit_name'])}</td><td>{_text_or_dash(i['field'])}</td>\n"
        f'<td><span class="badge{INITIATIVE_FLAG.get(status, "")}">'
        f"{escape(STATUS.get(status, status))}</span></td>\n"
        f"<td>{recognition}</td>\n"
        f"<td>{component}</td>\n</tr>"
    )


@register.simple_tag
def initiative_rows(initiatives: list[dict]) -> SafeString:
    return _rows(initiative_row, initiatives)


def dialogue_count_row(r, target) -> str:
    """A unit of the group with its dialogues per quarter and in the year, and whether it meets
    the target (the column only when a target is set)."""
    quarters = "".join(f'<td class="num">{n}</td>' for n in r.quarters)
    meets = ""
    if target:
        badge = (
            '<span class="badge flag-green">Đạt</span>'
            if r.meets
            else '<span class="badge flag-amber">Chưa đạt</span>'
        )
        meets = f"<td>{badge}</td>"
    return (
        f'<tr><td>{escape(r.unit.name)}</td>{quarters}<td class="num">{r.counts}</td>\n{meets}</tr>'
    )


@register.simple_tag
def dialogue_count_rows(rows, target) -> SafeString:
    return _rows(lambda r: dialogue_count_row(r, target), rows)


def dialogue_row(d: dict) -> str:
    """A dialogue of the year: date, unit, audience, topics, participants."""
    audience = d["audience"]
    return (
        f'<tr>\n<td><a href="{d["url"]}">{_day(d["held_on"])}</a></td>\n'
        f"<td>{escape(d['unit_name'])}</td><td>{escape(AUDIENCE.get(audience, audience))}</td>"
        f"<td>{escape(clip(d['topics'], 80))}</td>"
        f'<td class="num">{d["participants"]}</td>\n</tr>'
    )


@register.simple_tag
def dialogue_rows(dialogues: list[dict]) -> SafeString:
    return _rows(dialogue_row, dialogues)
