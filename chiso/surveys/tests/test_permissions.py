"""Who sees and changes what: an officer sees their own unit's rounds only; forged ids are 404."""

import pytest

from chiso.orgs.models import OrgUnit
from chiso.surveys import submissions
from chiso.surveys.models import Response, SurveyRound
from chiso.surveys.tests.conftest import full_answers


@pytest.fixture
def two_rounds(make_round):
    justice = OrgUnit.objects.get(name="Sở Tư pháp")
    return make_round(code="stp", unit=justice), make_round(code="tan-phong")


def test_an_officer_sees_the_rounds_of_their_unit_only(client_as, two_rounds):
    own, other = two_rounds
    client = client_as("tuphap")
    listing = client.get("/khao-sat/").content.decode()
    assert own.name in listing and other.name not in listing
    assert client.get(f"/khao-sat/dot/{own.pk}/").status_code == 200
    for url in ("/", "/ket-qua/", "/nhap-phieu/", "/qr.png", "/ap-phich/", "/phieu.xlsx"):
        assert client.get(f"/khao-sat/dot/{other.pk}{url}").status_code == 404
    api = client.get("/api/v1/surveys").json()
    assert [r["code"] for r in api] == ["stp"]
    assert client.get(f"/api/v1/surveys/{other.pk}/results").status_code == 404


@pytest.mark.parametrize("forged", ["999999", "abc", "9" * 30, "-1", "1.0"])
def test_forged_ids_are_404(client_as, two_rounds, forged):
    client = client_as("noivu")
    assert client.get(f"/khao-sat/dot/{forged}/").status_code == 404
    assert client.get(f"/khao-sat/dot/{forged}/ket-qua/").status_code == 404
    assert client.get(f"/khao-sat/phieu/{forged}/sua/").status_code == 404
    assert client.get(f"/api/v1/surveys/{forged}/results").status_code == 404


def test_an_officer_enters_paper_forms_but_cannot_run_the_round(client_as, two_rounds):
    own, _ = two_rounds
    client = client_as("tuphap")
    form = {f"q_{k}": str(v) for k, v in full_answers().items()} | {"dv": own.unit_id}
    assert client.post(f"/khao-sat/dot/{own.pk}/nhap-phieu/", form).status_code == 302
    stored = Response.objects.get()
    assert (stored.mode, stored.created_by.username) == ("paper", "tuphap")
    assert (
        client.post(f"/khao-sat/dot/{own.pk}/trang-thai/", {"status": "closed"}).status_code == 403
    )
    assert client.get("/khao-sat/dot-moi/").status_code == 403
    assert SurveyRound.objects.get(pk=own.pk).status == "open"


def test_a_leader_reads_results_but_cannot_enter_answers(client_as, two_rounds):
    _, commune_round = two_rounds
    client = client_as("lanhdao")
    assert client.get(f"/khao-sat/dot/{commune_round.pk}/ket-qua/").status_code == 200
    assert client.get(f"/khao-sat/dot/{commune_round.pk}/nhap-phieu/").status_code == 404


def test_a_coordinator_creates_and_opens_a_round(client_as, questionnaires, commune):
    client = client_as("noivu")
    q = questionnaires["SIPAS-2023"]
    response = client.post(
        "/khao-sat/dot-moi/",
        {
            "name": "Khảo sát quý IV",
            "questionnaire": q.pk,
            "unit": commune.pk,
            "starts_on": "01/10/2026",
            "ends_on": "31/12/2026",
            "margin_pct": "5",
            "modes": ["online", "paper"],
        },
    )
    survey = SurveyRound.objects.get(name="Khảo sát quý IV")
    assert response.status_code == 302 and survey.status == "draft"
    assert client.get(f"/ks/{survey.code}/").status_code == 404  # drafts are not public
    client.post(f"/khao-sat/dot/{survey.pk}/trang-thai/", {"status": "open"})
    survey.refresh_from_db()
    assert survey.status == "open"


def test_a_correction_goes_through_the_entry_rights(client_as, two_rounds):
    own, other = two_rounds
    mine = submissions.response_submit(survey=own, answers=full_answers())
    theirs = submissions.response_submit(survey=other, answers=full_answers())
    client = client_as("tuphap")
    assert client.get(f"/khao-sat/phieu/{theirs.pk}/sua/").status_code == 404
    form = {f"q_{k}": str(v) for k, v in full_answers(5).items()} | {"reason": "Sai câu B1"}
    assert client.post(f"/khao-sat/phieu/{mine.pk}/sua/", form).status_code == 302
    assert Response.objects.filter(supersedes=mine, reason="Sai câu B1").exists()
