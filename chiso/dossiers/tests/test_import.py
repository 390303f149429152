"""Import mechanics on the real database: encodings, headers, dates, idempotence, bad rows."""

import io
import zipfile
from datetime import datetime

import pytest
from openpyxl import Workbook

from chiso.core.errors import DomainError
from chiso.dossiers import services
from chiso.dossiers.models import Dossier, DossierMonthly, Feedback, Kind, Outcome, Procedure
from chiso.dossiers.selectors import Period, dossier_kpi
from chiso.dossiers.tests.helpers import FEEDBACK_HEADERS, HEADERS, csv_bytes, dossier
from chiso.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db

MARCH = Period(202503, 202503)


def run(data: bytes, name="ho-so.csv", **kw):
    return services.records_import(kind=kw.pop("kind", Kind.DOSSIER), filename=name,
                                   stream=io.BytesIO(data), **kw)  # fmt: skip


def test_csv_with_bom_imports_and_feeds_the_kpis(province):
    data = csv_bytes([dossier(returned="09/03/2025 16:00"), dossier("H2", returned="")])
    report = run(data)
    assert report.as_json() == {
        "rows": 2,
        "inserted": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": [],
    }
    d = Dossier.objects.get(code="H1")
    assert d.unit.name == "Sở Tư pháp" and d.outcome == Outcome.EARLY and d.paid_online is True
    row = dossier_kpi(period=MARCH)[0]
    assert (row["unit"], row["received"], row["resolved"], row["early"]) == ("Sở Tư pháp", 2, 1, 1)


def test_utf8_without_bom_semicolons_and_other_spellings(province):
    headers = ["MÃ HỒ SƠ", "Mã TTHC", "Thủ tục", "Lĩnh vực", "Đơn vị giải quyết", "Ngày nhận"]
    headers += ["Hạn giải quyết", "Ngày trả", "Kênh nộp", "Số hoá", "Thanh toán online", "Xin lỗi"]
    rows = [dossier(received="2025-03-03", due="2025-03-10T17:00:00", returned="10/03/2025")]
    report = run(csv_bytes(rows, headers, bom=False, delimiter=";"))
    assert report.inserted == 1 and not report.rejected
    assert Dossier.objects.get().outcome == Outcome.ON_TIME


def test_xlsx_export_with_real_dates(province):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    row = dossier()
    row[5], row[6], row[7] = (
        datetime(2025, 3, 3, 8, 30),
        datetime(2025, 3, 10),
        datetime(2025, 3, 12),
    )
    sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    report = run(buf.getvalue(), name="ho-so.xlsx")
    assert report.inserted == 1
    assert Dossier.objects.get().outcome == Outcome.LATE


def test_same_file_twice_changes_nothing(province):
    data = csv_bytes([dossier(), dossier("H2", returned="05/03/2025")])
    run(data)
    rollup_before = list(DossierMonthly.objects.values_list("month", "received", "resolved"))
    again = run(data)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 2)
    assert Dossier.objects.count() == 2
    assert (
        list(DossierMonthly.objects.values_list("month", "received", "resolved")) == rollup_before
    )


def test_later_export_updates_a_pending_dossier_and_its_rollup(province):
    run(csv_bytes([dossier(returned="")]))
    assert dossier_kpi(period=MARCH)[0]["resolved"] == 0
    report = run(csv_bytes([dossier(returned="12/03/2025", apology="Có")]))
    assert (report.inserted, report.updated) == (0, 1)
    row = dossier_kpi(period=MARCH)[0]
    assert (row["resolved"], row["late"], row["late_apology"]) == (1, 1, 1)


def test_moving_a_dossier_to_another_unit_recomputes_both_units(province):
    run(csv_bytes([dossier()]))
    run(csv_bytes([dossier(unit="Sở Tài chính")]))
    rows = {r["unit"]: r["received"] for r in dossier_kpi(period=MARCH, by=("unit",))}
    assert rows == {"Sở Tài chính": 1}


def test_bad_rows_are_listed_and_nothing_is_written(province):
    rows = [
        dossier("H1"),
        dossier("H2", received="31/02/2025"),
        dossier("H3", channel="Fax"),
        dossier("H4", unit="Sở Không Tồn Tại"),
        dossier("H5", returned="01/03/2025"),
        dossier("H1"),
        dossier("", digitised="Có lẽ"),
    ]
    report = run(csv_bytes(rows))
    assert not report.written
    assert (
        Dossier.objects.count() == DossierMonthly.objects.count() == Procedure.objects.count() == 0
    )
    got = {(r["row"], r["column"]) for r in report.rejected}
    assert got == {
        (3, "Ngày tiếp nhận"),
        (4, "Hình thức nộp"),
        (5, "Cơ quan giải quyết"),
        (6, "Ngày trả kết quả"),
        (7, "Mã hồ sơ"),
        (8, "Mã hồ sơ"),
        (8, "Số hóa"),
    }
    messages = " ".join(r["message"] for r in report.rejected)
    assert "không hợp lệ" in messages and "Sở Không Tồn Tại" in messages
    assert report.unknown_units == ["Sở Không Tồn Tại"]


def test_skip_invalid_imports_the_good_rows_and_returns_the_bad_ones(province):
    rows = [dossier("H1"), dossier("H2", due="01/01/2025"), dossier("H3")]
    report = run(csv_bytes(rows), skip_invalid=True)
    assert report.written and report.inserted == 2
    assert set(Dossier.objects.values_list("code", flat=True)) == {"H1", "H3"}
    content = services.rejected_csv(report).decode("utf-8-sig").splitlines()
    assert content[0].startswith("Dòng,Lý do,Mã hồ sơ")
    assert content[1].startswith("3,Hạn trả trước ngày tiếp nhận.,H2")


def test_missing_required_column_rejects_the_file(province):
    report = run(csv_bytes([dossier()[:4]], HEADERS[:4]))
    assert not report.written
    assert {r["column"] for r in report.rejected} >= {"Cơ quan giải quyết", "Ngày tiếp nhận"}
    assert all(r["row"] == 1 for r in report.rejected)


def test_remembered_header_mapping_per_source(province, persona):
    headers = ["Số biên nhận", *HEADERS[1:]]
    assert not run(csv_bytes([dossier()], headers), source_name="Phần mềm A").written
    source = services.source_get(kind=Kind.DOSSIER, name="Phần mềm A")
    services.source_map_headers(
        source=source, mapping={"Số biên nhận": "code"}, by=persona("noivu")
    )
    assert run(csv_bytes([dossier()], headers), source_name="Phần mềm A").inserted == 1
    assert not run(csv_bytes([dossier()], headers), source_name="Phần mềm B").written


def test_unit_aliases_and_remembered_names(province, persona):
    assert run(csv_bytes([dossier(unit="Sở TT&TT")])).inserted == 1
    assert Dossier.objects.get().unit.name == "Sở Thông tin và Truyền thông"
    assert not run(csv_bytes([dossier("H2", unit="Bộ phận một cửa STP")])).written
    stp = OrgUnit.objects.get(name="Sở Tư pháp")
    services.unit_name_map(name="Bộ phận một cửa STP", unit=stp, by=persona("noivu"))
    assert run(csv_bytes([dossier("H2", unit="Bộ phận một cửa STP")])).inserted == 1


def test_officer_imports_only_rows_of_their_own_unit(province, persona):
    rows = [dossier("H1"), dossier("H2", unit="Sở Tài chính")]
    report = run(csv_bytes(rows), by=persona("tuphap"))
    assert not report.written
    assert report.rejected == [
        {
            "row": 3,
            "column": "Cơ quan giải quyết",
            "message": "Đơn vị “Sở Tài chính” nằm ngoài phạm vi bạn được nhập số liệu.",
        }  # fmt: skip
    ]


def test_corrupt_and_foreign_files_get_a_clear_message(province):
    with pytest.raises(DomainError, match="UTF-8"):
        run("Mã hồ sơ,Mã thủ tục\nH1,é\n".encode("utf-16"))
    with pytest.raises(DomainError, match="Excel"):
        run(b"not a zip", name="x.xlsx")
    with pytest.raises(DomainError, match=".csv hoặc .xlsx"):
        run(b"x", name="x.pdf")
    assert run(b"").rejected[0]["message"] == "Tệp không có dữ liệu."


def test_feedback_import_and_hand_entry(province, persona):
    rows = [
        ["PA1", "Sở Tư pháp", "01/03/2025", "10/03/2025", "05/03/2025", "Cổng DVC", "Có", "Không"],
        ["PA2", "Sở Tư pháp", "02/03/2025", "10/03/2025", "", "Đường dây nóng", "Không", ""],
    ]
    data = csv_bytes(rows, FEEDBACK_HEADERS)
    assert run(data, kind=Kind.FEEDBACK).inserted == 2
    assert run(data, kind=Kind.FEEDBACK).unchanged == 2
    stp = OrgUnit.objects.get(name="Sở Tư pháp")
    values = {
        "code": "NT-1",
        "received": "03/03/2025",
        "due": "13/03/2025",
        "handled": "14/03/2025",
    }
    services.record_enter(kind=Kind.FEEDBACK, unit=stp, values=values, by=persona("tuphap"))
    handed = Feedback.objects.get(code="NT-1")
    assert (
        handed.unit == stp
        and handed.outcome == Outcome.LATE
        and handed.source.name == "Nhập trực tiếp"
    )


def test_a_decompression_bomb_is_refused_before_opening(province):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 1024 * 1024))
    with pytest.raises(DomainError, match="tệp Excel"):
        run(buf.getvalue(), name="bom.xlsx")
    assert Dossier.objects.count() == 0
