"""The results tables written in one pass are the markup the template wrote, for any text."""

import re
from decimal import Decimal
from types import SimpleNamespace as Obj

from django.template import Context, Template
from django.utils import translation

from chiso.surveys.templatetags.results_rows import criteria_rows, group_rows, item_rows

# what surveys/results.html wrote with template nodes
TEMPLATE = Template(
    """{% for p in result.parts %}<tr><th>{{ p.code }}</th><th>{{ p.name }}</th><td class="num">{{ p.n }}</td><td class="num"><strong>{{ p.pct|floatformat:2|default:"—" }}</strong></td><td class="num">{% if p.ci_low is not None %}{{ p.ci_low|floatformat:1 }} – {{ p.ci_high|floatformat:1 }}{% endif %}</td><td class="num">{% if p.official %}{{ p.official.score|floatformat:2 }} ({{ p.official.year }}){% else %}—{% endif %}</td></tr>
{% for c in result.criteria %}{% if c.criterion.part_id == p.part.pk %}<tr><td>{{ c.code }}</td><td>{{ c.name }}</td><td class="num">{{ c.n }}</td><td class="num">{{ c.pct|floatformat:2|default:"—" }}</td><td class="num">{% if c.ci_low is not None %}{{ c.ci_low|floatformat:1 }} – {{ c.ci_high|floatformat:1 }}{% endif %}</td><td class="num">{% if c.official %}{{ c.official.score|floatformat:2 }} ({{ c.official.year }}){% else %}—{% endif %}</td></tr>{% endif %}{% endfor %}
{% endfor %}|{% for row in breakdown %}<tr><td>{{ row.label }}</td><td class="num">{{ row.responses }}</td><td class="num">{{ row.overall.pct|floatformat:2|default:"—" }}</td><td class="num">{% if row.overall.ci_low is not None %}{{ row.overall.ci_low|floatformat:1 }} – {{ row.overall.ci_high|floatformat:1 }}{% endif %}</td>{% for c in row.criteria %}<td class="num">{{ c.pct|floatformat:1|default:"—" }}</td>{% endfor %}</tr>{% empty %}<tr><td colspan="4">Chưa có phiếu.</td></tr>{% endfor %}|{% for i in result.items %}<tr><td>{{ i.code }}. {{ i.text }}</td><td class="num">{{ i.n }}</td><td class="num">{{ i.pct|floatformat:2|default:"—" }}</td><td class="num">{% if i.ci_low is not None %}{{ i.ci_low|floatformat:1 }} – {{ i.ci_high|floatformat:1 }}{% endif %}</td></tr>{% endfor %}"""  # noqa: E501
)


def _figures(n, pct, low=None, high=None):
    return {"n": n, "pct": pct, "ci_low": low, "ci_high": high}


def _result():
    parts = [Obj(pk=1), Obj(pk=2)]
    official = Obj(score=Decimal("81.456"), year=2024)
    return {
        "parts": [
            {"part": parts[0], "code": "I", "name": 'Tiếp cận <dịch vụ> & "thủ tục"',
             "official": official} | _figures(46, 52.17391304347826, 37.9, 66.1),
            {"part": parts[1], "code": "II", "name": "Kết quả", "official": None}
            | _figures(0, None),
        ],
        "criteria": [
            {"criterion": Obj(part_id=1), "code": "1.1", "name": "Công khai 'thủ tục'",
             "official": None} | _figures(4, 50.0, 15.0, 85.0),
            {"criterion": Obj(part_id=2), "code": "2.1", "name": "Thời gian",
             "official": official} | _figures(3, 100.0, 43.85, 100.0),
            {"criterion": Obj(part_id=1), "code": "1.2", "name": "Phí", "official": None}
            | _figures(0, None),
        ],
        "items": [
            {"code": "B1", "text": "Thủ tục <được> niêm yết?"} | _figures(7, 71.42857, 35.9, 91.8),
            {"code": "B2", "text": "Phí"} | _figures(0, None),
        ],
    }  # fmt: skip


def _breakdown():
    return [
        {"label": "Phường <Tân Phong> — Khu phố 1", "responses": 12,
         "overall": _figures(30, 66.66666666666667, 48.8, 80.8),
         "criteria": [{"pct": 62.5}, {"pct": None}, {"pct": 100}]},
        {"label": "Phiếu giấy", "responses": 0, "overall": _figures(0, None), "criteria": []},
    ]  # fmt: skip


def _tags(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


def test_the_tables_are_the_markup_the_template_wrote():
    result, breakdown = _result(), _breakdown()
    with translation.override("vi"):
        expected = TEMPLATE.render(Context({"result": result, "breakdown": breakdown}))
    ours = "|".join([criteria_rows(result), group_rows(breakdown), item_rows(result)])
    assert _tags(ours) == _tags(expected)
    assert "&lt;dịch vụ&gt; &amp; &quot;thủ tục&quot;" in ours and "81,46 (2024)" in ours


def test_an_empty_breakdown_says_so():
    assert group_rows([]) == '<tr><td colspan="4">Chưa có phiếu.</td></tr>'
