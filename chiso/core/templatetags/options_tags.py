"""`{% options items selected %}`: a drop-down's `<option>` elements in one pass (see
chiso.core.lib.options); `value` and `label` name the attribute or key to read, and a label
"number|title" takes the first that is not empty, as `number|default:title` would."""

from django import template

from chiso.core.lib.options import options as build
from chiso.core.templatetags.text_tags import clip

register = template.Library()


def _read(item, name: str):
    return item[name] if isinstance(item, dict) else getattr(item, name)


def _label(item, label: str, chars: int) -> str:
    text = next((str(v) for n in label.split("|") if (v := _read(item, n))), "")
    return clip(text, chars) if chars else text


@register.simple_tag
def options(items, selected=None, value: str = "pk", label: str = "name", chars: int = 0):
    pairs = ((_read(item, value), _label(item, label, chars)) for item in items)
    return build(pairs, selected)
