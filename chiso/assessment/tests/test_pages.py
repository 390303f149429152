"""The assessment pages as the officer, the appraiser and the leader use them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chiso.assessment import services
from chiso.assessment.loader import example_set
from chiso.assessment.models import UnitAssessment, UnitStatus
from chiso.orgs.models import OrgUnit, UnitGroup


@pytest.fixture
def round_(province, persona):
    round_ = services.round_create(
        name="Chỉ số CCHC 2025 các sở",
        year=2025,
        criteria_set=example_set("department"),
        group=UnitGroup.objects.get(name="Các Sở, ban, ngành"),
        coordinator_unit=OrgUnit.objects.get(name="Sở Nội vụ"),
    )
    services.appraiser_assign(round_=round_, user=persona("thamdinh"))
    return round_


def _stp(round_):
    return UnitAssessment.objects.get(round=round_, unit__name="Sở Tư pháp")


def _unit_fields(assessment, value="max"):
    data = {"version": assessment.version}
    for row in assessment.scores.select_related("criterion").filter(criterion__scored_by="unit"):
        data[f"diem-{row.criterion.code}"] = str(row.criterion.max_points).replace(".", ",")
        data[f"ghi-chu-{row.criterion.code}"] = "Đạt theo báo cáo năm"
    return data


def test_officer_scores_saves_a_draft_then_submits(round_, client_as):
    officer = client_as("tuphap")
    assessment = _stp(round_)
    url = f"/cham-diem/{round_.pk}/don-vi/{assessment.unit_id}/"
    page = officer.get(url).content.decode()
    assert "Nộp kết quả" in page and 'name="diem-1.1.2"' in page

    bad = _unit_fields(assessment)
    bad["diem-1.1.2"] = "2,5"
    response = officer.post(url + "tu-cham/", bad, follow=True)
    assert "Tiêu chí 1.1.2" in response.content.decode()
    assert not assessment.scores.filter(self_score__isnull=False).exists()

    officer.post(url + "tu-cham/", _unit_fields(assessment))
    assessment.refresh_from_db()
    unit_leaves = assessment.scores.filter(criterion__scored_by="unit").count()
    assert assessment.scores.filter(self_score__isnull=False).count() == unit_leaves
    response = officer.post(url + "tu-cham/", {**_unit_fields(assessment), "nop": "1"}, follow=True)
    assert "Đã nộp kết quả tự đánh giá" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == UnitStatus.SUBMITTED
    assert "Nộp kết quả" not in officer.get(url).content.decode()

    listing = officer.get(f"/cham-diem/{round_.pk}/").content.decode()
    assert "Sở Tư pháp" in listing and "Sở Tài chính" not in listing
    other = UnitAssessment.objects.get(round=round_, unit__name="Sở Tài chính")
    assert officer.get(f"/cham-diem/{round_.pk}/don-vi/{other.unit_id}/").status_code == 404


def test_appraiser_adjusts_with_a_reason_and_the_leader_only_reads(round_, client_as):
    assessment = _stp(round_)
    client_as("tuphap").post(
        f"/cham-diem/{round_.pk}/don-vi/{assessment.unit_id}/tu-cham/",
        {**_unit_fields(assessment), "nop": "1"},
    )
    url = f"/cham-diem/{round_.pk}/don-vi/{assessment.unit_id}/"
    appraiser = client_as("thamdinh")
    assert "Lưu kết quả thẩm định" in appraiser.get(url).content.decode()
    assessment.refresh_from_db()
    fields = {"version": assessment.version}
    for row in assessment.scores.select_related("criterion").exclude(criterion__scored_by="survey"):
        fields[f"diem-{row.criterion.code}"] = str(row.criterion.max_points)
    fields["diem-1.2.1"] = "1"
    response = appraiser.post(url + "tham-dinh/", fields, follow=True)
    assert "ghi lý do" in response.content.decode()
    fields["ly-do-1.2.1"] = "Một báo cáo quý nộp muộn"
    response = appraiser.post(url + "tham-dinh/", fields, follow=True)
    assert "Đã lưu kết quả thẩm định" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == UnitStatus.APPRAISED

    leader = client_as("lanhdao")
    page = leader.get(url).content.decode()
    assert "Một báo cáo quý nộp muộn" in page
    assert "Lưu kết quả thẩm định" not in page and "Nộp kết quả" not in page
    assert leader.post(url + "tham-dinh/", fields).status_code == 404
    ranking = leader.get(f"/cham-diem/{round_.pk}/").content.decode()
    assert "(tạm tính)" in ranking


def test_coordinator_opens_a_round_for_a_group_and_officers_cannot(province, client_as):
    example_set("commune")
    form = {
        "name": "Chỉ số CCHC 2026 các sở",
        "year": "2026",
        "criteria_set": example_set("department").pk,
        "group": UnitGroup.objects.get(name="Các Sở, ban, ngành").pk,
        "coordinator_unit": OrgUnit.objects.get(name="Sở Nội vụ").pk,
        "status": "self",
        "self_opens": "01/02/2026",
        "self_closes": "15/01/2026",
    }
    assert client_as("tuphap").get("/cham-diem/them/").status_code == 403
    coordinator = client_as("noivu")
    refused = coordinator.post("/cham-diem/them/", form)
    assert "Phải sau “Mở tự đánh giá”" in refused.content.decode()
    form["self_closes"] = "28/02/2026"
    response = coordinator.post("/cham-diem/them/", form, follow=True)
    assert "Đã lập đợt đánh giá với" in response.content.decode()
    created = UnitAssessment.objects.filter(round__name="Chỉ số CCHC 2026 các sở")
    assert created.filter(unit__name="Sở Tư pháp").exists()
    assert created.count() > 10


def test_coordinator_imports_survey_scores_all_or_nothing(round_, client_as):
    good = 'Đơn vị,Mã tiêu chí,Điểm\nSở Tư pháp,8.1.1,8\nSở Tư pháp,8.1.2,"12,5"\n'
    bad = good + "Sở Không Có,8.1.1,3\n"
    url = f"/cham-diem/{round_.pk}/dieu-tra/"
    assert (
        client_as("tuphap")
        .post(url, {"tep": SimpleUploadedFile("a.csv", good.encode())})
        .status_code
        == 403
    )
    coordinator = client_as("noivu")
    response = coordinator.post(
        url, {"tep": SimpleUploadedFile("a.csv", bad.encode())}, follow=True
    )
    assert "Dòng 4: đơn vị “Sở Không Có” không thuộc đợt." in response.content.decode()
    assert _stp(round_).scores.filter(survey_score__isnull=False).count() == 0
    response = coordinator.post(
        url, {"tep": SimpleUploadedFile("a.csv", good.encode())}, follow=True
    )
    assert "Đã ghi 2 điểm điều tra xã hội học." in response.content.decode()
    assert _stp(round_).survey_total == 20.5
