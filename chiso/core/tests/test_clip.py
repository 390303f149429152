"""`clip` cuts long texts in lists (task contents, plan titles) exactly as Django's
`truncatechars` does, Vietnamese in either Unicode form included."""

import unicodedata

from django.template import Context, Template
from django.utils.text import Truncator
from hypothesis import given
from hypothesis import strategies as st

from chiso.core.templatetags.text_tags import clip

TASK = "Tổ chức thực hiện hiệu quả công tác cải cách hành chính, nâng cao Chỉ số PAR INDEX"
MARKS = ["\u0301", "\u0323", "😀", "\u0e48"]  # combining acute, dot below, an emoji, Thai tone
letters = st.sampled_from([*"aăâeêioôơuưy dđ,.ÀẢÃÁẠằẳẵắặ", *MARKS])


@given(text=st.lists(letters, max_size=60).map("".join), length=st.integers(-2, 70))
def test_clip_gives_what_truncatechars_gives(text, length):
    for form in ("NFC", "NFD"):
        value = unicodedata.normalize(form, text)
        assert clip(value, length) == Truncator(value).chars(length)


def test_a_long_task_text_is_cut_with_an_ellipsis_in_a_page():
    html = Template("{{ text|clip:30 }}|{{ short|clip:30 }}|{{ text|clip:'x' }}").render(
        Context({"text": TASK, "short": "Sở Nội vụ"})
    )
    assert html == f"Tổ chức thực hiện hiệu quả cô…|Sở Nội vụ|{TASK}"
    decomposed = unicodedata.normalize("NFD", TASK)
    assert clip(decomposed, 30) == "Tổ chức thực hiện hiệu quả cô…"
