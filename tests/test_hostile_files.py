"""Hostile ZIP-based files (Word, Excel, ZIP evidence) are refused before anything expands them.

Each container type goes through the one archive guard: evidence uploads, plan import and the
results spreadsheet import. Bombs are real archives of compressed zeros declaring hundreds of MB.
"""

import io
import zipfile

import docx
import pytest
from openpyxl import Workbook

from chiso.assessment import criteria_sheet
from chiso.core.errors import DomainError
from chiso.core.lib.safezip import UnsafeArchive, ZipLimits, check_archive
from chiso.core.readers import read_document
from chiso.core.uploads import check_upload
from chiso.dossiers.readers import read_rows as read_dossier_rows
from chiso.frameworks.tabular import read_rows
from chiso.importer.errors import DocumentError
from chiso.surveys import xlsx as survey_xlsx

MB = 1024 * 1024


def _docx_bytes(text: str = "Kế hoạch cải cách hành chính") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xlsx_bytes() -> bytes:
    book = Workbook()
    book.active.append(["Mã", "Năm", "Điểm"])
    book.active.append(["PAR", "2024", "88,1"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _with_entry(package: bytes, name: str, size: int, chunk: bytes = b"\0") -> bytes:
    """The package with one more entry of `size` bytes of `chunk`, deflated (a bomb when large)."""
    out = io.BytesIO(package)
    with (
        zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open(name, "w", force_zip64=True) as member,
    ):
        block = chunk * (MB // len(chunk))
        for _ in range(size // MB):
            member.write(block)
        member.write(chunk * ((size % MB) // len(chunk)))
    return out.getvalue()


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.fixture(scope="module")
def docx_bomb() -> bytes:
    return _with_entry(_docx_bytes(), "word/media/image1.bin", 400 * MB)


@pytest.fixture(scope="module")
def xlsx_bomb() -> bytes:
    return _with_entry(_xlsx_bytes(), "xl/media/blob.bin", 400 * MB)


def _upload(data: bytes, name: str):
    return check_upload(io.BytesIO(data), name, len(data), max_mb=20)


def test_a_word_bomb_is_small_on_disk_and_refused_everywhere(docx_bomb):
    assert len(docx_bomb) < 2 * MB  # within every upload limit
    with pytest.raises(UnsafeArchive, match="bị từ chối"):
        _upload(docx_bomb, "minh-chung.docx")
    with pytest.raises(DocumentError, match="bị từ chối"):
        read_document("ke-hoach.docx", docx_bomb)


def test_an_excel_bomb_is_refused_by_the_results_import():
    bomb = _with_entry(_xlsx_bytes(), "xl/media/blob.bin", 400 * MB)
    with pytest.raises(UnsafeArchive, match="bị từ chối"):
        read_rows(bomb, "ket-qua.xlsx", {"code": ("ma",)})
    with pytest.raises(UnsafeArchive):
        _upload(bomb, "bang-diem.xlsx")


def _read_all(reader):
    def read(data: bytes):
        return list(reader(data))

    return read


@pytest.mark.parametrize(
    "reader",
    [
        pytest.param(survey_xlsx.questionnaire_from_xlsx, id="questionnaire"),
        pytest.param(lambda data: survey_xlsx.answers_from_xlsx(data, [], {}), id="answers"),
        pytest.param(
            _read_all(lambda data: read_dossier_rows("hs.xlsx", io.BytesIO(data))), id="dossiers"
        ),
        pytest.param(lambda data: criteria_sheet.read_sheet(data, "tieu-chi.xlsx"), id="criteria"),
    ],
)
def test_an_excel_bomb_is_refused_by_every_later_import(reader, xlsx_bomb):
    with pytest.raises(DomainError, match="bị từ chối"):
        reader(xlsx_bomb)


def test_real_documents_pass_the_guard():
    assert _upload(_docx_bytes(), "bao-cao.docx").extension == ".docx"
    assert _upload(_xlsx_bytes(), "so-lieu.xlsx").extension == ".xlsx"
    evidence = _zip({"bao-cao.pdf": b"%PDF-1.4\n" * 50, "phu-luc.docx": _docx_bytes()})
    assert _upload(evidence, "minh-chung.zip").extension == ".zip"
    assert "Kế hoạch" in read_document("kh.docx", _docx_bytes("Kế hoạch số 1")).text()


@pytest.mark.parametrize(
    ("limits", "entries", "allowed"),
    [
        (ZipLimits(max_entries=3), {"a": b"1", "b": b"2", "c": b"3"}, True),
        (ZipLimits(max_entries=3), {"a": b"1", "b": b"2", "c": b"3", "d": b"4"}, False),
        (ZipLimits(max_total_bytes=1000), {"a": b"x" * 500, "b": b"y" * 500}, True),
        (ZipLimits(max_total_bytes=1000), {"a": b"x" * 500, "b": b"y" * 501}, False),
        (ZipLimits(max_ratio=50, ratio_floor_bytes=1000), {"a": b"\0" * 999}, True),
        (ZipLimits(max_ratio=50, ratio_floor_bytes=1000), {"a": b"\0" * 5000}, False),
    ],
)
def test_limits_hold_exactly_at_their_boundary(limits, entries, allowed):
    data = _zip(entries)
    if allowed:
        assert len(check_archive(data, limits=limits)) == len(entries)
    else:
        with pytest.raises(UnsafeArchive):
            check_archive(data, limits=limits)


def test_nested_archives_are_refused_but_office_documents_inside_evidence_are_not():
    inner = _zip({"x.txt": b"x"})
    for name in ("ho-so.zip", "anh.png"):  # by name, or a ZIP hidden under another name
        with pytest.raises(UnsafeArchive, match="lồng"):
            _upload(_zip({name: inner, "a.pdf": b"%PDF-1.4"}), "minh-chung.zip")


def test_duplicate_and_escaping_names_are_refused():
    duplicated = io.BytesIO()
    with zipfile.ZipFile(duplicated, "w") as archive:
        archive.writestr("word/document.xml", b"<a/>")
        with pytest.warns(UserWarning):
            archive.writestr("word/document.xml", b"<b/>")
    with pytest.raises(UnsafeArchive, match="trùng tên"):
        check_archive(duplicated.getvalue())
    with pytest.raises(UnsafeArchive, match="đường dẫn"):
        check_archive(_zip({"../../etc/cron.d/x": b"x"}))


def test_a_corrupt_zip_gets_a_clear_message_and_is_not_stored():
    data = _docx_bytes()[:3000]
    with pytest.raises(UnsafeArchive, match="bị hỏng"):
        _upload(data, "hong.docx")


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 9)
    )
    + "]>"
)


def test_entity_expansion_in_excel_is_refused():
    """defusedxml (which openpyxl uses when installed) refuses DTD entities outright."""
    package = io.BytesIO(_xlsx_bytes())
    with zipfile.ZipFile(package) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    parts["xl/worksheets/sheet1.xml"] = (
        LAUGHS.replace("&lol0;", "&lol;")
        + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol8;</t></is></c></row>'
        + "</sheetData></worksheet>"
    ).encode()
    with pytest.raises(DomainError):
        read_rows(_zip(parts), "ket-qua.xlsx", {"code": ("ma",)})


def test_external_entities_in_word_are_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("MAT-KHAU-BI-MAT")
    package = io.BytesIO(_docx_bytes("Đoạn văn"))
    with zipfile.ZipFile(package) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    body = parts["word/document.xml"].decode()
    parts["word/document.xml"] = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
        + body.split("?>", 1)[1].replace("Đoạn văn", "&x;")
    ).encode()
    try:
        text = read_document("ke-hoach.docx", _zip(parts)).text()
    except DocumentError:
        return  # refused outright is as good as not resolved
    assert "MAT-KHAU-BI-MAT" not in text
