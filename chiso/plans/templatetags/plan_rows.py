"""`{% plan_task_row t number can_manage %}`: a row of the plan page, written in one pass.

A page of the plan shows fifty tasks with their assignees, deadline, status figures and
actions; written through template nodes that was most of the page's time. The markup is what
the template held; every text is escaped (`html.escape`, as Django's `escape` does).
"""

from html import escape

from django import template
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from chiso.core.templatetags.text_tags import clip

register = template.Library()

ID_MARK = 987654321  # an id no assignment reaches, replaced by each one's id in its address


def _assignees(assignments, csrf: str, can_manage: bool, split_url: str) -> str:
    cells = []
    for a in assignments:
        if a.unit_id:
            cells.append(f"<div>{escape(a.unit.name)}</div>")
            continue
        action = ""
        if can_manage:
            action = (
                f'<form method="post" action="{split_url.replace(str(ID_MARK), str(a.pk))}" '
                f'style="display:inline">{csrf}'
                '<button class="small secondary">Tách theo từng đơn vị</button></form>'
            )
        name = escape(a.group.name) if a.group_id else ""
        cells.append(f'<div>{name} <small class="muted">(nhóm)</small>{action}</div>')
    return "".join(cells)


def _status(counts: dict | None) -> str:
    if not counts:
        return '<span class="muted">Chưa có kỳ báo cáo</span>'
    done = counts["done_on_time"] + counts["done_late"]
    return (
        f'<span class="badge flag-{counts["flag"]}">{escape(counts["flag_label"])}</span><br>'
        f"<small>{counts['total']} kỳ; {done} hoàn thành; {counts['overdue']} quá hạn</small>"
    )


@register.simple_tag(takes_context=True)
def plan_task_row(context, t, number: int, can_manage: bool) -> SafeString:
    """The row of task `t` (prepared by `plans.page`), numbered `number` when it has none."""
    token = context.get("csrf_token")
    csrf = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(token))}">'
        if token
        else ""
    )
    cache = context.render_context  # one page's render: the address is reversed once
    split_url = cache.get("split_url") or reverse("plans:assignment_split", args=[ID_MARK])
    cache["split_url"] = split_url
    output = (
        f'<br><small class="muted">Sản phẩm: {escape(clip(t.expected_output, 200))}</small>'
        if t.expected_output
        else ""
    )
    component = f"<br><small>{escape(t.component_text)}</small>" if t.component_text else ""
    due = (
        f'<br><small class="muted">{t.due_date.strftime("%d/%m/%Y")}</small>' if t.due_date else ""
    )
    roles = [
        f"<td>{_assignees(t.by_role[role], csrf, can_manage, split_url)}</td>"
        for role in ("lead", "coordinating", "monitoring")
    ]
    actions = ""
    if can_manage:
        actions = (
            f'<td class="no-print"><a href="{t.edit_url}">Sửa</a>\n'
            f'<form method="post" action="{t.move_url}" style="display:inline">{csrf}'
            '<button class="small secondary" name="direction" value="up" '
            'aria-label="Chuyển lên">↑</button><button class="small secondary" '
            'name="direction" value="down" aria-label="Chuyển xuống">↓</button></form></td>'
        )
    return mark_safe(  # noqa: S308 - texts escaped, the rest built by chiso
        f'<tr id="nv-{t.pk}"><td>{escape(t.number or str(number))}</td>'
        f"<td>{linebreaksbr(t.content, autoescape=True)}{output}</td>\n"
        f"<td>{escape(t.index_code)}{component}</td>\n"
        + "\n".join(roles)
        + f"\n<td>{escape(t.deadline_raw or '—')}{due}</td>\n"
        f"<td>{_status(t.counts)}</td>\n{actions}</tr>"
    )
