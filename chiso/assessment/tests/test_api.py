"""The assessment API contract, as the one-stop and reporting systems call it, per persona."""

import json
from decimal import Decimal

import pytest
from django.test import Client

from chiso.api.services import token_create
from chiso.assessment import services
from chiso.assessment.loader import example_set
from chiso.assessment.models import LeafScore, UnitAssessment
from chiso.assessment.selectors import unit_result
from chiso.orgs.models import OrgUnit, Role, UnitGroup
from chiso.orgs.services import membership_grant


@pytest.fixture
def round_(province, persona):
    group = UnitGroup.objects.get(name="Các Sở, ban, ngành")
    round_ = services.round_create(
        name="Chỉ số CCHC 2025 các sở",
        year=2025,
        criteria_set=example_set("department"),
        group=group,
        coordinator_unit=OrgUnit.objects.get(name="Sở Nội vụ"),
    )
    appraiser = persona("noivu")
    membership_grant(user=appraiser, unit=appraiser.memberships.first().unit, role=Role.APPRAISER)
    services.appraiser_assign(
        round_=round_, user=appraiser, units=[OrgUnit.objects.get(name="Sở Tư pháp")]
    )
    return round_


def api(persona, username):
    _token, raw = token_create(user=persona(username), name="kiểm thử")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _unit(name):
    return OrgUnit.objects.get(name=name)


def _put(client, url, body):
    return client.put(url, data=json.dumps(body), content_type="application/json")


def test_rounds_and_a_unit_as_the_officer_sees_them(round_, persona):
    client = api(persona, "tuphap")
    rounds = client.get("/api/v1/assessment-rounds").json()
    assert rounds == [
        {
            "id": round_.pk,
            "name": round_.name,
            "year": 2025,
            "level": "department",
            "status": "self",
        }
    ]
    stp = _unit("Sở Tư pháp")
    body = client.get(f"/api/v1/assessment-rounds/{round_.pk}/units/{stp.pk}").json()
    assert body["unit"] == "Sở Tư pháp" and body["max_total"] == 100.0
    assert body["index_pct"] is None and body["status"] == "draft"
    leaf = next(c for c in body["criteria"] if c["code"] == "1.1.2")
    assert leaf == {
        "code": "1.1.2",
        "name": "Mức độ hoàn thành kế hoạch CCHC năm",
        "max": 3.0,
        "method": "steps",
        "scored_by": "unit",
        "self_score": None,
        "appraised_score": None,
        "survey_score": None,
        "evidence_count": 0,
        "note": "",
    }
    assert {c["scored_by"] for c in body["criteria"]} == {"unit", "council", "survey"}
    other = _unit("Sở Tài chính")
    assert client.get(f"/api/v1/assessment-rounds/{round_.pk}/units/{other.pk}").status_code == 404


def test_self_scores_are_all_or_nothing_with_the_leaf_named(round_, persona):
    client = api(persona, "tuphap")
    url = f"/api/v1/assessment-rounds/{round_.pk}/units/{_unit('Sở Tư pháp').pk}/self-scores"
    good = {"code": "1.1.1", "score": 1, "note": "Ban hành ngày 10/01/2025"}
    for bad, named in [
        ({"code": "1.1.2", "score": 2.5}, "1.1.2"),  # not one of the steps
        ({"code": "1.2.1", "score": 3}, "1.2.1"),  # above the maximum
        ({"code": "8.1.2", "score": 10}, "8.1.2"),  # survey leaf
        ({"code": "1.5.1", "score": 1}, "1.5.1"),  # council-only leaf
        ({"code": "9.9.9", "score": 1}, "9.9.9"),  # no such leaf
    ]:
        response = _put(client, url, {"scores": [good, bad]})
        assert response.status_code == 422, bad
        assert named in response.json()["detail"]
    assert not LeafScore.objects.filter(self_score__isnull=False).exists()

    saved = _put(client, url, {"scores": [good, {"code": "1.1.2", "score": "2"}]})
    assert saved.status_code == 200
    scores = {c["code"]: c["self_score"] for c in saved.json()["criteria"]}
    assert scores["1.1.1"] == 1.0 and scores["1.1.2"] == 2.0
    assert next(c for c in saved.json()["criteria"] if c["code"] == "1.1.1")["note"] == (
        "Ban hành ngày 10/01/2025"
    )


def _fill_all(assessment):
    rows = assessment.scores.select_related("criterion").filter(criterion__scored_by="unit")
    services.self_scores_save(
        assessment=assessment,
        scores=[services.ScoreInput(r.criterion.code, r.criterion.max_points) for r in rows],
        by=None,
    )


def test_submission_locks_and_only_the_assigned_appraiser_appraises(round_, persona):
    stp = _unit("Sở Tư pháp")
    assessment = UnitAssessment.objects.get(round=round_, unit=stp)
    officer = api(persona, "tuphap")
    base = f"/api/v1/assessment-rounds/{round_.pk}/units/{stp.pk}"
    early = officer.post(f"{base}/submit")
    assert early.status_code == 422 and "chưa tự chấm" in early.json()["detail"]
    _fill_all(assessment)
    assert officer.post(f"{base}/submit").json()["status"] == "submitted"
    late = _put(officer, f"{base}/self-scores", {"scores": [{"code": "1.1.1", "score": 0}]})
    assert late.status_code == 409

    assert _put(officer, f"{base}/appraisal", {"scores": []}).status_code == 403
    leader = api(persona, "lanhdao")
    assert _put(leader, f"{base}/appraisal", {"scores": []}).status_code == 403
    appraiser = api(persona, "noivu")
    no_reason = _put(appraiser, f"{base}/appraisal", {"scores": [{"code": "1.2.1", "score": 1}]})
    assert no_reason.status_code == 422 and "lý do" in no_reason.json()["detail"]
    rows = assessment.scores.select_related("criterion").exclude(criterion__scored_by="survey")
    scores = [{"code": r.criterion.code, "score": float(r.criterion.max_points)} for r in rows]
    for s in scores:
        if s["code"] == "1.2.1":
            s.update(score=1, reason="Một báo cáo quý nộp muộn")
        if s["code"] == "1.5.1":
            s.update(score=0)
    done = _put(appraiser, f"{base}/appraisal", {"scores": scores})
    assert done.status_code == 200
    body = done.json()
    assert body["status"] == "appraised"
    assert body["appraised_total"] == 76.0 - 1 - 2
    # No survey score yet: the index is provisional over the non-survey maximum (76).
    assert body["index_pct"] == round(73 / 76 * 100, 2)

    ranking = api(persona, "lanhdao").get(f"/api/v1/assessment-rounds/{round_.pk}/ranking").json()
    assert ranking[0] == {
        "unit_id": stp.pk,
        "unit": "Sở Tư pháp",
        "index_pct": round(73 / 76 * 100, 2),
        "rank": 1,
        "group": "Các Sở, ban, ngành",
    }
    assert all(r["rank"] is None for r in ranking[1:])


def test_survey_scores_complete_the_index(round_):
    stp = _unit("Sở Tư pháp")
    assessment = UnitAssessment.objects.get(round=round_, unit=stp)
    _fill_all(assessment)
    services.assessment_submit(assessment=assessment, by=None)
    rows = assessment.scores.select_related("criterion").exclude(criterion__scored_by="survey")
    services.appraisal_save(
        assessment=assessment,
        scores=[
            services.AppraisalInput(
                r.criterion.code, r.criterion.max_points if r.criterion.scored_by == "unit" else 0
            )
            for r in rows
        ],
        by=None,
    )
    services.survey_scores_save(
        round_=round_, rows=[(stp.pk, "8.1.1", 8), (stp.pk, "8.1.2", "12,5")], by=None
    )

    assessment.refresh_from_db()
    result = unit_result(assessment)
    assert result.survey_total == 20.5
    # 76 non-survey points, of which the two council leaves (1.5.1: 2, 4.2.1: 4) appraised at 0.
    assert result.appraised_total == 70
    assert result.index_pct == Decimal("90.50")
    assert not result.provisional
