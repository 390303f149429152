import pytest
from django.http import Http404

from chiso.core.lookup import get_visible_or_404, parse_id
from chiso.orgs.models import OrgUnit


@pytest.mark.parametrize("raw", ["", "abc", "²", "-1", "0", "1.5", str(2**64), " 7x"])
def test_parse_id_refuses_what_is_not_a_plain_id(raw):
    assert parse_id(raw) is None


def test_parse_id_reads_plain_ids():
    assert parse_id("42") == 42
    assert parse_id(42) == 42


def test_visible_object_is_returned_and_others_are_404(province):
    unit = OrgUnit.objects.order_by("pk").first()
    assert get_visible_or_404(OrgUnit.objects.all(), str(unit.pk)) == unit
    hidden = OrgUnit.objects.exclude(pk=unit.pk)
    for forged in (unit.pk, 2**70, "²", "x"):
        with pytest.raises(Http404) as caught:
            get_visible_or_404(hidden, forged, "Không tìm thấy đơn vị")
        assert "Không tìm thấy đơn vị" in str(caught.value)
