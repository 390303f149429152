from datetime import date

import pytest

from chiso.core.errors import DomainError
from chiso.orgs import services
from chiso.orgs.models import OrgUnit, SuccessionKind, UnitGroup, UnitType


@pytest.fixture
def tree(db):
    root = services.unit_create(name="Tỉnh A", unit_type=UnitType.PROVINCE)
    district = services.unit_create(name="Huyện B", unit_type=UnitType.DISTRICT, parent=root)
    office = services.unit_create(name="Phòng Nội vụ B", unit_type=UnitType.OFFICE, parent=district)
    commune = services.unit_create(name="Xã C", unit_type=UnitType.COMMUNE, parent=district)
    other = services.unit_create(name="Huyện D", unit_type=UnitType.DISTRICT, parent=root)
    return root, district, office, commune, other


def test_subtree_contains_descendants_of_any_depth(tree):
    root, district, office, commune, other = tree
    assert set(OrgUnit.objects.subtree_of(district)) == {district, office, commune}
    assert set(OrgUnit.objects.subtree_of(root)) == {root, district, office, commune, other}
    assert office.depth == 2


def test_moving_a_unit_moves_its_whole_subtree(tree):
    root, district, office, commune, other = tree
    services.unit_update(district, parent=other)
    office.refresh_from_db()
    commune.refresh_from_db()
    assert set(OrgUnit.objects.subtree_of(other)) == {other, district, office, commune}
    assert office.depth == 3 and office.path.startswith(other.path)


def test_a_unit_cannot_move_under_its_own_descendant(tree):
    _root, district, office, _commune, _other = tree
    with pytest.raises(DomainError, match="cấp dưới"):
        services.unit_update(district, parent=office)
    district.refresh_from_db()
    assert district.parent.name == "Tỉnh A"


def test_search_ignores_diacritics_and_uses_aliases(tree):
    _root, _district, office, _commune, _other = tree
    services.unit_update(office, aliases="Phòng NV\nPhòng Nội vụ huyện B")
    assert list(OrgUnit.objects.search("phong noi vu huyen")) == [office]
    assert list(OrgUnit.objects.search("PHÒNG NV")) == [office]


def test_end_date_before_start_is_refused_and_nothing_saved(tree):
    root = tree[0]
    with pytest.raises(DomainError, match="Ngày kết thúc"):
        services.unit_create(
            name="Sở X",
            unit_type=UnitType.DEPARTMENT,
            parent=root,
            active_from=date(2025, 1, 1),
            active_to=date(2024, 1, 1),
        )
    assert not OrgUnit.objects.filter(name="Sở X").exists()


def test_past_units_resolve_to_their_successors(tree):
    root, district, _office, commune, other = tree
    merged = services.unit_create(
        name="Xã mới", unit_type=UnitType.COMMUNE, parent=root, active_from=date(2025, 7, 1)
    )
    services.unit_record_succession(
        predecessor=district,
        successors=[merged],
        kind=SuccessionKind.ABOLISHED,
        effective_date=date(2025, 7, 1),
    )
    district.refresh_from_db()
    assert district.active_to == date(2025, 6, 30)
    assert services.unit_current_successors(district, date(2026, 1, 1)) == [merged]
    assert services.unit_current_successors(district, date(2024, 1, 1)) == [district]


def test_group_members_follow_the_rule_and_the_explicit_list(tree):
    root, district, office, commune, other = tree
    group = services.group_save(
        name="UBND các xã, phường",
        scope=root,
        rule_unit_types=[UnitType.COMMUNE],
        members=[office],
    )
    later = services.unit_create(name="Xã E", unit_type=UnitType.COMMUNE, parent=other)
    assert set(services.group_resolved_members(group)) == {commune, later, office}
    assert UnitGroup.objects.get().search_text == "ubnd cac xa, phuong"


def test_group_member_outside_scope_is_refused(tree):
    _root, district, _office, _commune, other = tree
    with pytest.raises(DomainError, match="không thuộc phạm vi"):
        services.group_save(name="Nhóm", scope=district, members=[other])
    assert not UnitGroup.objects.exists()


def test_the_history_line_of_a_succession_fits_its_column_and_keeps_the_basis(tree):
    root, district, *_ = tree
    basis = "Nghị quyết 203/2025/QH15 sửa đổi, bổ sung một số điều của Hiến pháp"
    reason = services.succession_reason(
        kind=SuccessionKind.ABOLISHED,
        successors=[root],
        effective_date=date(2025, 7, 1),
        legal_basis=basis,
    )
    assert len(reason) <= 100 and "01/07/2025" in reason and "203/2025/QH15" in reason
    long = services.succession_reason(
        kind=SuccessionKind.MERGED, successors=[root], effective_date=date(2025, 7, 1),
        legal_basis="Nghị quyết " + "rất dài " * 40,
    )  # fmt: skip
    assert len(long) == 100 and long.endswith("…")


def test_unit_page_lists_the_units_under_it_with_their_links(tree, client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from chiso.orgs.models import Membership, Role

    root, district, office, commune, other = tree
    services.unit_update(other, active_to=date(2025, 6, 30))
    user = get_user_model().objects.create_user("lanhdao-a", password="x-Secret-2026")
    Membership.objects.create(user=user, unit=root, role=Role.LEADER)
    client.force_login(user)
    html = client.get(reverse("orgs:unit_detail", args=[root.pk])).content.decode()
    assert "Đơn vị trực thuộc (2)" in html
    for unit in (district, other):
        assert f'<a href="{reverse("orgs:unit_detail", args=[unit.pk])}">{unit.name}</a>' in html
    assert "đến 30/06/2025" in html
    assert office.name not in html  # grandchildren are on their parent's page
