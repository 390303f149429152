"""Role scoping: an officer sees and changes only their unit; leaders read; coordinators manage."""

import pytest

from chiso.orgs import access
from chiso.orgs.models import OrgUnit


def unit(name: str) -> OrgUnit:
    return OrgUnit.objects.get(name=name)


def test_officer_sees_only_own_unit(persona):
    tuphap = persona("tuphap")
    assert list(access.visible_units(tuphap)) == [unit("Sở Tư pháp")]
    assert access.can_act_for_unit(tuphap, unit("Sở Tư pháp"))
    assert not access.can_manage_unit(tuphap, unit("Sở Tư pháp"))


def test_coordinator_scope_is_the_province_subtree(persona):
    noivu = persona("noivu")
    province = unit("Ủy ban nhân dân tỉnh Đồng Nai")
    assert access.can_manage_unit(noivu, unit("Phòng Tư pháp thành phố Biên Hòa"))
    assert not access.can_view_unit(noivu, unit("Phòng Tư pháp huyện Tuy Phước"))
    assert set(access.visible_units(noivu)) == set(OrgUnit.objects.subtree_of(province))


def test_leader_reads_the_subtree_but_changes_nothing(persona):
    lanhdao = persona("lanhdao")
    assert access.can_view_unit(lanhdao, unit("Sở Tư pháp"))
    assert not access.can_manage_unit(lanhdao, unit("Sở Tư pháp"))
    assert not access.can_act_for_unit(lanhdao, unit("Sở Tư pháp"))


OTHER_UNIT_URLS = [
    "/don-vi/{id}/",
    "/don-vi/{id}/sua/",
    "/don-vi/{id}/ke-nhiem/",
]


@pytest.mark.parametrize("template", OTHER_UNIT_URLS)
def test_officer_gets_404_for_another_units_pages(client_as, template):
    other = unit("Văn phòng Ủy ban nhân dân tỉnh")
    response = client_as("tuphap").get(template.format(id=other.pk))
    assert response.status_code == 404


@pytest.mark.parametrize("template", OTHER_UNIT_URLS[1:])
def test_officer_cannot_edit_own_unit(client_as, template):
    own = unit("Sở Tư pháp")
    response = client_as("tuphap").get(template.format(id=own.pk))
    assert response.status_code == 403


def test_forged_and_malformed_ids_are_404(client_as):
    client = client_as("noivu")
    assert client.get("/don-vi/999999/").status_code == 404
    assert client.get("/nhom-don-vi/999999/").status_code == 404
    assert client.get("/nguoi-dung/999999/").status_code == 404


def test_officer_cannot_open_user_management_or_audit(client_as):
    client = client_as("tuphap")
    assert client.get("/nguoi-dung/").status_code == 403
    assert client.get("/nguoi-dung/them/").status_code == 403
    assert client.get("/lich-su/").status_code == 403


def test_coordinator_cannot_manage_users_outside_scope(client_as, persona):
    admin = persona("admin")
    response = client_as("noivu").get(f"/nguoi-dung/{admin.pk}/")
    assert response.status_code == 404


def test_leader_cannot_post_changes(client_as):
    own = unit("Sở Tư pháp")
    response = client_as("lanhdao").post(
        f"/don-vi/{own.pk}/sua/", {"name": "Đổi tên", "unit_type": "department"}
    )
    assert response.status_code == 403
    assert unit("Sở Tư pháp").name == "Sở Tư pháp"


def test_django_admin_is_for_superusers_only(client_as):
    assert client_as("noivu").get("/quan-tri-he-thong/").status_code == 302
    assert client_as("admin").get("/quan-tri-he-thong/").status_code == 200


def test_anonymous_is_sent_to_login(client):
    response = client.get("/don-vi/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
