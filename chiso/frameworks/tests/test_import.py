"""Results and targets imported from xlsx/csv: validated first, all rows or none."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from chiso.core.errors import DomainError
from chiso.frameworks.models import Result, Target
from chiso.frameworks.services import ImportRejected, results_import

HEADER = ["Mã thành phần", "Năm", "Loại", "Giá trị", "Xếp hạng", "Trên tổng số"]


def xlsx(rows, title=True) -> bytes:
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append(["Mẫu nhập kết quả PCI"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(data, frameworks, province, name="kq.xlsx"):
    return results_import(data=data, filename=name, unit=province, framework=frameworks["PCI"])


def test_a_valid_sheet_writes_results_and_targets(frameworks, province):
    rows = [["PCI.1", 2024, "Kết quả", 7.1, 12, 63], ["PCI.1", 2026, "Mục tiêu", 7.5, None, None]]
    counts = run(xlsx(rows), frameworks, province)
    assert counts == {"results": 1, "targets": 1}
    result = Result.objects.get(component__code="PCI.1", year=2024)
    assert (result.score, result.rank, result.rank_of) == (Decimal("7.1"), 12, 63)
    assert Target.objects.get(component__code="PCI.1").value == Decimal("7.5")


def test_unknown_component_and_score_above_max_reject_the_whole_file(frameworks, province):
    rows = [
        ["PCI.1", 2024, "Kết quả", 7.1],
        ["PCI.11", 2024, "Kết quả", 5],
        ["PCI.2", 2024, "", 12],
    ]
    with pytest.raises(ImportRejected) as err:
        run(xlsx(rows), frameworks, province)
    assert err.value.errors == [
        "Dòng 4: không có thành phần mã “PCI.11” trong bộ chỉ số PCI",
        "Dòng 5: Điểm 12 vượt điểm tối đa 10 của “Tiếp cận đất đai”.",
    ]
    assert not Result.objects.exists()  # the valid first row was not written either


def test_rank_above_its_total_is_rejected(frameworks, province):
    with pytest.raises(ImportRejected, match="Hạng 70 lớn hơn tổng số 63"):
        run(xlsx([["PCI.3", 2024, "Kết quả", 6, 70, 63]]), frameworks, province)


def test_csv_with_semicolons_and_decimal_commas(frameworks, province):
    data = "Mã;Năm;Giá trị\nPCI.4;2024;7,75\nTỔNG;2024;66,2\n".encode()
    assert run(data, frameworks, province, "kq.csv") == {"results": 2, "targets": 0}
    assert Result.objects.get(component__isnull=True).score == Decimal("66.2")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"not a zip", "kq.xlsx", "Tệp Excel bị lỗi"),
        (b"x", "kq.pdf", "Chỉ nhận tệp .xlsx hoặc .csv"),
        ("Tên;Điểm\nA;1\n".encode(), "kq.csv", "Thiếu cột"),
        (b"\xff\xfe\x00bad", "kq.csv", "UTF-8"),
        (b"a" * (2 * 1024 * 1024 + 1), "kq.csv", "quá lớn"),
    ],
)
def test_bad_files_get_a_clear_message_and_write_nothing(frameworks, province, data, name, message):
    with pytest.raises(DomainError, match=message):
        run(data, frameworks, province, name)
    assert not Result.objects.exists()


def test_import_page_reports_errors_and_keeps_data(frameworks, province, client_as):
    from django.urls import reverse

    client = client_as("noivu")
    url = reverse("frameworks:results_import", args=[frameworks["PCI"].pk])
    bad = io.BytesIO(xlsx([["PCI.1", 2024, "Kết quả", 70]]))
    bad.name = "kq.xlsx"
    response = client.post(url, {"file": bad, "don_vi": province.pk}, follow=True)
    assert "vượt điểm tối đa" in response.content.decode()
    assert "Chưa ghi dữ liệu nào" in response.content.decode()
    assert not Result.objects.exists()
    good = io.BytesIO(xlsx([["PCI.1", 2024, "Kết quả", 7]]))
    good.name = "kq.xlsx"
    response = client.post(url, {"file": good, "don_vi": province.pk}, follow=True)
    assert "Đã nhập 1 kết quả và 0 mục tiêu" in response.content.decode()


def test_officers_cannot_import_results(frameworks, province, client_as):
    from django.urls import reverse

    url = reverse("frameworks:results_import", args=[frameworks["PCI"].pk])
    good = io.BytesIO(xlsx([["PCI.1", 2024, "Kết quả", 7]]))
    good.name = "kq.xlsx"
    assert client_as("tuphap").post(url, {"file": good, "don_vi": province.pk}).status_code in (
        403,
        404,
    )
    assert not Result.objects.exists()
