"""The score sheet's rows link each leaf to the address `reverse` gives."""

import pytest
from django.urls import reverse

from chiso.assessment.templatetags.assessment_rows import URL_SAFE


@pytest.mark.parametrize("code", ["1.1.1", "2.3 a", "IV.b", "Đ.1?", "5#2", "x%y"])
def test_leaf_links_are_the_addresses_reverse_gives(code):
    from urllib.parse import quote

    base = reverse("assessment:leaf", args=[3, 7, "-"]).removesuffix("-/")
    assert base + quote(f"{code}/", safe=URL_SAFE) == reverse("assessment:leaf", args=[3, 7, code])
