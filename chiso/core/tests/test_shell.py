"""The app shell: security headers, login throttling, role home pages, audit history."""

from datetime import timedelta

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

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
    leader = client_as("lanhdao").get("/", follow=True)
    assert leader.redirect_chain == [("/tong-quan/", 302)]  # a leader lands on the dashboard
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


def test_session_expires_after_eight_idle_hours_not_eight_hours_of_work(client_as):
    with time_machine.travel("2026-03-02 07:30 +0700", tick=False) as clock:
        client = client_as("tuphap")
        assert client.get("/").status_code == 200
        clock.shift(timedelta(hours=7))
        assert client.get("/").status_code == 200  # each request extends the session
        clock.shift(timedelta(hours=7, minutes=59))
        assert client.get("/").status_code == 200  # 15 hours after login, never 8 idle
        clock.shift(timedelta(hours=8, minutes=1))
        response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/dang-nhap/")


def test_pages_viewed_minutes_apart_do_not_rewrite_the_session(client_as):
    with time_machine.travel("2026-03-02 07:30 +0700", tick=False) as clock:
        client = client_as("tuphap")
        client.get("/")

        def session_writes() -> int:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get("/").status_code == 200
            return sum('UPDATE "django_session"' in q["sql"] for q in ctx.captured_queries)

        clock.shift(timedelta(minutes=2))
        assert session_writes() == 0  # within the refresh interval: nothing written
        clock.shift(timedelta(minutes=4))
        assert session_writes() == 1  # the expiry moves again


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
