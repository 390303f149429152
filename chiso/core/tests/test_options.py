"""Drop-downs built in one pass: the chosen entry is marked, names are escaped, and a plan
without a number shows its title, cut like the template filter did."""

from types import SimpleNamespace

from django.template import Context, Template


def render(source: str, **context) -> str:
    return Template("{% load options_tags %}" + source).render(Context(context))


def test_the_current_choice_is_selected_whatever_the_type_of_the_filter():
    units = [SimpleNamespace(pk=3, name="Sở Tư pháp"), SimpleNamespace(pk=12, name="Sở Y tế")]
    html = render("{% options units chosen %}", units=units, chosen="12")
    assert html == (
        '<option value="3">Sở Tư pháp</option><option value="12" selected>Sở Y tế</option>'
    )
    assert "selected" not in render("{% options units chosen %}", units=units, chosen=None)


def test_names_are_escaped():
    units = [SimpleNamespace(pk=1, name='Ban "A" & <B>')]
    html = render("{% options units 1 %}", units=units)
    assert html == '<option value="1" selected>Ban &quot;A&quot; &amp; &lt;B&gt;</option>'


def test_a_plan_without_number_shows_its_title_cut_to_length():
    plans = [
        SimpleNamespace(pk=1, number="15/KH-UBND", title="Kế hoạch cải cách hành chính"),
        SimpleNamespace(pk=2, number="", title="Kế hoạch nâng cao chỉ số PAPI năm 2025 " * 3),
    ]
    html = render('{% options plans label="number|title" chars=50 %}', plans=plans)
    assert '<option value="1">15/KH-UBND</option>' in html
    second = html.split('<option value="2">')[1].removesuffix("</option>")
    assert second.startswith("Kế hoạch nâng cao chỉ số PAPI") and second.endswith("…")
    assert len(second) == 50


def test_choices_given_as_dicts():
    choices = [{"value": "u:4", "label": "Sở Nội vụ"}, {"value": "g:2", "label": "Các sở"}]
    html = render('{% options choices "g:2" value="value" label="label" %}', choices=choices)
    assert html == (
        '<option value="u:4">Sở Nội vụ</option><option value="g:2" selected>Các sở</option>'
    )
