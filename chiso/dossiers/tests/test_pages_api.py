"""Pages and API with the demo personas: a unit sees its own subtree; forged ids get 404."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from chiso.dossiers import services
from chiso.dossiers.models import Dossier, ImportRun, Kind, KpiTarget
from chiso.dossiers.tests.helpers import csv_bytes, dossier
from chiso.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db
PERIOD = "tu=2025-03&den=2025-03"


@pytest.fixture
def data(province):
    rows = [
        dossier("HS-001", "Sở Tư pháp", returned="12/03/2025"),  # late, no apology
        dossier("HS-002", "Sở Tài chính", returned="20/03/2025"),  # late, no apology
        dossier("HS-003", "Sở Tài chính", returned="05/03/2025"),
    ]
    services.records_import(kind=Kind.DOSSIER, filename="a.csv", stream=io.BytesIO(csv_bytes(rows)))
    return province


def api_kpi(client, by="unit"):
    return client.get(f"/api/v1/dossiers/kpi?from=2025-03-01&to=2025-03-31&by={by}")


def test_api_kpi_shows_each_user_their_own_subtree(data, client_as):
    everyone = {r["unit"] for r in api_kpi(client_as("noivu")).json()}
    assert everyone == {"Sở Tư pháp", "Sở Tài chính"}
    own = api_kpi(client_as("tuphap")).json()
    assert [(r["unit"], r["received"], r["late"]) for r in own] == [("Sở Tư pháp", 1, 1)]
    assert "month" not in own[0]
    assert api_kpi(client_as("tuphap"), by="unit,month").json()[0]["month"] == "2025-03"
    assert api_kpi(client_as("tuphap"), by="year").status_code == 400
    assert Client().get("/api/v1/dossiers/kpi?from=2025-03-01&to=2025-03-31").status_code == 401


def test_api_import_multipart(data, client_as):
    client = client_as("tuphap")
    upload = SimpleUploadedFile("a.csv", csv_bytes([dossier("HS-009", "Sở Tư pháp")]))
    response = client.post("/api/v1/dossiers/imports", {"file": upload, "source": "Phần mềm A"})
    assert response.status_code == 201
    assert response.json()["inserted"] == 1
    foreign = SimpleUploadedFile("b.csv", csv_bytes([dossier("HS-010", "Sở Y tế")]))
    response = client.post("/api/v1/dossiers/imports", {"file": foreign})
    assert response.status_code == 422
    assert response.json()["rejected"][0]["column"] == "Cơ quan giải quyết"
    assert not Dossier.objects.filter(code="HS-010").exists()


def test_service_page_for_the_province_and_for_an_officer(data, client_as):
    page = client_as("lanhdao").get(f"/dich-vu-cong/?{PERIOD}").content.decode()
    assert "Dịch vụ công: Ủy ban nhân dân tỉnh Đồng Nai" in page
    assert "Hồ sơ trễ hạn chưa có phiếu xin lỗi (2)" in page
    officer = client_as("tuphap").get(f"/dich-vu-cong/?{PERIOD}").content.decode()
    assert "Dịch vụ công: Sở Tư pháp" in officer
    assert "Hồ sơ trễ hạn chưa có phiếu xin lỗi (1)" in officer and "HS-002" not in officer


def test_forged_and_foreign_ids_are_404(data, client_as):
    client = client_as("tuphap")
    other = OrgUnit.objects.get(name="Sở Tài chính")
    assert client.get(f"/dich-vu-cong/?don_vi={other.pk}").status_code == 404
    assert client.get(f"/dich-vu-cong/ho-so/?don_vi={other.pk}&chi_so=late").status_code == 404
    assert client.get("/dich-vu-cong/?don_vi=99999999999999999999999").status_code == 404
    assert client.get("/dich-vu-cong/?don_vi=abc").status_code == 404
    assert client.get("/dich-vu-cong/ho-so/?chi_so=khong-co").status_code == 404
    run = ImportRun.objects.create(
        kind=Kind.DOSSIER,
        source=services.source_get(kind=Kind.DOSSIER, name=None),
        filename="x.csv",
        created_by=None,
    )
    assert client.get(f"/dich-vu-cong/nhap-tep/{run.pk}/").status_code == 404


def test_drill_down_lists_the_rows_behind_a_number(data, client_as):
    page = client_as("noivu").get(f"/dich-vu-cong/ho-so/?{PERIOD}&chi_so=late_no_apology")
    html = page.content.decode()
    assert "Hồ sơ trễ hạn chưa có phiếu xin lỗi" in html and "HS-001" in html and "HS-002" in html
    assert "HS-003" not in html


def test_upload_page_reports_rejections_and_maps_unknown_names(data, client_as):
    client = client_as("noivu")
    upload = SimpleUploadedFile(
        "a.csv", csv_bytes([dossier("HS-020", "Bộ phận một cửa Sở Tư pháp")])
    )
    response = client.post("/dich-vu-cong/nhap-tep/", {"kind": "dossier", "file": upload})
    run = ImportRun.objects.latest("pk")
    assert response.status_code == 302
    page = client.get(f"/dich-vu-cong/nhap-tep/{run.pk}/").content.decode()
    assert "Chưa nhập" in page and "Bộ phận một cửa Sở Tư pháp" in page
    stp = OrgUnit.objects.get(name="Sở Tư pháp")
    client.post(f"/dich-vu-cong/nhap-tep/{run.pk}/doi-chieu/", {"don_vi_0": stp.pk})
    assert Dossier.objects.get(code="HS-020").unit == stp


def test_binding_a_target_lights_it(data, client_as):
    client = client_as("noivu")
    root = data
    form = {"kpi": "on_time_rate", "op": ">", "value": "99", "label": ">99% hồ sơ đúng và sớm hạn"}
    client.post(f"/dich-vu-cong/chi-tieu/{root.pk}/", form)
    assert KpiTarget.objects.get().value == 99
    page = client.get(f"/dich-vu-cong/?{PERIOD}").content.decode()
    assert "&gt;99% hồ sơ đúng và sớm hạn" in page and "Chưa đạt" in page
    stp = OrgUnit.objects.get(name="Sở Tư pháp")
    assert client_as("tuphap").post(f"/dich-vu-cong/chi-tieu/{stp.pk}/", form).status_code == 403


def test_dashboard_card_shows_the_last_twelve_months(province, client_as):
    today = timezone.localdate()
    day = f"{today:%d/%m/%Y}"
    rows = [
        dossier("HS-001", received=day, due=day, returned=day),
        dossier("HS-002", received=day, due=day),
    ]
    services.records_import(kind=Kind.DOSSIER, filename="a.csv", stream=io.BytesIO(csv_bytes(rows)))
    html = client_as("lanhdao").get("/tong-quan/").content.decode()
    assert "Dịch vụ công: hồ sơ và phản ánh, kiến nghị" in html
    assert "100,00%" in html  # the one resolved dossier was on time
    assert "Hồ sơ quá hạn chưa giải quyết: <strong>1</strong>" in html
    # the card is cached until the data changes: a later export that returns HS-002 shows at once
    rows[1] = dossier("HS-002", received=day, due=day, returned=day)
    services.records_import(kind=Kind.DOSSIER, filename="b.csv", stream=io.BytesIO(csv_bytes(rows)))
    html = client_as("lanhdao").get("/tong-quan/").content.decode()
    assert "Hồ sơ quá hạn chưa giải quyết: <strong>0</strong>" in html
