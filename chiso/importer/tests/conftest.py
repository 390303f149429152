"""Fixtures of the importer's database tests: seed documents, owner units, a small .docx plan."""

import io
from pathlib import Path

import pytest

from chiso.orgs.models import OrgUnit

SEED_DIR = Path(__file__).resolve().parents[3] / "data" / "seeds"
DONG_NAI = "dong-nai-2024-336-par-sipas-papi-pci.txt"
TUY_PHUOC = "tuy-phuoc-2023-par-sipas.txt"
DONG_HOA = "dong-hoa-2021-papi.txt"
TUY_PHONG = "tuy-phong-2023-146-ocr-no-diacritics.txt"

PLAN_HEADER = ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Phối hợp", "Sản phẩm", "Thời hạn"]
PLAN_ROWS = [
    ["I", "Chỉ số hài lòng (SIPAS)", "", "", "", ""],
    [
        "1",
        "Khảo sát sự hài lòng của người dân",
        "Sở Nội vụ",
        "Sở Tư pháp",
        "Báo cáo",
        "Quý III/2024",
    ],
    ["2", "Niêm yết công khai thủ tục hành chính", "Hội Nông dân tỉnh", "", "Bảng", "Thường xuyên"],
    ["3", "Tổ chức đối thoại với doanh nghiệp", "Sở Tư pháp", "", "Hội nghị", "càng sớm càng tốt"],
]


def seed(name: str) -> bytes:
    return (SEED_DIR / name).read_bytes()


def plan_docx(number: str = "12/KH-UBND", rows=PLAN_ROWS) -> bytes:
    """A small Word plan: header lines and one task table (one agency the demo tree lacks)."""
    import docx

    doc = docx.Document()
    for line in [
        "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI",
        f"Số: {number}",
        "Đồng Nai, ngày 05 tháng 3 năm 2024",
        "KẾ HOẠCH",
        "Nâng cao Chỉ số SIPAS năm 2024",
    ]:
        doc.add_paragraph(line)
    table = doc.add_table(rows=1 + len(rows), cols=len(PLAN_HEADER))
    for c, label in enumerate(PLAN_HEADER):
        table.cell(0, c).text = label
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def unit_named(province):
    def get(name: str) -> OrgUnit:
        return OrgUnit.objects.get(name=name)

    return get


@pytest.fixture
def dong_nai(province):
    return province


@pytest.fixture
def tuy_phuoc(unit_named):
    return unit_named("Ủy ban nhân dân huyện Tuy Phước")
