"""`{% review_task_row r index_choices deadline_url %}` and `{% deadline_badge d error %}`: the
task rows of the import review, written in one pass.

The review shows every task of the document as a row of eight form fields; written through
template nodes (thirty a row, an index drop-down and an include) a plan of a few hundred tasks
spent most of its page there. The markup is what the template held; every text is escaped
(`html.escape`, as Django's `escape` does)."""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _text(value) -> str:
    return "" if value is None else escape(str(value))


def _low(r: dict, *fields: str) -> str:
    return "low-confidence" if any(f in r["low"] for f in fields) else ""


@register.simple_tag
def deadline_badge(d: dict | None, error: str = "") -> SafeString:
    """How the importer read a deadline: its kind, the first due dates, or the error."""
    if error:
        return mark_safe(f'<span class="badge flag-red">{_text(error)}</span>')  # noqa: S308
    d = d or {}
    amber = " flag-amber" if d.get("unparsed") else ""
    html = f'<span class="badge{amber}">{_text(d.get("kind_label"))}</span>'
    if d.get("dates"):
        more = f" … (tổng {d['count']} kỳ)" if d.get("more") else ""
        html += f" <small>{', '.join(_text(x) for x in d['dates'])}{more}</small>"
    return mark_safe(html)  # noqa: S308 - texts escaped


def _textarea(name: str, rows: int, label: str, value) -> str:
    return f'<textarea name="{name}" rows="{rows}" aria-label="{label}">{_text(value)}</textarea>'


@register.simple_tag
def review_task_row(r: dict, index_choices: list[str], deadline_url: str) -> SafeString:
    """One task of the draft (from `review.task_rows`) as the review form's row."""
    t, i, n = r["task"], r["i"], r["n"]
    original = (
        '<details><summary class="help">Chữ gốc (trước khi khôi phục dấu)</summary>'
        f"<small>{_text(t['content_original'])}</small></details>"
        if t.get("content_original")
        else ""
    )
    chosen = t.get("index")
    options = "".join(
        f'<option value="{_text(code)}"{" selected" if chosen == code else ""}>{_text(code)}'
        "</option>"
        for code in index_choices
    )
    names = r["names"]
    deadline = r["deadline"]
    cells = [
        f'<td><input type="text" name="tasks-{i}-no" value="{_text(t.get("no") or "")}" '
        f'size="4" aria-label="Số thứ tự, dòng {n}"><label class="help">'
        f'<input type="checkbox" name="tasks-{i}-skip" value="1"> Bỏ</label></td>',
        f'<td class="{_low(r, "content")}">'
        + _textarea(f"tasks-{i}-content", 3, f"Nội dung nhiệm vụ, dòng {n}", t.get("content"))
        + f"{original}</td>",
        f'<td class="{_low(r, "index", "component")}"><select name="tasks-{i}-index" '
        f'aria-label="Chỉ số, dòng {n}"><option value="">—</option>{options}</select>\n'
        + _textarea(
            f"tasks-{i}-component", 2, f"Thành phần chỉ số, dòng {n}", t.get("component") or ""
        )
        + "</td>",
        f'<td class="{_low(r, "output")}">'
        + _textarea(f"tasks-{i}-output", 3, f"Kết quả, sản phẩm, dòng {n}", t.get("output") or "")
        + "</td>",
    ]
    for role, label in (
        ("lead", "Đơn vị chủ trì"),
        ("coordinating", "Đơn vị phối hợp"),
        ("monitoring", "Đơn vị theo dõi"),
    ):
        cells.append(
            f'<td class="{_low(r, role)}">'
            + _textarea(f"tasks-{i}-{role}", 2, f"{label}, dòng {n}", names.get(role, ""))
            + "</td>"
        )
    cells.append(
        f'<td class="{_low(r, "deadline")}"><input type="text" name="tasks-{i}-deadline" '
        f'value="{_text(deadline["raw"])}" aria-label="Thời hạn, dòng {n}" '
        f'hx-post="{deadline_url}?row={i}" hx-trigger="change" hx-target="#deadline-{i}">'
        f'<div id="deadline-{i}">{deadline_badge(deadline)}</div></td>'
    )
    return mark_safe(f'<tr id="task-{i}">\n' + "\n".join(cells) + "\n</tr>")  # noqa: S308
