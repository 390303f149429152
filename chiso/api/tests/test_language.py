"""The API answers in Vietnamese like the pages, and its documentation works offline."""

import re

from django.test import Client


def test_validation_errors_are_vietnamese_and_keep_field_locations(client_as):
    response = client_as("noivu").post(
        "/api/v1/results", data={"year": "hai nghìn"}, content_type="application/json"
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    messages = {e["msg"] for e in detail}
    assert "Thiếu trường bắt buộc." in messages
    assert all(e["loc"] for e in detail)
    assert not any("Field required" in m or "Input should" in m for m in messages)


def test_an_anonymous_call_is_told_how_to_authenticate_in_vietnamese(db):
    response = Client().get("/api/v1/me")
    assert response.status_code == 401
    assert "mã truy cập" in response.json()["detail"]


def test_the_api_documentation_uses_only_our_own_assets(client_as):
    response = client_as("noivu").get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert not re.search(r"(src|href)=\"https?://", html)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    asset = re.search(r'src="([^"]*swagger-ui-bundle\.js)"', html).group(1)
    assert client_as("noivu").get(asset).status_code == 200
