"""A survey round's satisfaction % recorded as the survey score of a PAR assessment round."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from chiso.assessment import services as assessment_services
from chiso.assessment.loader import example_set
from chiso.assessment.models import LeafScore, UnitAssessment
from chiso.frameworks.loader import load_shipped_frameworks
from chiso.orgs.models import OrgUnit, UnitGroup
from chiso.surveys import services as survey_services
from chiso.surveys import submissions
from chiso.surveys.models import RoundStatus
from chiso.surveys.shipped import SIPAS_CODE, load_shipped
from chiso.surveys.tests.conftest import COMMUNE, full_answers


@pytest.fixture
def setup(province):
    load_shipped_frameworks()
    commune = OrgUnit.objects.get(name=COMMUNE)
    today = timezone.localdate()
    survey = survey_services.round_create(
        questionnaire=load_shipped()[SIPAS_CODE],
        unit=commune,
        name="Khảo sát Tân Phong",
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=30),
        code="tan-phong",
    )
    survey = survey_services.round_set_status(survey=survey, status=RoundStatus.OPEN)
    for level in (5, 5, 4, 2):  # three of four satisfied: 75%
        submissions.response_submit(survey=survey, answers=full_answers(level))
    round_ = assessment_services.round_create(
        name="Chỉ số CCHC 2025 cấp xã",
        year=2025,
        criteria_set=example_set("commune"),
        group=UnitGroup.objects.get(name="UBND các xã, phường, thị trấn"),
        coordinator_unit=OrgUnit.objects.get(name="Sở Nội vụ"),
    )
    assessment = UnitAssessment.objects.get(round=round_, unit=commune)
    return survey, round_, assessment


def _survey_leaf(assessment):
    return (
        assessment.scores.select_related("criterion")
        .filter(criterion__scored_by="survey")
        .order_by("criterion__order")
        .first()
    )


def test_preview_then_confirm_writes_max_times_pct_with_history(setup, client_as):
    survey, round_, assessment = setup
    leaf = _survey_leaf(assessment)
    untouched = {
        s.pk: (s.self_score, s.appraised_score, s.survey_score)
        for s in assessment.scores.exclude(pk=leaf.pk)
    }
    url = f"/nap-diem/khao-sat/{survey.pk}/cham-diem/"
    client = client_as("noivu")
    form = {"dot": round_.pk, "tieu_chi": [leaf.criterion.code]}
    preview = client.post(url, form | {"xem": "1"}).content.decode()
    expected = (leaf.criterion.max_points * Decimal("0.75")).quantize(Decimal("0.01"))
    assert "75,00" in preview and f"{expected:.2f}".replace(".", ",") in preview
    leaf.refresh_from_db()
    assert leaf.survey_score is None  # a preview writes nothing
    done = client.post(url, form | {"ghi": "1"}, follow=True)
    assert "Đã ghi 1 điểm điều tra xã hội học" in done.content.decode()
    leaf.refresh_from_db()
    assert leaf.survey_score == expected
    assessment.refresh_from_db()
    assert assessment.survey_total == expected
    assert "Khảo sát “Khảo sát Tân Phong”" in leaf.history.first().history_change_reason
    # a non-survey leaf is never touched
    for s in assessment.scores.exclude(pk=leaf.pk):
        assert (s.self_score, s.appraised_score, s.survey_score) == untouched[s.pk]

    # a second feed after more answers overwrites, and both are in the history
    submissions.response_submit(survey=survey, answers=full_answers(5))  # 4 of 5: 80%
    client.post(url, form | {"ghi": "1"})
    leaf.refresh_from_db()
    assert leaf.survey_score == (leaf.criterion.max_points * Decimal("0.80")).quantize(
        Decimal("0.01")
    )
    reasons = [h.history_change_reason for h in leaf.history.all()[:2]]
    assert "80,00%" in reasons[0] and "75,00%" in reasons[1]


def test_non_survey_leaves_are_refused_and_nothing_is_written(setup, client_as):
    survey, round_, assessment = setup
    unit_leaf = assessment.scores.filter(criterion__scored_by="unit").first()
    client = client_as("noivu")
    response = client.post(
        f"/nap-diem/khao-sat/{survey.pk}/cham-diem/",
        {"dot": round_.pk, "tieu_chi": [unit_leaf.criterion.code], "ghi": "1"},
    )
    assert "Chọn tiêu chí do điều tra xã hội học chấm" in response.content.decode()
    assert not LeafScore.objects.filter(
        assessment__round=round_, survey_score__isnull=False
    ).exists()


def test_only_the_coordinator_records(setup, client_as):
    survey, round_, _assessment = setup
    url = f"/nap-diem/khao-sat/{survey.pk}/cham-diem/"
    for user in ("tuphap", "thamdinh", "lanhdao"):
        assert client_as(user).get(url).status_code == 404
    assert client_as("noivu").get(url).status_code == 200
    assert client_as("noivu").get("/nap-diem/khao-sat/99999999/cham-diem/").status_code == 404
