"""The one-pass drop-down writes what Django's own Select writes, for any text."""

import re

from django import forms

from chiso.core.widgets import OnePassSelect

CHOICES = [
    ("", "---------"),
    (1, "Ủy ban nhân dân tỉnh"),
    (2, '— Sở Tư pháp & Sở "Nội vụ" <cũ>'),
    (3, "— — Phòng 'Hành chính'"),
]


def _tags(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


def test_one_pass_select_writes_djangos_markup():
    attrs = {"id": "id_unit", "required": True, "class": "wide", "disabled": False}
    for value in (None, 2, "3"):
        ours = OnePassSelect(attrs=attrs, choices=CHOICES).render("unit", value)
        django = forms.Select(attrs=attrs, choices=CHOICES).render("unit", value)
        assert _tags(ours) == _tags(django)
    assert "&lt;cũ&gt;" in ours and "&quot;Nội vụ&quot;" in ours


def test_grouped_options_are_left_to_django():
    grouped = [("Sở", [(1, "Sở Tư pháp")]), ("Xã", [(2, "Xã An Bình")])]
    ours = OnePassSelect(choices=grouped).render("unit", 2)
    assert _tags(ours) == _tags(forms.Select(choices=grouped).render("unit", 2))
    assert '<optgroup label="Xã">' in ours
