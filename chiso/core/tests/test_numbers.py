"""Rows written in one pass print numbers exactly as the `floatformat` filter does."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.utils import translation

from chiso.core.numbers import decimal_text

VALUES = [
    Decimal("0"),
    Decimal("0.00"),
    Decimal("-0.00"),
    Decimal("-0.004"),
    Decimal("0.5"),
    Decimal("1"),
    Decimal("1.00"),
    Decimal("1.25"),
    Decimal("1.005"),
    Decimal("2.675"),
    Decimal("12.345"),
    Decimal("-3.5"),
    Decimal("99999.99"),
    Decimal("1234567.891"),
    Decimal("7.10"),
    0,
    3,
    2.675,
    0.1 + 0.2,
    -1.5,
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
@pytest.mark.parametrize("places", [2, -2, 1, -1, 0])
def test_numbers_print_as_floatformat_prints_them_in_vietnamese(value, places):
    with translation.override("vi"):
        assert decimal_text(value, places) == floatformat(value, places)


def test_an_empty_value_prints_nothing():
    assert decimal_text(None) == "" == floatformat(None, 2)


def test_the_decimal_filter_prints_what_floatformat_prints():
    template = Template("{{ v|decimal:1|default:'—' }} {{ v|floatformat:1|default:'—' }}")
    with translation.override("vi"):
        for value in (66.66666666666667, Decimal("0.05"), 100, None, "chữ"):
            ours, django = template.render(Context({"v": value})).split(" ")
            assert ours == django or value == "chữ"
