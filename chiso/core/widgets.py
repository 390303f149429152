"""Form widgets written in one pass, for pages where Django's template-rendered widgets cost
more than the page (a drop-down of a province's few hundred units)."""

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    """Django's django/forms/widgets/attrs.html in one pass."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class OnePassSelect(forms.Select):
    """Django's drop-down with its options written in one pass, in the markup of its templates:
    they render every option through the template engine (an include per option), which for a
    few hundred units costs more than the rest of a page. Grouped options fall back to Django."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group_name for group_name, _, _ in widget["optgroups"]):
            return super().render(name, value, attrs, renderer)
        options = "".join(
            f'\n  <option value="{conditional_escape(str(o["value"]))}"{_attrs(o["attrs"])}>'
            f"{conditional_escape(o['label'])}</option>\n"
            for _, group, _ in widget["optgroups"]
            for o in group
        )
        return mark_safe(  # noqa: S308 - every value and label is escaped
            f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>'
            f"{options}\n</select>"
        )
