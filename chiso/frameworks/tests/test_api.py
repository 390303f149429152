"""The JSON API: frameworks, results and targets (same checks as the pages), dashboard summary."""

import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from chiso.api.services import token_create
from chiso.frameworks.models import Result


@pytest.fixture
def api(province):
    def make(username: str) -> Client:
        user = get_user_model().objects.get(username=username)
        _, raw = token_create(user=user, name="test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    return make


def post(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


def test_frameworks_with_their_component_tree(api, frameworks):
    client = api("tuphap")
    listed = client.get("/api/v1/frameworks", {"index_code": "PCI"}).json()
    assert [f["code"] for f in listed] == ["PCI"]
    detail = client.get(f"/api/v1/frameworks/{listed[0]['id']}").json()
    assert detail["aggregation"] == "weighted_mean"
    weights = [Decimal(c["weight"]) for c in detail["components"]]
    assert sum(weights) == 1 and len(weights) == 10


def test_results_are_written_with_the_same_validation(api, frameworks, province):
    client = api("noivu")
    payload = {
        "unit_id": province.pk,
        "framework_id": frameworks["PCI"].pk,
        "component_code": "PCI.2",
        "year": 2024,
        "score": "6.9",
        "rank": 20,
        "rank_of": 63,
    }
    created = post(client, "/api/v1/results", payload)
    assert created.status_code == 200 and created.json()["component_code"] == "PCI.2"
    too_high = post(client, "/api/v1/results", payload | {"score": "11"})
    assert too_high.status_code == 400 and "vượt điểm tối đa" in too_high.json()["detail"]
    unknown = post(client, "/api/v1/results", payload | {"component_code": "PCI.99"})
    assert unknown.status_code == 404
    assert Result.objects.get().score == Decimal("6.9")
    rows = client.get("/api/v1/results", {"unit_id": province.pk, "year": 2024}).json()
    assert rows["count"] == 1 and rows["items"][0]["rank"] == 20


def test_officers_cannot_write_results_and_outsiders_get_404(api, frameworks, province):
    payload = {
        "unit_id": province.pk,
        "framework_id": frameworks["PCI"].pk,
        "year": 2024,
        "score": "60",
    }
    assert post(api("tuphap"), "/api/v1/results", payload).status_code == 404
    assert post(api("lanhdao"), "/api/v1/results", payload).status_code == 403
    target = {"unit_id": province.pk, "framework_id": frameworks["PCI"].pk, "year": 2026}
    assert post(api("noivu"), "/api/v1/targets", target | {"value": "75"}).status_code == 200


def test_dashboard_summary_as_json(api, dong_nai):
    data = api("lanhdao").get("/api/v1/dashboard", {"unit_id": dong_nai.pk}).json()
    pci = next(c for c in data["cards"] if c["index_code"] == "PCI")
    assert Decimal(pci["latest"]["stated"]) == Decimal("66.28") and pci["latest"]["disagrees"]
    assert round(Decimal(pci["latest"]["computed"]), 2) == Decimal("66.22")
    assert api("tuphap").get("/api/v1/dashboard", {"unit_id": dong_nai.pk}).status_code == 403
