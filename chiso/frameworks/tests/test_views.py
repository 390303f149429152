"""Framework pages: who sees, who edits, and the numbers people read."""

from decimal import Decimal

from django.urls import reverse

from chiso.frameworks.models import Framework, Result


def test_everyone_signed_in_sees_the_frameworks_and_their_rules(dong_nai, client_as):
    html = client_as("tuphap").get(reverse("frameworks:list")).content.decode()
    assert "876/QĐ-BNV (2022–2030)" in html and "1149/QĐ-BNV (2020–2021)" in html
    pci = Framework.objects.get(code="PCI")
    detail = client_as("tuphap").get(reverse("frameworks:detail", args=[pci.pk])).content.decode()
    assert "Bình quân gia quyền theo trọng số" in detail and "20%" in detail
    assert "Sửa" not in detail  # officers cannot edit


def test_unconfirmed_numbers_are_marked_and_editable_by_the_coordinator(dong_nai, client_as):
    par = Framework.objects.get(code="PAR_INDEX_PROVINCE", version_label__startswith="876")
    html = client_as("noivu").get(reverse("frameworks:detail", args=[par.pk])).content.decode()
    assert "chưa đối chiếu" in html and "đã đối chiếu" in html and "Sửa" in html


def test_results_page_lists_the_unit_results_and_the_entry_form(dong_nai, client_as):
    pci = Framework.objects.get(code="PCI")
    url = reverse("frameworks:results", args=[pci.pk])
    html = client_as("noivu").get(url, {"don_vi": dong_nai.pk}).content.decode()
    assert "Tính minh bạch" in html and "66.28" in html.replace(",", ".")
    assert "Nhập từ tệp Excel" in html
    leader = client_as("lanhdao").get(url, {"don_vi": dong_nai.pk}).content.decode()
    assert "Nhập từ tệp Excel" not in leader


def test_entry_form_rejects_a_score_above_the_maximum(dong_nai, client_as):
    pci = Framework.objects.get(code="PCI")
    comp = pci.components.get(code="PCI.3")
    url = reverse("frameworks:results", args=[pci.pk]) + f"?don_vi={dong_nai.pk}"
    data = {
        "kind": "result",
        "component": comp.pk,
        "year": 2024,
        "value": "12",
        "source": "published",
    }
    response = client_as("noivu").post(url, data)
    assert "vượt điểm tối đa 10" in response.content.decode()
    assert not Result.objects.filter(year=2024).exists()
    data["value"] = "6.9"
    assert client_as("noivu").post(url, data).status_code == 302
    assert Result.objects.get(year=2024, component=comp).score == Decimal("6.9")


def test_template_download_lists_every_component(frameworks, client_as):
    from io import BytesIO

    from openpyxl import load_workbook

    pci = frameworks["PCI"]
    response = client_as("noivu").get(reverse("frameworks:template", args=[pci.pk]))
    sheet = load_workbook(BytesIO(response.content)).active
    codes = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert codes == ["TỔNG", *[f"PCI.{i}" for i in range(1, 11)]]


def test_forged_ids_are_not_found(frameworks, client_as):
    client = client_as("noivu")
    assert client.get(reverse("frameworks:detail", args=[999999])).status_code == 404
    assert client.get(reverse("frameworks:component_edit", args=[999999])).status_code == 404
    assert (
        client.post(reverse("frameworks:row_delete", args=["ket-qua", 999999])).status_code == 404
    )
