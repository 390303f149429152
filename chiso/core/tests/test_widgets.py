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


def test_the_unit_drop_down_lists_what_the_model_choices_list(province):
    """Read as plain values, the unit field's options are those Django's model choices give:
    same ids, labels indented by depth, same order, the chosen one selected; a unit outside
    its list is still refused."""
    import pytest

    from chiso.orgs.forms import UnitChoiceField
    from chiso.orgs.models import OrgUnit

    units = OrgUnit.objects.filter(depth__lte=1).order_by("path")
    ours = UnitChoiceField(queryset=units)
    theirs = forms.ModelChoiceField(queryset=units)
    theirs.label_from_instance = ours.label_from_instance
    listed = [(str(v), label) for v, label in ours.choices]
    assert listed == [(str(v), label) for v, label in theirs.choices]
    assert any(label.startswith("— ") for _, label in listed)  # the tree shows
    chosen = units.filter(depth=1).last()
    html = ours.widget.__class__(choices=list(ours.choices)).render("unit", chosen.pk)
    assert f'<option value="{chosen.pk}" selected>— {chosen.name}</option>' in html
    outside = OrgUnit.objects.filter(depth=2).first()
    with pytest.raises(forms.ValidationError):
        ours.clean(str(outside.pk))
    assert ours.clean(str(chosen.pk)) == chosen
