"""GET /api/v1/inspections, /recommendations, /initiatives, /dialogues, /commitments."""

from datetime import date

from django.contrib.auth import get_user_model
from django.test import Client

from chiso.accountability import services
from chiso.accountability.tests.conftest import TODAY, YEAR, close, occurrence_of, unit


def _data(held_inspection, persona):
    noivu = persona("noivu")
    done = services.recommendation_add(
        inspection=held_inspection, content="Niêm yết thủ tục", deadline=date(2026, 6, 30)
    )
    services.recommendation_add(
        inspection=held_inspection, content="Sửa quy chế", deadline=date(2026, 9, 30)
    )
    close(done, completed_on=date(2026, 6, 15), officer=persona("tuphap"), reviewer=noivu)
    dialogue = services.dialogue_create(
        unit=unit("Sở Tư pháp"),
        held_on=date(2026, 2, 10),
        chair="Giám đốc Sở Tư pháp",
        audience="businesses",
        topics="Công chứng",
        participants=50,
        monitoring_unit=unit("Sở Nội vụ"),
        today=TODAY,
    )
    services.commitment_add(dialogue=dialogue, content="Mở thêm quầy", deadline=date(2026, 4, 30))
    services.initiative_save(unit=unit("Sở Tư pháp"), year=YEAR, title="Sổ hộ tịch số")
    return done


def test_api_fields_and_statuses(client_as, held_inspection, persona):
    done = _data(held_inspection, persona)
    client = client_as("tuphap")
    inspections = client.get(f"/api/v1/inspections?year={YEAR}").json()
    assert inspections["count"] == 1
    item = inspections["items"][0]
    assert (item["unit"], item["inspected_on"], item["recommendations"]) == (
        "Sở Tư pháp",
        "2026-03-10",
        2,
    )
    assert item["has_conclusion"] is False and item["year"] == YEAR
    recs = client.get("/api/v1/recommendations").json()["items"]
    assert [(r["content"], r["status"], r["closed"]) for r in recs] == [
        ("Niêm yết thủ tục", "done_on_time", True),
        ("Sửa quy chế", "overdue", False),
    ]
    assert recs[0]["occurrence_id"] == occurrence_of(done).pk
    assert recs[0]["completed_on"] == "2026-06-15" and recs[0]["unit"] == "Sở Tư pháp"
    commitments = client.get(f"/api/v1/commitments?year={YEAR}").json()["items"]
    assert [(c["content"], c["status"]) for c in commitments] == [("Mở thêm quầy", "overdue")]
    dialogues = client.get("/api/v1/dialogues").json()["items"]
    assert (dialogues[0]["participants"], dialogues[0]["commitments"]) == (50, 1)
    initiatives = client.get(f"/api/v1/initiatives?unit_id={unit('Sở Tư pháp').pk}").json()
    assert initiatives["items"][0]["title"] == "Sổ hộ tịch số"
    assert initiatives["items"][0]["status"] == "proposed"


def test_api_filters_and_visibility(client_as, held_inspection, persona):
    _data(held_inspection, persona)
    assert client_as("noivu").get("/api/v1/recommendations?year=2025").json()["count"] == 0
    other = unit("Sở Y tế").pk
    assert client_as("noivu").get(f"/api/v1/inspections?unit_id={other}").json()["count"] == 0
    for path in ["inspections", "recommendations", "initiatives", "dialogues", "commitments"]:
        assert client_as("vpubnd").get(f"/api/v1/{path}").json()["count"] == 0
        assert client_as("lanhdao").get(f"/api/v1/{path}").json()["count"] >= 1
        assert Client().get(f"/api/v1/{path}").status_code == 401
    assert client_as("noivu").get("/api/v1/inspections?year=abc").status_code == 422


ODD = ["9" * 30, str(2**63), "-1", "0", "²", "abc", "1e3"]


def test_odd_filters_are_refused_never_a_server_error(province):
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username="noivu"))
    for path in ["inspections", "recommendations", "initiatives", "dialogues", "commitments"]:
        for value in ODD:
            for name in ("year", "unit_id"):
                response = client.get(f"/api/v1/{path}?{name}={value}")
                assert response.status_code in (200, 422), (path, name, value)
    for url in ["/kiem-tra/?nam={}", "/sang-kien/?nam={}&nhom={}", "/doi-thoai/?nam={}&nhom={}"]:
        for value in ODD:
            assert client.get(url.format(value, value)).status_code == 200
