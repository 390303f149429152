"""The app shell: security headers, login throttling, role home pages, audit history."""

from django.test import Client

from chiso.orgs import services
from chiso.orgs.models import OrgUnit


def test_security_headers_and_static_served_by_the_app(client_as):
    client = client_as("tuphap")
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get("/static/vendor/htmx/htmx-2.0.8.min.js").status_code == 200


def test_each_role_has_its_home_page(client_as):
    assert "Trang điều phối" in client_as("noivu").get("/").content.decode()
    assert "Trang lãnh đạo" in client_as("lanhdao").get("/").content.decode()
    assert "Trang của đơn vị: Văn phòng Ủy ban nhân dân tỉnh" in (
        client_as("vpubnd").get("/").content.decode()
    )


def test_login_is_throttled_after_repeated_failures(province, settings):
    settings.AXES_ENABLED = True
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/dang-nhap/", {"username": "tuphap", "password": "sai"})
    response = client.post("/dang-nhap/", {"username": "tuphap", "password": "chiso-demo"})
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()


def test_session_expires_when_idle(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_audit_shows_who_changed_what_before_and_after(client_as, persona):
    unit = OrgUnit.objects.get(name="Sở Tư pháp")
    client = client_as("noivu")
    client.post(
        f"/don-vi/{unit.pk}/sua/",
        {
            "name": "Sở Tư pháp",
            "short_name": "STP-ĐN",
            "unit_type": "department",
            "parent": unit.parent_id,
        },
    )
    page = client.get("/lich-su/").content.decode()
    assert "Nguyễn Thị Hoa" in page
    assert "STP → STP-ĐN" in page


def test_audit_is_scoped_to_what_the_coordinator_manages(client_as):
    foreign = OrgUnit.objects.get(name="Phòng Tư pháp huyện Tuy Phước")
    services.unit_update(foreign, short_name="Đổi ngoài phạm vi")
    page = client_as("noivu").get("/lich-su/").content.decode()
    assert "Đổi ngoài phạm vi" not in page
