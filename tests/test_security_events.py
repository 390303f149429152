"""Security events, sessions and tokens as an administrator and an attacker would see them."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from chiso.api.models import ApiToken
from chiso.api.services import token_create
from chiso.core.models import SecurityEvent, SecurityEventKind, UserSession
from chiso.core.security import purge_old_events
from chiso.orgs.demo import DEMO_PASSWORD


def _kinds(username: str) -> list[str]:
    return list(
        SecurityEvent.objects.filter(username=username)
        .order_by("id")
        .values_list("kind", flat=True)
    )


def test_logins_failures_and_lockouts_are_recorded(province, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    browser = Client(REMOTE_ADDR="10.0.0.7")
    for _ in range(3):
        browser.post("/dang-nhap/", {"username": "tuphap", "password": "sai-mat-khau"})
    kinds = _kinds("tuphap")
    assert kinds.count(SecurityEventKind.LOGIN_FAILED) >= 2
    assert SecurityEventKind.LOCKOUT in kinds
    event = SecurityEvent.objects.filter(kind=SecurityEventKind.LOCKOUT).first()
    assert event.ip == "10.0.0.7"

    other = Client()
    assert (
        other.post("/dang-nhap/", {"username": "noivu", "password": DEMO_PASSWORD}).status_code
        == 302
    )
    assert _kinds("noivu") == [SecurityEventKind.LOGIN]


def test_a_refused_page_and_a_refused_api_call_are_recorded(client_as, persona):
    assert client_as("tuphap").get("/nguoi-dung/").status_code == 403
    denied = SecurityEvent.objects.get(kind=SecurityEventKind.PERMISSION_DENIED)
    assert denied.username == "tuphap"
    assert denied.path == "/nguoi-dung/"


def test_exports_are_recorded(client_as):
    response = client_as("lanhdao").get("/tong-quan/xuat/don-vi.xlsx")
    assert response.status_code == 200
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.EXPORT, username="lanhdao").exists()


def test_only_an_administrator_reads_the_security_log(client_as):
    client_as("noivu")  # a login to show in the log
    assert client_as("noivu").get("/nhat-ky-an-ninh/").status_code == 403
    page = client_as("admin").get("/nhat-ky-an-ninh/?loai=login")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nhật ký an ninh" in html and "noivu" in html


def test_an_administrator_ends_a_session_and_the_browser_must_sign_in_again(client_as):
    officer = client_as("tuphap")
    assert officer.get("/").status_code == 200
    session = UserSession.objects.get(user__username="tuphap")
    admin = client_as("admin")
    listing = admin.get("/phien-dang-nhap/").content.decode()
    assert "tuphap" in listing
    assert admin.post(f"/phien-dang-nhap/{session.pk}/ket-thuc/").status_code == 302
    after = officer.get("/")
    assert after.status_code == 302 and after["Location"].startswith("/dang-nhap/")
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.SESSION_ENDED).exists()
    assert client_as("tuphap").post("/phien-dang-nhap/1/ket-thuc/").status_code == 403


def test_tokens_are_hashed_expire_and_are_read_from_the_header_only(persona, settings):
    user = persona("tuphap")
    token, raw = token_create(user=user, name="Hệ thống một cửa", days=30)
    assert raw not in str(ApiToken.objects.filter(pk=token.pk).values().first())
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.TOKEN_CREATED).exists()
    api = Client()
    assert api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    assert api.get(f"/api/v1/me?token={raw}").status_code == 401
    assert api.get(f"/api/v1/me?access_token={raw}").status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_cross_origin_requests_get_no_cors_permission(persona):
    _token, raw = token_create(user=persona("tuphap"), name="x")
    response = Client().get(
        "/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ORIGIN="https://evil.example"
    )
    assert "Access-Control-Allow-Origin" not in response.headers


def test_old_events_are_purged_after_the_retention_period(province, settings):
    settings.SECURITY_LOG_RETENTION_DAYS = 30
    old = SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN, username="cu")
    SecurityEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    recent = SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN, username="moi")
    assert purge_old_events() == 1
    assert list(SecurityEvent.objects.values_list("pk", flat=True)) == [recent.pk]
