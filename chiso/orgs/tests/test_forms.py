"""Management screens: bad input gets a Vietnamese message and nothing is half-saved."""

from django.contrib.auth import get_user_model

from chiso.orgs.models import Membership, OrgUnit, UnitGroup


def test_coordinator_creates_a_unit_with_aliases(client_as):
    parent = OrgUnit.objects.get(name="Ủy ban nhân dân tỉnh Đồng Nai")
    response = client_as("noivu").post(
        "/don-vi/them/",
        {
            "name": "Sở Dân tộc và Tôn giáo",
            "unit_type": "department",
            "parent": parent.pk,
            "aliases": "Sở DT&TG\nSở DTTG",
            "active_from": "01/03/2025",
        },
    )
    created = OrgUnit.objects.get(name="Sở Dân tộc và Tôn giáo")
    assert response.status_code == 302
    assert created.aliases == ["Sở DT&TG", "Sở DTTG"]
    assert created.path.startswith(parent.path) and str(created.active_from) == "2025-03-01"


def test_a_dissolved_unit_cannot_be_chosen_as_parent(client_as):
    # The districts of the demo ended on 30/06/2025 (two-tier local government).
    district = OrgUnit.objects.get(name="Ủy ban nhân dân thành phố Biên Hòa")
    before = OrgUnit.objects.count()
    response = client_as("noivu").post(
        "/don-vi/them/",
        {"name": "Phòng Y tế thành phố Biên Hòa", "unit_type": "office", "parent": district.pk},
    )
    assert (
        response.status_code == 200 and "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    )
    assert OrgUnit.objects.count() == before


def test_unit_form_errors_are_vietnamese_and_save_nothing(client_as):
    before = OrgUnit.objects.count()
    response = client_as("noivu").post(
        "/don-vi/them/",
        {"name": "", "unit_type": "office", "active_from": "31/02/2024"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Trường này là bắt buộc." in body
    assert "Nhập một ngày hợp lệ." in body
    assert OrgUnit.objects.count() == before


def test_end_before_start_is_refused(client_as):
    parent = OrgUnit.objects.get(name="Ủy ban nhân dân tỉnh Đồng Nai")
    response = client_as("noivu").post(
        "/don-vi/them/",
        {
            "name": "Ban X",
            "unit_type": "other",
            "parent": parent.pk,
            "active_from": "01/07/2025",
            "active_to": "01/01/2025",
        },
    )
    assert "Ngày kết thúc hoạt động phải sau ngày bắt đầu." in response.content.decode()
    assert not OrgUnit.objects.filter(name="Ban X").exists()


def test_forged_parent_outside_scope_is_rejected(client_as):
    foreign = OrgUnit.objects.get(name="Ủy ban nhân dân huyện Tuy Phước")
    response = client_as("noivu").post(
        "/don-vi/them/", {"name": "Phòng Z", "unit_type": "office", "parent": foreign.pk}
    )
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not OrgUnit.objects.filter(name="Phòng Z").exists()


def test_duplicate_username_keeps_everything_unchanged(client_as):
    unit = OrgUnit.objects.get(name="Sở Tư pháp")
    users_before, memberships_before = get_user_model().objects.count(), Membership.objects.count()
    response = client_as("noivu").post(
        "/nguoi-dung/them/",
        {
            "username": "TUPHAP",
            "full_name": "Người trùng tên",
            "password": "mot-mat-khau-dai-2024",
            "unit": unit.pk,
            "role": "officer",
        },
    )
    assert "đã có người dùng" in response.content.decode()
    assert get_user_model().objects.count() == users_before
    assert Membership.objects.count() == memberships_before


def test_coordinator_creates_an_officer_who_sets_a_password_at_first_login(client_as, client):
    unit = OrgUnit.objects.get(name="Sở Tài chính")
    response = client_as("noivu").post(
        "/nguoi-dung/them/",
        {
            "username": "taichinh",
            "full_name": "Võ Văn Tài",
            "password": "mot-mat-khau-dai-2024",
            "unit": unit.pk,
            "role": "officer",
        },
    )
    assert response.status_code == 302
    assert (
        client.post(
            "/dang-nhap/", {"username": "taichinh", "password": "mot-mat-khau-dai-2024"}
        ).status_code
        == 302
    )
    # The coordinator knows the first password: nothing opens until the officer sets their own.
    first = client.get("/", follow=True)
    assert first.redirect_chain[-1][0] == "/doi-mat-khau/"
    assert "lần đăng nhập đầu tiên" in first.content.decode()
    changed = client.post(
        "/doi-mat-khau/",
        {
            "old_password": "mot-mat-khau-dai-2024",
            "new_password1": "rieng-cua-toi-2025!",
            "new_password2": "rieng-cua-toi-2025!",
        },
    )
    assert changed.status_code == 302
    assert client.get("/").content.decode().count("Trang của đơn vị: Sở Tài chính") == 1


def test_coordinator_cannot_grant_admin(client_as):
    unit = OrgUnit.objects.get(name="Sở Tài chính")
    response = client_as("noivu").post(
        "/nguoi-dung/them/",
        {
            "username": "kedanhcap",
            "full_name": "A B",
            "password": "mot-mat-khau-dai-2024",
            "unit": unit.pk,
            "role": "admin",
        },
    )
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not get_user_model().objects.filter(username="kedanhcap").exists()


def test_group_with_rule_lists_its_members(client_as):
    province = OrgUnit.objects.get(name="Ủy ban nhân dân tỉnh Đồng Nai")
    response = client_as("noivu").post(
        "/nhom-don-vi/them/",
        {"name": "Các phòng Tư pháp", "scope": province.pk, "rule_unit_types": ["office"]},
    )
    group = UnitGroup.objects.get(name="Các phòng Tư pháp")
    page = client_as("noivu").get(response["Location"]).content.decode()
    assert "Phòng Tư pháp thành phố Biên Hòa" in page
    assert group.rule_unit_types == ["office"]
