"""Initiatives and dialogues: registration, "≥ 1 per unit", counts against targets, commitments,
permissions and bad input."""

from datetime import date

import pytest

from chiso.accountability import selectors, services
from chiso.accountability.models import Commitment, Dialogue, Initiative
from chiso.accountability.tests.conftest import TODAY, YEAR, close, unit
from chiso.core.errors import DomainError
from chiso.frameworks.loader import load_shipped_frameworks
from chiso.frameworks.models import Component


@pytest.fixture
def initiative(province, persona):
    return services.initiative_save(
        unit=unit("Sở Tư pháp"),
        year=YEAR,
        title="Chứng thực bản sao điện tử",
        field="Tư pháp",
        by=persona("noivu"),
    )


@pytest.fixture
def dialogue(province, persona):
    return services.dialogue_create(
        unit=unit("Sở Tư pháp"),
        held_on=date(2026, 2, 10),
        chair="Giám đốc Sở Tư pháp",
        audience="citizens",
        topics="Cấp phiếu lý lịch tư pháp",
        participants=120,
        questions="Thời gian cấp phiếu\nLệ phí",
        monitoring_unit=unit("Sở Nội vụ"),
        today=TODAY,
        by=persona("noivu"),
    )


def test_initiative_coverage_lists_units_without_data(initiative, departments):
    cov = selectors.initiative_coverage(departments, YEAR, TODAY)
    by_unit = {r.unit.name: r for r in cov["rows"]}
    assert by_unit["Sở Tư pháp"].meets and by_unit["Sở Tư pháp"].counts.registered == 1
    assert by_unit["Sở Y tế"].counts is None and not by_unit["Sở Y tế"].meets
    assert cov["with_one"] == 1 and cov["total"] == len(cov["rows"])


def test_initiative_page_shows_the_coverage(client_as, initiative, departments):
    html = client_as("lanhdao").get(f"/sang-kien/?nam={YEAR}&nhom={departments.pk}")
    text = html.content.decode()
    assert "<strong>1/" in text
    assert "Chứng thực bản sao điện tử" in text
    assert "Chưa có dữ liệu" in text
    assert "đơn vị có ít nhất một sáng kiến" in text


def test_initiative_list_shows_each_initiative(client_as, initiative, departments):
    services.initiative_save(
        unit=unit("Sở Y tế"),
        year=YEAR,
        title="Một cửa <điện tử>",
        status="recognised",
        recognition_level="base",
        decision_number="12/QĐ-UBND",
        decision_date=date(2026, 10, 1),
    )
    html = client_as("noivu").get(f"/sang-kien/?nam={YEAR}&nhom={departments.pk}")
    text = html.content.decode()
    assert f'<a href="/sang-kien/{initiative.pk}/">Chứng thực bản sao điện tử</a>' in text
    assert "Một cửa &lt;điện tử&gt;" in text
    assert '<span class="badge flag-green">Được công nhận</span>' in text
    assert "Cấp cơ sở, QĐ 12/QĐ-UBND ngày 01/10/2026" in text


def test_recognised_initiative_needs_its_decision(initiative):
    with pytest.raises(DomainError, match="cần ghi cấp công nhận, số và ngày quyết định"):
        services.initiative_save(
            initiative=initiative,
            unit=initiative.unit,
            year=YEAR,
            title=initiative.title,
            status="recognised",
        )
    initiative.refresh_from_db()
    assert initiative.status == "proposed"


def test_initiative_links_a_par_criterion(initiative, client_as):
    load_shipped_frameworks()
    criterion = Component.objects.filter(framework__index_code="PAR INDEX").first()
    services.initiative_save(
        initiative=initiative,
        unit=initiative.unit,
        year=YEAR,
        title=initiative.title,
        status="recognised",
        recognition_level="province",
        decision_number="45/QĐ-UBND",
        decision_date=date(2026, 9, 15),
        component=criterion,
    )
    page = client_as("tuphap").get(f"/sang-kien/{initiative.pk}/").content.decode()
    assert criterion.code in page and "45/QĐ-UBND" in page and "15/09/2026" in page
    not_par = Component.objects.exclude(framework__index_code="PAR INDEX").first()
    with pytest.raises(DomainError, match="PAR INDEX"):
        services.initiative_save(
            initiative=initiative,
            unit=initiative.unit,
            year=YEAR,
            title=initiative.title,
            component=not_par,
        )


def test_initiative_form_double_submit_records_one(client_as, province):
    client = client_as("noivu")
    data = {
        "unit": unit("Sở Y tế").pk,
        "year": YEAR,
        "title": "Hẹn khám trực tuyến",
        "status": "proposed",
    }
    assert client.post("/sang-kien/tao/", data).status_code == 302
    again = client.post("/sang-kien/tao/", data)
    assert again.status_code == 400
    assert "đã đăng ký sáng kiến" in again.content.decode()
    assert Initiative.objects.filter(title="Hẹn khám trực tuyến").count() == 1


def test_initiative_permissions(client_as, initiative):
    assert client_as("tuphap").get(f"/sang-kien/{initiative.pk}/").status_code == 200
    assert client_as("vpubnd").get(f"/sang-kien/{initiative.pk}/").status_code == 404
    refused = client_as("tuphap").post(
        f"/sang-kien/{initiative.pk}/", {"title": "Đổi tên", "year": YEAR, "status": "proposed"}
    )
    assert refused.status_code == 403
    initiative.refresh_from_db()
    assert initiative.title == "Chứng thực bản sao điện tử"


def test_dialogue_counts_against_the_quarterly_target(dialogue, departments, persona):
    services.dialogue_target_save(year=YEAR, group=departments, per_year=4, per_quarter=1)
    progress = selectors.dialogue_progress(departments, YEAR, TODAY)
    row = {r.unit.name: r for r in progress["rows"]}["Sở Tư pháp"]
    assert row.quarters == (1, 0, 0, 0) and row.counts == 1
    assert not row.meets  # quarters II and III have ended without a dialogue
    early = selectors.dialogue_progress(departments, YEAR, date(2026, 3, 31))
    assert {r.unit.name: r for r in early["rows"]}["Sở Tư pháp"].meets


def test_dialogue_list_counts_each_units_quarters(client_as, dialogue, departments):
    services.dialogue_target_save(year=YEAR, group=departments, per_year=4, per_quarter=1)
    html = client_as("noivu").get(f"/doi-thoai/?nam={YEAR}&nhom={departments.pk}")
    text = html.content.decode()
    row = text.split("<tr><td>Sở Tư pháp</td>")[1].split("</tr>")[0]
    quarters = "".join(f'<td class="num">{n}</td>' for n in (1, 0, 0, 0, 1))
    assert row.startswith(quarters) and "Chưa đạt" in row
    assert f'<a href="/doi-thoai/{dialogue.pk}/">10/02/2026</a>' in text
    assert "<td>Người dân</td><td>Cấp phiếu lý lịch tư pháp</td>" in text


def test_dialogue_page_and_commitment_closed_with_evidence(client_as, dialogue, persona):
    commitment = services.commitment_add(
        dialogue=dialogue, content="Cấp phiếu lý lịch trong 5 ngày", deadline=date(2026, 5, 31)
    )
    close(
        commitment,
        completed_on=date(2026, 5, 20),
        officer=persona("tuphap"),
        reviewer=persona("noivu"),
    )
    page = client_as("tuphap").get(f"/doi-thoai/{dialogue.pk}/").content.decode()
    assert "1/1" in page and "Hoàn thành đúng hạn" in page and "10/02/2026" in page
    assert client_as("vpubnd").get(f"/doi-thoai/{dialogue.pk}/").status_code == 404


def test_commitment_bad_input(client_as, dialogue):
    client = client_as("noivu")
    before = client.post(
        f"/doi-thoai/{dialogue.pk}/cam-ket/", {"content": "X", "deadline": "01/01/2026"}
    )
    assert before.status_code == 400
    assert "Thời hạn phải sau ngày đối thoại 10/02/2026" in before.content.decode()
    officer = client_as("tuphap").post(
        f"/doi-thoai/{dialogue.pk}/cam-ket/", {"content": "X", "deadline": "01/05/2026"}
    )
    assert officer.status_code == 403
    assert Commitment.objects.count() == 0


def test_dialogue_in_the_future_is_refused(client_as, province):
    response = client_as("noivu").post(
        "/doi-thoai/tao/",
        {
            "unit": unit("Sở Y tế").pk,
            "held_on": "01/01/2099",
            "chair": "Giám đốc",
            "audience": "businesses",
            "topics": "Giấy phép hành nghề",
            "participants": 10,
            "monitoring_unit": unit("Sở Nội vụ").pk,
        },
    )
    assert response.status_code == 400
    assert "chỉ ghi nhận cuộc đã tổ chức" in response.content.decode()
    assert not Dialogue.objects.exists()


def test_target_form_sets_the_target(client_as, departments):
    response = client_as("noivu").post(
        "/doi-thoai/chi-tieu/",
        {"year": YEAR, "group": departments.pk, "per_year": 4, "per_quarter": 1},
    )
    assert response.status_code == 302
    page = client_as("noivu").get(response["Location"]).content.decode()
    assert "Chỉ tiêu: 4 cuộc/năm, 1 cuộc/quý" in page
    assert (
        client_as("lanhdao")
        .post("/doi-thoai/chi-tieu/", {"year": YEAR, "group": departments.pk, "per_year": 1})
        .status_code
        == 403
    )


def test_target_below_four_quarters_is_refused(departments):
    with pytest.raises(DomainError, match="ít nhất bằng 4 lần số cuộc mỗi quý"):
        services.dialogue_target_save(year=YEAR, group=departments, per_year=2, per_quarter=1)


def test_a_long_initiative_list_is_paged_and_says_how_many(province, client_as):
    justice = unit("Sở Tư pháp")
    Initiative.objects.bulk_create(
        Initiative(unit=justice, year=YEAR, title=f"Sáng kiến số {i:03d}") for i in range(130)
    )
    client = client_as("noivu")
    first = client.get(f"/sang-kien/?nam={YEAR}").content.decode()
    assert first.count('href="/sang-kien/') - first.count('href="/sang-kien/them') >= 100
    assert "dòng 1–100 trong 130 dòng" in first and "Trang sau »" in first
    second = client.get(f"/sang-kien/?nam={YEAR}&trang=2").content.decode()
    assert "dòng 101–130 trong 130 dòng" in second
    shown = {t for t in (f"Sáng kiến số {i:03d}" for i in range(130)) if t in first + second}
    assert len(shown) == 130  # every initiative on one of the two pages


def test_a_long_dialogue_list_is_paged(province, client_as, persona):
    justice = unit("Sở Tư pháp")
    Dialogue.objects.bulk_create(
        Dialogue(unit=justice, held_on=date(2026, 1, 1 + i % 28), chair="Giám đốc",
                 audience="citizens", topics=f"Chủ đề {i}", monitoring_unit=unit("Sở Nội vụ"))
        for i in range(105)
    )  # fmt: skip
    page = client_as("noivu").get(f"/doi-thoai/?nam={YEAR}").content.decode()
    assert "dòng 1–100 trong 105 dòng" in page
