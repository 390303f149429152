import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from chiso.api.models import ApiToken
from chiso.orgs.models import OrgUnit


@pytest.fixture
def token_for(province):
    def make(username: str) -> str:
        out = StringIO()
        call_command("token", username, stdout=out)
        return out.getvalue().strip()

    return make


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_token_command_prints_a_token_that_authenticates(token_for):
    token = token_for("tuphap")
    assert token.startswith("chiso_")
    response = Client().get("/api/v1/me", **bearer(token))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "tuphap"
    assert body["memberships"][0]["unit_name"] == "Sở Tư pháp"
    assert ApiToken.objects.get().key_hash != token  # only the hash is stored


def test_missing_or_wrong_token_is_401(province):
    assert Client().get("/api/v1/units").status_code == 401
    assert Client().get("/api/v1/units", **bearer("chiso_wrong")).status_code == 401


def test_revoked_token_no_longer_works(token_for, client_as):
    token = token_for("tuphap")
    record = ApiToken.objects.get()
    client_as("tuphap").post(f"/tai-khoan/ma-truy-cap/{record.pk}/thu-hoi/")
    assert Client().get("/api/v1/me", **bearer(token)).status_code == 401


def test_units_are_scoped_like_the_pages(token_for):
    officer = Client().get("/api/v1/units", **bearer(token_for("tuphap"))).json()
    assert [u["name"] for u in officer["items"]] == ["Sở Tư pháp"]
    coordinator = Client().get("/api/v1/units?limit=500", **bearer(token_for("noivu"))).json()
    names = {u["name"] for u in coordinator["items"]}
    assert "Phòng Tư pháp thành phố Biên Hòa" in names
    assert "Phòng Tư pháp huyện Tuy Phước" not in names


def test_forged_unit_and_group_ids_are_404(token_for):
    other = OrgUnit.objects.get(name="Văn phòng Ủy ban nhân dân tỉnh")
    headers = bearer(token_for("tuphap"))
    assert Client().get(f"/api/v1/units/{other.pk}", **headers).status_code == 404
    assert Client().get("/api/v1/groups/999999", **headers).status_code == 404


def test_search_folds_diacritics(token_for):
    body = Client().get("/api/v1/units?q=so tu phap", **bearer(token_for("noivu"))).json()
    assert [u["name"] for u in body["items"]] == ["Sở Tư pháp"]


def test_group_detail_lists_resolved_members(token_for):
    headers = bearer(token_for("noivu"))
    groups = Client().get("/api/v1/groups", **headers).json()["items"]
    communes = next(g for g in groups if g["name"] == "UBND các xã, phường, thị trấn")
    detail = Client().get(f"/api/v1/groups/{communes['id']}", **headers).json()
    commune_count = OrgUnit.objects.filter(
        unit_type="commune", path__startswith=OrgUnit.objects.get(pk=communes["scope_id"]).path
    ).count()
    assert len(detail["member_ids"]) == commune_count > 0


def test_profile_creates_a_token_shown_once(client_as):
    client = client_as("vpubnd")
    page = client.post("/tai-khoan/", {"name": "Hệ thống một cửa"}).content.decode()
    raw = re.search(r'<code id="new-token">(chiso_[^<]+)</code>', page).group(1)
    assert "chỉ hiện một lần" in page
    assert Client().get("/api/v1/me", **bearer(raw)).json()["username"] == "vpubnd"
    assert raw not in client.get("/tai-khoan/").content.decode()


def test_openapi_schema_is_published(province):
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/units" in schema["paths"] and "/api/v1/me" in schema["paths"]
