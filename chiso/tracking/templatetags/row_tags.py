"""`{% task_row o %}`, `{% coordinating_row o %}`, `{% inbox_row r %}`: the rows of the unit's
task list and of the reviewer's inbox, written in one pass.

These lists show up to a hundred rows of a dozen fields each; written through template nodes,
where every `{{ }}` is resolved, localised and escaped on its own, the rows were half of their
pages' time. The markup is what the templates held; every text is escaped (`html.escape`, as
Django's `escape` does), the rest are values chiso builds itself (addresses, flags, numbers).
"""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from chiso.tracking.listrows import InboxRow, TaskRow

register = template.Library()


def _badge(o: TaskRow) -> str:
    return (
        f'<span class="badge flag-{o.flag}" title="{escape(o.flag_label)}">'
        f"{escape(o.status_label)}</span>"
    )


def _task_link(o: TaskRow) -> str:
    return f'<a href="{o.url}">{escape(o.content)}</a>'


@register.simple_tag
def task_row(o: TaskRow) -> SafeString:
    """A row of the periods the unit leads: task, plan, period, due date, status, progress and
    report."""
    index = f' <span class="badge">{escape(o.index_code)}</span>' if o.index_code else ""
    notes = (
        f'<br><small class="muted">{o.contributions} ý kiến phối hợp</small>'
        if o.contributions
        else ""
    )
    return mark_safe(  # noqa: S308 - texts escaped, the rest built by chiso
        f"<tr>\n<td>{_task_link(o)}{index}{notes}</td>\n"
        f"<td>{escape(o.plan)}</td><td>{escape(o.period)}</td><td>{o.due}</td>\n"
        f"<td>{_badge(o)}</td>\n"
        f'<td class="num">{o.percent}%</td><td>{escape(o.report)}</td></tr>'
    )


@register.simple_tag
def coordinating_row(o: TaskRow) -> SafeString:
    """A row of the periods the unit coordinates: task, lead unit, period, due date, status."""
    return mark_safe(  # noqa: S308 - texts escaped, the rest built by chiso
        f"<tr><td>{_task_link(o)}</td><td>{escape(o.unit)}</td><td>{escape(o.period)}</td>"
        f"<td>{o.due}</td><td>{_badge(o)}</td></tr>"
    )


@register.simple_tag
def inbox_row(r: InboxRow) -> SafeString:
    """A report waiting for review (a box to tick when it can be accepted with others)."""
    tick = (
        f'<input type="checkbox" name="report" value="{r.pk}" '
        f'aria-label="Chọn báo cáo của {escape(r.unit)}">'
        if r.state == "submitted"
        else ""
    )
    index = f' <span class="badge">{escape(r.index_code)}</span>' if r.index_code else ""
    return mark_safe(  # noqa: S308 - texts escaped, the rest built by chiso
        f"<tr>\n<td>{tick}</td>\n"
        f'<td><a href="{r.url}">{escape(r.content)}</a>{index}</td>\n'
        f"<td>{escape(r.unit)}</td><td>{escape(r.period)}</td><td>{r.due}</td>\n"
        f"<td>{r.submitted}</td><td>{escape(r.work)}</td>"
        f'<td class="num">{r.evidence}</td><td>{escape(r.state_label)}</td></tr>'
    )
