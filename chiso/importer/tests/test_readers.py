"""Readers on small fixtures generated at test time (docx, pdf, html, txt) and bad input."""

import io
import unicodedata
from pathlib import Path

import pytest

from chiso.core.readers import MAX_BYTES, Paragraph, Table, detect_format, read_document
from chiso.importer.cli_json import parse_file
from chiso.importer.errors import (
    DocumentError,
    EmptyDocument,
    EncryptedDocument,
    NoPlanFound,
    ScannedDocument,
    TooLarge,
    UnsupportedFormat,
)

HEADER = ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Phối hợp", "Sản phẩm", "Thời hạn"]
ROWS = [
    ["I", "Chỉ số hài lòng (SIPAS)", "", "", "", ""],
    [
        "1",
        "Khảo sát sự hài lòng của người dân",
        "Sở Nội vụ",
        "Sở Tư pháp; UBND các huyện",
        "Báo cáo kết quả",
        "Quý III/2024",
    ],
    [
        "2",
        "Niêm yết công khai thủ tục hành chính",
        "Văn phòng UBND tỉnh",
        "Các cơ quan, đơn vị, địa phương",
        "Bảng niêm yết",
        "Thường xuyên",
    ],
    ["3", "Báo cáo định kỳ", "Sở Nội vụ", "", "Báo cáo", "Hằng quý"],
]
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _docx_bytes(split: bool = True, merge: bool = True) -> bytes:
    import docx

    doc = docx.Document()
    doc.add_paragraph("ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM")
    doc.add_paragraph("Số: 12/KH-UBND")
    doc.add_paragraph("Thử Nghiệm, ngày 05 tháng 3 năm 2024")
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph("Nâng cao Chỉ số SIPAS năm 2024")
    parts = [ROWS[:2], ROWS[2:]] if split else [ROWS]
    for part in parts:  # a table split by hand, header repeated on the next page
        table = doc.add_table(rows=1 + len(part), cols=len(HEADER))
        for c, label in enumerate(HEADER):
            table.cell(0, c).text = label
        for r, row in enumerate(part, start=1):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        if merge and part is parts[-1]:
            # Lead agency merged vertically over the last two rows ("Sở Nội vụ" shown once).
            top, bottom = table.cell(len(part) - 1, 2), table.cell(len(part), 2)
            bottom.text = ""
            top.merge(bottom)
            top.text = "Sở Nội vụ"
            # Section row spans all columns horizontally in the first part.
        doc.add_paragraph("")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def test_docx_merged_cells_and_split_table():
    data = _docx_bytes()
    assert detect_format("x.bin", data) == "docx"
    draft = parse_file("kehoach.docx", data)
    assert draft["plan"]["number"] == "12/KH-UBND"
    assert draft["plan"]["date"] == "2024-03-05"
    assert [t["no"] for t in draft["tasks"]] == ["1", "2", "3"]
    assert {t["index"] for t in draft["tasks"]} == {"SIPAS"}
    t1, t2, t3 = draft["tasks"]
    assert t1["lead"] == ["Sở Nội vụ"] and t1["coordinating"] == ["Sở Tư pháp", "UBND các huyện"]
    assert t1["deadline"]["kind"] == "quarter" and t1["deadline"]["dates"] == ["2024-09-30"]
    assert t2["lead"] == ["Sở Nội vụ"]  # vertical merge repeats the text
    assert t2["coordinating"] == ["Các cơ quan, đơn vị, địa phương"]  # a group stays one name
    assert t3["deadline"]["kind"] == "recurring"


def test_docx_horizontal_merge_keeps_columns():
    import docx

    doc = docx.Document()
    table = doc.add_table(rows=3, cols=4)
    for c, label in enumerate(["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"]):
        table.cell(0, c).text = label
    table.cell(1, 0).text = "I"
    table.cell(1, 1).merge(table.cell(1, 3)).text = "Chỉ số PAPI"
    for c, text in enumerate(["1", "Tuyên truyền", "Phòng Tư pháp", "31/12/2024"]):
        table.cell(2, c).text = text
    buffer = io.BytesIO()
    doc.save(buffer)
    document = read_document("a.docx", buffer.getvalue())
    rows = next(b for b in document.blocks if isinstance(b, Table)).rows
    assert rows[1] == ["I", "Chỉ số PAPI", "", ""]
    task = parse_file("a.docx", buffer.getvalue())["tasks"][0]
    assert task["index"] == "PAPI" and task["deadline"]["dates"] == ["2024-12-31"]


def _pdf_bytes(encrypt: bool = False, text: bool = True) -> bytes:
    import fpdf  # test dependency; the font comes from Debian's fonts-dejavu-core (make test)

    pdf = fpdf.FPDF()
    pdf.add_page()
    if text:
        pdf.add_font("DejaVu", fname=str(FONT))
        pdf.add_font("DejaVu", style="B", fname=str(FONT.with_name("DejaVuSans-Bold.ttf")))
        pdf.set_font("DejaVu", size=8)
        pdf.cell(text="Số: 7/KH-UBND", new_x="LMARGIN", new_y="NEXT")
        pdf.cell(text="KẾ HOẠCH", new_x="LMARGIN", new_y="NEXT")
        pdf.cell(text="Cải thiện Chỉ số PAPI năm 2024", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        with pdf.table() as table:
            for row in [HEADER, *ROWS[1:]]:
                cells = table.row()
                for text_ in row:
                    cells.cell(text_)
    else:
        pdf.rect(10, 10, 50, 50)
    if encrypt:
        pdf.set_encryption(owner_password="chu", user_password="mat-khau")
    return bytes(pdf.output())


def test_pdf_text_layer_and_tables():
    draft = parse_file("kehoach.pdf", _pdf_bytes())
    assert draft["plan"]["number"] == "7/KH-UBND"
    assert len(draft["tasks"]) == 3
    first = draft["tasks"][0]
    assert first["content"] == "Khảo sát sự hài lòng của người dân"
    assert first["lead"] == ["Sở Nội vụ"] and first["index"] == "PAPI"
    assert first["deadline"]["dates"] == ["2024-09-30"]


def test_encrypted_pdf():
    with pytest.raises(EncryptedDocument) as err:
        read_document("secret.pdf", _pdf_bytes(encrypt=True))
    assert "mật khẩu" in err.value.message


def test_pdf_without_text_layer():
    with pytest.raises(ScannedDocument) as err:
        read_document("scan.pdf", _pdf_bytes(text=False))
    assert "scan" in err.value.message


HTML = """<html><body><p>Số: 5/KH-UBND</p><p>KẾ HOẠCH</p><p>Nâng cao chỉ số PCI năm 2025</p>
<table>
<tr><th>TT</th><th>Cơ quan chủ trì</th><th>Nội dung</th><th>Kết quả</th>
<th>Thời gian hoàn thành</th><th>Cơ quan theo dõi</th></tr>
<tr><td>1</td><td rowspan="2"><ul><li>Sở Kế hoạch và Đầu tư</li><li>Sở Tài chính</li></ul></td>
<td><p>Rà soát <i>thủ tục</i></p><p>đầu tư</p></td><td>Báo cáo</td><td>trước ngày 30/6/2025</td>
<td>Văn phòng UBND tỉnh</td></tr>
<tr><td>2</td><td>Đối thoại doanh nghiệp</td><td colspan="2">Hội nghị</td><td></td></tr>
</table></body></html>"""


def test_html_rowspan_lists_and_other_column_order():
    data = HTML.encode()
    assert detect_format("x.txt", data) == "html"
    draft = parse_file("kehoach.html", data)
    t1, t2 = draft["tasks"]
    assert t1["lead"] == ["Sở Kế hoạch và Đầu tư", "Sở Tài chính"]
    assert t1["content"] == "Rà soát thủ tục\nđầu tư"
    assert t1["deadline"]["kind"] == "before" and t1["deadline"]["dates"] == ["2025-06-30"]
    assert t1["monitoring"] == ["Văn phòng UBND tỉnh"]
    assert t2["lead"] == t1["lead"]  # rowspan shares the cell
    assert t2["index"] == "PCI"


def _cp1258(text: str) -> bytes:
    """Windows-1258 stores tone marks as combining characters after the base letter."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            keep = [m for m in marks if m in "\u0302\u0306\u031b"]
            tones = [m for m in marks if m not in keep]
            out += unicodedata.normalize("NFC", base + "".join(keep)).encode("cp1258")
            out += "".join(tones).encode("cp1258")
    return out


def test_txt_encodings():
    text = "Số: 3/KH-UBND\nKẾ HOẠCH\nĐề án\n1\tViệc\tSở Nội vụ\n"
    for data in (text.encode("utf-8"), text.encode("utf-8-sig"), _cp1258(text)):
        doc = read_document("a.txt", data)
        assert any(isinstance(b, Paragraph) and "Số: 3/KH-UBND" in b.text for b in doc.blocks)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", EmptyDocument),
        (b"   \n\n ", EmptyDocument),
        (bytes(range(256)) * 40, UnsupportedFormat),
        (b"PK\x03\x04garbage", UnsupportedFormat),
        (b"%PDF-1.4 garbage", UnsupportedFormat),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, UnsupportedFormat),
    ],
)
def test_bad_input(data, error):
    with pytest.raises(error) as err:
        parse_file("x.docx", data)
    assert isinstance(err.value, DocumentError)
    assert err.value.message  # a Vietnamese sentence for the user


def test_too_large_is_checked_before_reading():
    with pytest.raises(TooLarge) as err:
        read_document("big.txt", b"a" * (MAX_BYTES + 1))
    assert "20 MB" in err.value.message


def test_document_without_tasks():
    with pytest.raises(NoPlanFound) as err:
        parse_file("a.txt", "Thông báo\nKhông có nhiệm vụ nào.".encode())
    assert "Không tìm thấy" in err.value.message


def test_a_pdf_of_too_many_pages_is_refused_before_reading_with_a_clear_message():
    import fpdf

    from chiso.core.readers.pdf import MAX_PAGES

    pdf = fpdf.FPDF()
    for _ in range(MAX_PAGES + 1):
        pdf.add_page()
        pdf.rect(10, 10, 5, 5)
    with pytest.raises(DocumentError) as caught:
        read_document("dai.pdf", bytes(pdf.output()))
    assert f"{MAX_PAGES + 1} trang" in caught.value.message
    assert "tách tài liệu" in caught.value.message
