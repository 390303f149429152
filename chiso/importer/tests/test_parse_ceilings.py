"""A document whose reading breaks the time or memory ceiling is refused as unreadable.

The ceilings (IMPORT_PARSE_SECONDS, IMPORT_PARSE_MEMORY_MB) are set tiny here; the documents are
built so that reading them needs far more than that: hundreds of PDF pages, a Word table of
thousands of rows.
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chiso.importer import services
from chiso.importer.errors import ParseLimit
from chiso.importer.models import ImportJob, JobState
from tests.builders import plan_docx

pytestmark = pytest.mark.django_db


def many_pages_pdf(pages: int = 400) -> bytes:
    """A PDF of `pages` pages of text, written directly (one content stream per page)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for page in range(pages):
        lines = "".join(
            f"BT /F1 9 Tf 40 {800 - 12 * line} Td (Trang {page + 1} dong {line + 1}: nhiem vu "
            f"cai cach hanh chinh so {page * 60 + line}) Tj ET\n"
            for line in range(60)
        ).encode()
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(lines), lines))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 "
            b"3 0 R >> >> /Contents %d 0 R >>" % (len(objects))
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), pages)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def long_docx(paragraphs: int = 3000) -> bytes:
    """The demo plan followed by many paragraphs of running text (several MB of XML)."""
    text = "".join(
        f"<w:p><w:r><w:t>{i}. Tiếp tục rà soát, đơn giản hóa thủ tục hành chính nội bộ số "
        f"{i * 7919 % 100003}.</w:t></w:r></w:p>"
        for i in range(paragraphs)
    )
    source = zipfile.ZipFile(io.BytesIO(plan_docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "word/document.xml":
                data = data.replace(b"<w:sectPr", text.encode() + b"<w:sectPr", 1)
            target.writestr(entry, data)
    return buffer.getvalue()


def _media_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_pdf_too_slow_to_read_fails_its_job_in_the_worker(
    persona, province, task_queue, settings
):
    settings.IMPORT_PARSE_SECONDS = 0.5
    job = services.import_start(
        user=persona("noivu"),
        filename="ke-hoach-400-trang.pdf",
        data=many_pages_pdf(),
        owner_unit=province,
        background=True,
    )
    assert job.state == JobState.PARSING and job.file
    assert task_queue.run() == 1
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error_message == ParseLimit.TIME
    assert not job.file and _media_files(settings) == []


def test_a_document_too_big_to_read_is_refused_in_the_request(client_as, province, settings):
    settings.IMPORT_PARSE_MEMORY_MB = 1
    response = client_as("noivu").post(
        reverse("importer:upload"),
        {
            "file": SimpleUploadedFile("ke-hoach-dai.docx", long_docx()),
            "owner_unit": province.pk,
        },
    )
    assert response.status_code == 200
    assert "Không đọc được tài liệu này" in response.text
    assert "bộ nhớ" in response.text
    assert ImportJob.objects.count() == 0 and _media_files(settings) == []


def test_the_same_document_reads_under_the_default_ceilings(persona, province):
    job = services.import_start(
        user=persona("noivu"), filename="ke-hoach-dai.docx", data=long_docx(), owner_unit=province
    )
    assert job.state == JobState.READY
    plain = services.parse_bounded("ke-hoach.docx", plan_docx())
    assert job.draft["tasks"] == plain["tasks"]
