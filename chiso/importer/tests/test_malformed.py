"""Malformed and hostile documents end in a clean Vietnamese "cannot read" message, quickly.

Each case once answered 500 in the web import and the API, and a traceback in the CLI; the
mutation fuzz tests run every reader on damaged copies of valid documents (small budget, CI).
"""

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chiso.core.readers import MAX_TEXT_CHARS
from chiso.importer.cli_json import parse_file
from chiso.importer.errors import DocumentError, TooComplex
from chiso.importer.tests.test_readers import _pdf_bytes
from tests.builders import DONG_NAI, plan_docx, seed

HTML_PLAN = (
    "<html><body><p>Số: 5/KH-UBND</p><p>KẾ HOẠCH</p><table>"
    "<tr><th>STT</th><th>Nội dung nhiệm vụ</th><th>Đơn vị chủ trì</th><th>Thời hạn</th></tr>"
    "<tr><td>1</td><td>Rà soát thủ tục hành chính</td><td>Sở Tư pháp</td><td>Quý II/2024</td></tr>"
    "<tr><td>2</td><td>Công khai ngân sách</td><td>Sở Tài chính</td><td>Thường xuyên</td></tr>"
    "</table></body></html>"
).encode()
TXT_PLAN = seed(DONG_NAI)[:20_000]


def _message(name: str, data: bytes) -> str:
    with pytest.raises(DocumentError) as caught:
        parse_file(name, data)
    return caught.value.message


def test_deeply_nested_html_is_refused_with_a_message():
    data = b"<div>" * 5000 + b"x" + b"</div>" * 5000
    assert "quá phức tạp" in _message("a.html", data)


def test_nested_tables_are_refused_in_linear_time():
    unit = b"<table><tr><td>Nhiem vu<td>So Noi vu<td>"
    with pytest.raises(TooComplex):
        parse_file("a.html", unit * (138_000 // len(unit)))


def test_docx_with_a_duplicate_document_part_is_unreadable():
    src = zipfile.ZipFile(io.BytesIO(plan_docx()))
    out = io.BytesIO()
    with pytest.warns(UserWarning), zipfile.ZipFile(out, "w") as archive:
        for info in src.infolist():
            archive.writestr(info, src.read(info.filename))
        archive.writestr("word/document.xml", b"<garbage/>")
    with pytest.raises(DocumentError, match="trùng tên"):  # the archive guard names the part
        parse_file("a.docx", out.getvalue())


def test_vertical_merge_continuation_in_the_first_row_is_read():
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    word = docx.Document(io.BytesIO(plan_docx()))
    first = word.tables[0]._tbl.tr_lst[0].tc_lst[0]
    merge = OxmlElement("w:vMerge")
    merge.set(qn("w:val"), "continue")
    first.get_or_add_tcPr().append(merge)
    buffer = io.BytesIO()
    word.save(buffer)
    draft = parse_file("a.docx", buffer.getvalue())
    assert len(draft["tasks"]) == 3


def test_an_error_while_closing_a_pdf_does_not_escape(monkeypatch):
    import pdfplumber

    def broken_close(self):
        raise ValueError("corrupt xref while closing")

    monkeypatch.setattr(pdfplumber.PDF, "close", broken_close)  # the library, not our code
    draft = parse_file("a.pdf", _pdf_bytes())
    assert draft["tasks"]


def test_a_text_beyond_the_bound_ends_with_a_clear_message():
    data = (TXT_PLAN + b"\n") * (2 * MAX_TEXT_CHARS // len(TXT_PLAN))
    assert "quá dài" in _message("a.txt", data)


def _check(name: str, data: bytes) -> None:
    try:
        draft = parse_file(name, data)
    except DocumentError as err:
        assert err.message
        return
    assert isinstance(draft["tasks"], list)


MUTATION = st.lists(
    st.tuples(
        st.sampled_from(["flip", "insert", "delete", "cut"]),
        st.integers(0, 2**31),
        st.binary(min_size=1, max_size=8),
    ),
    min_size=1,
    max_size=6,
)


def _mutate(data: bytes, steps) -> bytes:
    buf = bytearray(data)
    for kind, where, chunk in steps:
        at = where % max(len(buf), 1)
        if kind == "flip" and buf:
            buf[at] ^= chunk[0] or 1
        elif kind == "insert":
            buf[at:at] = chunk
        elif kind == "delete":
            del buf[at : at + len(chunk) * 64]
        elif kind == "cut":
            del buf[at:]
    return bytes(buf)


def _rezip(data: bytes, part: str, steps) -> bytes:
    """The .docx with one XML part damaged, so the damage gets past the ZIP layer."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in src.infolist():
            body = src.read(info.filename)
            archive.writestr(info, _mutate(body, steps) if info.filename == part else body)
    return out.getvalue()


SAMPLES = {"docx": plan_docx(), "pdf": _pdf_bytes(), "html": HTML_PLAN, "txt": TXT_PLAN}
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.sampled_from(sorted(SAMPLES)), MUTATION)
def test_damaged_bytes_of_every_format(kind, steps):
    _check(f"a.{kind}", _mutate(SAMPLES[kind], steps))


@FUZZ
@given(st.sampled_from(["word/document.xml", "[Content_Types].xml", "word/styles.xml"]), MUTATION)
def test_damaged_parts_of_a_docx(part, steps):
    _check("a.docx", _rezip(SAMPLES["docx"], part, steps))


@FUZZ
@given(st.integers(1, 400), st.sampled_from(["div", "table", "td", "p", "span"]))
def test_html_nesting_of_any_depth(depth, tag):
    _check("a.html", f"<{tag}>".encode() * depth + HTML_PLAN + f"</{tag}>".encode() * depth)


@pytest.mark.django_db
def test_web_import_and_cli_show_the_message(client_as, province, tmp_path, capsys):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.urls import reverse

    from chiso.importer.models import ImportJob

    nested = b"<div>" * 5000 + b"x" + b"</div>" * 5000
    response = client_as("noivu").post(
        reverse("importer:upload"),
        {"file": SimpleUploadedFile("a.html", nested), "owner_unit": province.pk},
    )
    assert response.status_code == 200 and "quá phức tạp" in response.content.decode()
    assert not ImportJob.objects.exists()
    path = tmp_path / "a.html"
    path.write_bytes(nested)
    with pytest.raises(SystemExit) as exited:
        call_command("import_plan", str(path), "--json")
    assert exited.value.code == 1 and "quá phức tạp" in capsys.readouterr().err
