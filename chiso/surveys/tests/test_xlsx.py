"""Questionnaires and answers as spreadsheets: export, edit, import as a new version; paper
answers imported all-or-nothing."""

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from chiso.surveys import services, submissions, xlsx
from chiso.surveys.models import Questionnaire, Response

XLSX = xlsx.XLSX_TYPE


def _upload(data: bytes, name="tep.xlsx"):
    return SimpleUploadedFile(name, data, content_type=XLSX)


def test_a_questionnaire_survives_export_and_import_as_a_new_version(questionnaires):
    q = questionnaires["SIPAS-2023"]
    data = xlsx.questionnaire_to_xlsx(services.questionnaire_as_data(q))
    back = xlsx.questionnaire_from_xlsx(data)
    assert back == services.questionnaire_as_data(q) | {"parts": back["parts"]}
    assert back["parts"] == services.questionnaire_as_data(q)["parts"]
    v2 = services.questionnaire_import(data=back)
    assert (v2.code, v2.version, v2.items.count()) == (q.code, 2, q.items.count())
    assert Questionnaire.objects.filter(code=q.code).current().get() == v2


def test_an_edited_questionnaire_is_imported_through_the_page(client_as, questionnaires):
    q = questionnaires["DANH-GIA-QUAY"]
    book = load_workbook(io.BytesIO(xlsx.questionnaire_to_xlsx(services.questionnaire_as_data(q))))
    book["Câu hỏi"]["H2"] = "Ông/bà chấm mấy sao cho cán bộ tiếp nhận hồ sơ?"
    out = io.BytesIO()
    book.save(out)
    client = client_as("noivu")
    response = client.post("/khao-sat/bo-cau-hoi/nhap/", {"file": _upload(out.getvalue())})
    v2 = Questionnaire.objects.get(code=q.code, version=2)
    assert response.url == f"/khao-sat/bo-cau-hoi/{v2.pk}/"
    assert v2.items.get(code="SAO").text == "Ông/bà chấm mấy sao cho cán bộ tiếp nhận hồ sơ?"
    assert q.items.get(code="SAO").text == "Ông/bà chấm mấy sao cho sự phục vụ hôm nay?"


def test_a_broken_questionnaire_file_changes_nothing(client_as, questionnaires):
    client = client_as("noivu")
    before = Questionnaire.objects.count()
    page = client.post("/khao-sat/bo-cau-hoi/nhap/", {"file": _upload(b"not a zip")}, follow=True)
    assert "Tệp Excel bị lỗi" in page.content.decode()
    book = Workbook()
    book.active.append(["Mục", "Nội dung"])
    sheet = book.create_sheet()
    sheet.append(xlsx.ITEM_HEADERS)
    sheet.append(
        ["I", "Phần", "", "1", "Tiêu chí", "", "X1", "Câu", "sao", "", "", "", "", "", "", ""]
    )
    out = io.BytesIO()
    book.save(out)
    page = client.post("/khao-sat/bo-cau-hoi/nhap/", {"file": _upload(out.getvalue())}, follow=True)
    assert "loại câu trả lời “sao” không hợp lệ" in page.content.decode()
    assert Questionnaire.objects.count() == before


def _answers_file(rows) -> bytes:
    book = Workbook()
    book.active.append([*xlsx.FIXED_ANSWER_HEADERS, "SAO", "LYDO", "GOPY"])
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_post_office_answers_are_imported_with_their_dates(client_as, counter_round):
    data = _answers_file(
        [
            ["phường Tân Phong", "Khu phố 1", "03/11/2026", 5, "", ""],
            ["", "", date(2026, 10, 2), 2, "1;3", "Chờ lâu quá"],
        ]
    )
    client = client_as("noivu")
    response = client.post(f"/khao-sat/dot/{counter_round.pk}/nhap-excel/", {"file": _upload(data)})
    assert response.status_code == 302
    rows = list(Response.objects.order_by("month"))
    assert [(r.mode, r.month, r.answers) for r in rows] == [
        ("import", date(2026, 10, 1), {"SAO": 2, "LYDO": [1, 3], "GOPY": "Chờ lâu quá"}),
        ("import", date(2026, 11, 1), {"SAO": 5}),
    ]


def test_one_bad_row_stores_no_row_and_names_the_line(client_as, counter_round):
    data = _answers_file([["", "", "", 5, "", ""], ["", "", "", 9, "", ""]])
    client = client_as("noivu")
    page = client.post(f"/khao-sat/dot/{counter_round.pk}/nhap-excel/", {"file": _upload(data)})
    assert "Dòng 3: Câu SAO: giá trị 9 nằm ngoài thang 1–5." in page.content.decode()
    assert not Response.objects.exists()


def test_exported_answers_and_results_open_in_excel(client_as, counter_round):
    submissions.response_submit(survey=counter_round, answers={"SAO": 2, "LYDO": [2]})
    client = client_as("noivu")
    answers = load_workbook(
        io.BytesIO(client.get(f"/khao-sat/dot/{counter_round.pk}/phieu.xlsx").content)
    )
    rows = list(answers.active.iter_rows(values_only=True))
    assert rows[0][-3:] == ("SAO", "LYDO", "GOPY") and rows[1][-3:] == (2, "2", None)
    results = load_workbook(
        io.BytesIO(client.get(f"/khao-sat/dot/{counter_round.pk}/ket-qua.xlsx").content)
    )
    cells = list(results.active.iter_rows(values_only=True))
    assert cells[1][:5] == ("Toàn bộ", None, counter_round.name, 1, 0)
