from django.contrib.auth import get_user_model
from django.core.management import call_command

from chiso.orgs.models import Membership, OrgUnit, UnitGroup, UnitSuccession


def _counts():
    return (
        OrgUnit.objects.count(),
        UnitGroup.objects.count(),
        UnitSuccession.objects.count(),
        Membership.objects.count(),
        get_user_model().objects.count(),
    )


def test_demo_is_idempotent_and_names_the_seed_agencies(db, capsys):
    call_command("demo")
    first = _counts()
    call_command("demo")
    assert _counts() == first
    names = set(OrgUnit.objects.values_list("name", flat=True))
    assert {"Sở Nội vụ", "Sở Tư pháp", "Văn phòng Ủy ban nhân dân tỉnh"} <= names
    assert "Phòng Tư pháp huyện Tuy Phước" in names
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    assert {"admin", "noivu", "lanhdao", "tuphap", "vpubnd"} <= usernames
    assert "chiso-demo" in capsys.readouterr().out


def test_demo_if_empty_skips_a_populated_database(db, capsys):
    call_command("demo")
    before = _counts()
    call_command("demo", "--if-empty")
    assert _counts() == before
    assert "đã có sẵn" in capsys.readouterr().out
