"""Bad documents: a clear Vietnamese message and nothing written (no job, no file, no plan)."""

import pytest

from chiso.core.readers import MAX_BYTES
from chiso.importer import services
from chiso.importer.errors import DocumentError
from chiso.importer.models import ImportJob
from chiso.plans.models import Plan

pytestmark = pytest.mark.django_db


def _encrypted_pdf() -> bytes:
    import fpdf

    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.cell(text="Ke hoach so 1")
    pdf.set_encryption(owner_password="chu", user_password="mat-khau")
    return bytes(pdf.output())


BAD = {
    "empty": ("trong.txt", b"", "Tài liệu trống"),
    "blank": ("trong.txt", b"  \n\t ", "Tài liệu trống"),
    "binary": ("anh.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "không được hỗ trợ"),
    "encrypted": ("mat.pdf", None, "mật khẩu"),
    "no tables": ("thu.txt", "Kính gửi các đồng chí. Xin cảm ơn.".encode(), "Không tìm thấy"),
    "too large": ("lon.txt", b"a" * (MAX_BYTES + 1), "quá lớn"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_document_writes_nothing(case, persona, province, settings):
    filename, data, words = BAD[case]
    if data is None:
        data = _encrypted_pdf()
    with pytest.raises(DocumentError) as exc:
        services.import_start(
            user=persona("noivu"), filename=filename, data=data, owner_unit=province
        )
    assert words in exc.value.message
    assert not ImportJob.objects.exists() and not Plan.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_200_mb_is_refused_from_its_size_alone():
    with pytest.raises(DocumentError) as exc:
        services.check_upload_size(200 * 1024 * 1024)
    assert exc.value.message == "Tệp quá lớn (tối đa 20 MB)."
