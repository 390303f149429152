"""The pages per persona: the coordinator manages, the unit officer sees its own unit, leaders
read; forged ids, foreign objects and bad input are refused in Vietnamese."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chiso.accountability import services
from chiso.accountability.models import Inspection, Recommendation
from chiso.accountability.tests.conftest import TODAY, unit


@pytest.fixture
def two_inspections(inspection_plan, held_inspection, persona):
    """Sở Tư pháp (held, one recommendation) and Sở Tài chính (held, not visible to tuphap)."""
    other = services.inspection_add(inspection_plan=inspection_plan, unit=unit("Sở Tài chính"))
    services.inspection_record(
        inspection=other,
        inspected_on=date(2026, 4, 1),
        findings="Chậm công bố thủ tục",
        today=TODAY,
    )
    services.recommendation_add(
        inspection=held_inspection,
        content="Niêm yết đầy đủ thủ tục hành chính",
        deadline=date(2026, 6, 30),
        by=persona("noivu"),
    )
    return held_inspection, other


@pytest.mark.parametrize("username", ["noivu", "lanhdao", "tuphap", "vpubnd"])
def test_every_persona_reaches_the_three_lists(client_as, province, username):
    client = client_as(username)
    for url in ["/kiem-tra/", "/sang-kien/", "/doi-thoai/"]:
        assert client.get(url).status_code == 200


def test_plan_page_shows_coverage_and_units_not_inspected(client_as, two_inspections):
    own, _ = two_inspections
    html = client_as("noivu").get(f"/kiem-tra/{own.inspection_plan_id}/").content.decode()
    assert "2/" in html and "Đơn vị chưa được kiểm tra" in html
    assert "Sở Y tế" in html  # a department in scope, not inspected
    assert "Thêm cuộc kiểm tra" in html


def test_plan_page_lists_inspections_and_offers_units_not_yet_planned(client_as, two_inspections):
    own, other = two_inspections
    html = client_as("noivu").get(f"/kiem-tra/{own.inspection_plan_id}/").content.decode()
    row = html.split(f'<a href="/kiem-tra/cuoc/{own.pk}/">Sở Tư pháp</a>')[1].split("</tr>")[0]
    assert "<td>10/03/2026</td>\n<td>Đoàn kiểm tra số 1</td>" in row
    assert '<td class="num">0/1</td>' in row  # one recommendation, not yet carried out
    offered = html.split('id="id_unit">')[1].split("</select>")[0]
    assert f'<option value="{unit("Sở Y tế").pk}">' in offered
    assert f'value="{own.unit_id}"' not in offered and f'value="{other.unit_id}"' not in offered


def test_officer_sees_own_inspection_not_another_units(client_as, two_inspections):
    own, other = two_inspections
    client = client_as("tuphap")
    page = client.get(f"/kiem-tra/cuoc/{own.pk}/")
    assert page.status_code == 200
    assert "Niêm yết đầy đủ thủ tục hành chính" in page.content.decode()
    assert "Thêm kiến nghị" not in page.content.decode()
    assert client.get(f"/kiem-tra/cuoc/{other.pk}/").status_code == 404
    plan_page = client.get(f"/kiem-tra/{own.inspection_plan_id}/").content.decode()
    assert f"/kiem-tra/cuoc/{other.pk}/" not in plan_page


def test_unrelated_officer_does_not_see_the_inspection(client_as, two_inspections):
    own, _ = two_inspections
    client = client_as("vpubnd")
    assert client.get(f"/kiem-tra/cuoc/{own.pk}/").status_code == 404
    assert client.get(f"/kiem-tra/{own.inspection_plan_id}/").status_code == 404


def test_leader_reads_but_may_not_change(client_as, two_inspections):
    own, _ = two_inspections
    client = client_as("lanhdao")
    assert client.get(f"/kiem-tra/cuoc/{own.pk}/").status_code == 200
    response = client.post(
        f"/kiem-tra/cuoc/{own.pk}/kien-nghi/", {"content": "X", "deadline": "30/09/2026"}
    )
    assert response.status_code == 403
    assert client.get("/kiem-tra/tao/").status_code == 403
    assert client.get("/sang-kien/tao/").status_code == 403
    assert client.get("/doi-thoai/tao/").status_code == 403
    assert Recommendation.objects.count() == 1


def test_officer_may_not_add_recommendations(client_as, two_inspections):
    own, _ = two_inspections
    response = client_as("tuphap").post(
        f"/kiem-tra/cuoc/{own.pk}/kien-nghi/", {"content": "X", "deadline": "30/09/2026"}
    )
    assert response.status_code == 403
    assert Recommendation.objects.count() == 1


@pytest.mark.parametrize("forged", ["999999", "0", "99999999999999999999"])
def test_forged_ids_give_404(client_as, two_inspections, forged):
    client = client_as("noivu")
    for url in ["/kiem-tra/{}/", "/kiem-tra/cuoc/{}/", "/sang-kien/{}/", "/doi-thoai/{}/"]:
        assert client.get(url.format(forged)).status_code == 404


def test_recommendation_form_rejects_a_deadline_before_the_inspection(client_as, two_inspections):
    own, _ = two_inspections
    response = client_as("noivu").post(
        f"/kiem-tra/cuoc/{own.pk}/kien-nghi/",
        {"content": "Sửa quy chế", "deadline": "01/03/2026"},
    )
    assert response.status_code == 400
    assert "Thời hạn phải sau ngày kiểm tra 10/03/2026" in response.content.decode()
    assert Recommendation.objects.count() == 1


def test_recommendation_form_rejects_a_malformed_date(client_as, two_inspections):
    own, _ = two_inspections
    response = client_as("noivu").post(
        f"/kiem-tra/cuoc/{own.pk}/kien-nghi/", {"content": "Sửa quy chế", "deadline": "31/02/2026"}
    )
    assert response.status_code == 400
    assert Recommendation.objects.count() == 1


def test_double_submit_of_a_recommendation_records_one(client_as, two_inspections):
    own, _ = two_inspections
    client = client_as("noivu")
    data = {"content": "Cập nhật quy trình nội bộ", "deadline": "30/09/2026"}
    assert client.post(f"/kiem-tra/cuoc/{own.pk}/kien-nghi/", data).status_code == 302
    again = client.post(f"/kiem-tra/cuoc/{own.pk}/kien-nghi/", data)
    assert again.status_code == 400
    assert "Kiến nghị này đã được ghi nhận." in again.content.decode()
    assert own.recommendations.count() == 2


def test_adding_the_same_unit_twice_is_refused(client_as, two_inspections):
    own, _ = two_inspections
    response = client_as("noivu").post(
        f"/kiem-tra/{own.inspection_plan_id}/them/", {"unit": own.unit_id}
    )
    assert response.status_code == 400
    assert Inspection.objects.filter(unit=own.unit).count() == 1


def test_adding_a_unit_outside_the_scope_is_refused(client_as, two_inspections):
    own, _ = two_inspections
    commune = unit("Ủy ban nhân dân phường Tân Phong")
    response = client_as("noivu").post(
        f"/kiem-tra/{own.inspection_plan_id}/them/", {"unit": commune.pk}
    )
    assert response.status_code == 400
    assert not Inspection.objects.filter(unit=commune).exists()


def test_coordinator_creates_a_plan_from_the_form(client_as, province, departments):
    client = client_as("noivu")
    response = client.post(
        "/kiem-tra/tao/",
        {
            "year": 2026,
            "title": "Kiểm tra CCHC năm 2026",
            "owner_unit": province.pk,
            "inspecting_unit": unit("Sở Nội vụ").pk,
            "group": departments.pk,
            "target_percent": 30,
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Theo dõi thực hiện kiến nghị sau kiểm tra CCHC năm 2026" in page


def test_plan_without_scope_is_refused(client_as, province):
    response = client_as("noivu").post(
        "/kiem-tra/tao/",
        {
            "year": 2026,
            "title": "Kiểm tra",
            "owner_unit": province.pk,
            "inspecting_unit": unit("Sở Nội vụ").pk,
            "target_percent": 30,
        },
    )
    assert "Chọn nhóm đơn vị hoặc danh sách đơn vị thuộc phạm vi." in response.content.decode()


def test_record_rejects_a_future_date(client_as, two_inspections):
    own, _ = two_inspections
    response = client_as("noivu").post(
        f"/kiem-tra/cuoc/{own.pk}/ghi-nhan/",
        {"inspected_on": "31/12/2099", "findings": "Tốt"},
    )
    assert response.status_code == 400
    own.refresh_from_db()
    assert own.inspected_on == date(2026, 3, 10)


def test_record_rejects_a_conclusion_that_is_not_a_document(client_as, two_inspections):
    own, _ = two_inspections
    fake = SimpleUploadedFile("ket-luan.pdf", b"not really a pdf", content_type="application/pdf")
    response = client_as("noivu").post(
        f"/kiem-tra/cuoc/{own.pk}/ghi-nhan/",
        {"inspected_on": "10/03/2026", "findings": "Tốt", "conclusion": fake},
    )
    assert response.status_code == 400
    assert "không đúng định dạng cho phép" in response.content.decode()
    own.refresh_from_db()
    assert not own.conclusion
