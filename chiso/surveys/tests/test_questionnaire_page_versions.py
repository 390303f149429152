"""Editors uploading an edited questionnaire from its page: the upload carries the newest version
the page showed, so of two editors who started from the same version one is stored and the other
is told who saved first and when, with nothing of theirs written."""

import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from chiso.core.errors import ConflictError
from chiso.surveys import services, xlsx
from chiso.surveys.models import Questionnaire
from tests.races import race, writer_count

CODE = "DANH-GIA-QUAY"
IMPORT_URL = "/khao-sat/bo-cau-hoi/nhap/"


def _edited(q: Questionnaire, title: str) -> SimpleUploadedFile:
    book = load_workbook(io.BytesIO(xlsx.questionnaire_to_xlsx(services.questionnaire_as_data(q))))
    sheet = book["Thông tin"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "Tên phiếu":
            row[1].value = title
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("sua.xlsx", out.getvalue(), content_type=xlsx.XLSX_TYPE)


def _form_fields(page) -> tuple[str, str]:
    html = page.content.decode()
    assert f'name="code" value="{CODE}"' in html
    start = html.index('name="based_on" value="') + len('name="based_on" value="')
    return CODE, html[start : html.index('"', start)]


def test_the_second_editor_from_the_same_version_is_told_who_saved_first(
    questionnaires, client_as, persona
):
    noivu = persona("noivu")
    noivu.first_name, noivu.last_name = "Lan", "Trần Thị"
    noivu.save()
    q = questionnaires[CODE]
    page_url = reverse("surveys:questionnaire", args=[q.pk])
    first, second = client_as("noivu"), client_as("noivu")
    code, based_on = _form_fields(first.get(page_url))
    assert _form_fields(second.get(page_url)) == (code, based_on) and based_on == str(q.version)

    fields = {"code": code, "based_on": based_on}
    saved = first.post(IMPORT_URL, {**fields, "file": _edited(q, "Bản của người thứ nhất")})
    new = Questionnaire.objects.get(code=CODE, version=q.version + 1)
    assert saved.url == reverse("surveys:questionnaire", args=[new.pk])

    late = second.post(
        IMPORT_URL, {**fields, "file": _edited(q, "Bản của người thứ hai")}, follow=True
    )
    html = late.content.decode()
    assert f"Bộ câu hỏi {CODE} đã được Lan Trần Thị lưu phiên bản mới lúc" in html
    assert "tải lại trang và thử lại" in html
    assert not Questionnaire.objects.filter(title="Bản của người thứ hai").exists()
    assert Questionnaire.objects.filter(code=CODE).count() == 2

    # reloaded, the page carries the new version and the same file goes through
    _, based_on = _form_fields(second.get(page_url))
    assert based_on == str(new.version)
    again = {"code": code, "based_on": based_on, "file": _edited(q, "Bản của người thứ hai")}
    second.post(IMPORT_URL, again)
    assert Questionnaire.objects.get(code=CODE, version=new.version + 1).title == (
        "Bản của người thứ hai"
    )


def test_a_file_of_another_questionnaire_is_refused_on_this_page(questionnaires, client_as):
    q, other = questionnaires[CODE], questionnaires["SIPAS-2023"]
    before = Questionnaire.objects.count()
    fields = {"code": CODE, "based_on": str(q.version), "file": _edited(other, "Nhầm tệp")}
    page = client_as("noivu").post(IMPORT_URL, fields, follow=True)
    assert "không phải “DANH-GIA-QUAY”" in page.content.decode()
    assert Questionnaire.objects.count() == before


@pytest.mark.django_db(transaction=True)
def test_simultaneous_uploads_from_the_page_store_one_version(questionnaires, client_as):
    q = questionnaires[CODE]
    count = writer_count()

    def load(i):
        client = client_as("noivu")
        client.get(reverse("surveys:questionnaire", args=[q.pk]))
        return client, _edited(q, f"Bản sửa số {i}")

    def upload(i, loaded):
        client, file = loaded
        response = client.post(IMPORT_URL, {"code": CODE, "based_on": str(q.version), "file": file})
        errors = [m.message for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
        if errors:
            raise ConflictError(errors[0])

    winners, conflicts, errors = race(count, load, upload)
    assert errors == [] and len(winners) == 1 and len(conflicts) == count - 1
    assert all("lưu phiên bản mới lúc" in message for message in conflicts)
    (winner,) = winners
    (new,) = Questionnaire.objects.filter(code=CODE, version__gt=q.version)
    assert new.title == f"Bản sửa số {winner}"
