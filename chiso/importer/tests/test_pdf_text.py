"""PDF text-layer clean-up: page furniture removed, broken words and dates mended."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from chiso.core.readers.document import Paragraph, Table
from chiso.core.readers.pdf_text import clean_cell, clean_pages, join_split_digits


def test_split_dates_are_joined():
    assert join_split_digits("Hoàn thành 15/11/202 4") == "Hoàn thành 15/11/2024"
    assert join_split_digits("30/1 2/2024") == "30/12/2024"
    assert join_split_digits("Báo cáo số 1142 ngày 22/5/2023") == "Báo cáo số 1142 ngày 22/5/2023"
    assert join_split_digits("từ 10 20 30 người") == "từ 10 20 30 người"


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), st.integers(1, 9))
def test_any_date_split_once_comes_back(day, cut):
    text = f"{day.day}/{day.month}/{day.year}"
    cut = min(cut, len(text) - 1)
    broken = text[:cut] + " " + text[cut:]
    assert join_split_digits(f"trước {broken}.") == f"trước {text}."


def test_hyphenated_cell_lines_are_glued():
    assert (
        clean_cell("thủ tục hành chín-\nh thuộc thẩm quyền")
        == "thủ tục hành chính thuộc thẩm quyền"
    )
    assert clean_cell("Tài chính -\nKế hoạch") == "Tài chính -\nKế hoạch"


def test_running_headers_page_numbers_and_broken_lines():
    pages = [
        [
            Paragraph("KẾ HOẠCH"),
            Paragraph("a) Tuyên truyền cho ngư-"),
            Paragraph("ời dân trước 30/6/202"),
            Paragraph("4."),
            Paragraph("Trang 1"),
        ],
        [
            Paragraph("Kế hoạch số 19/KH-UBND"),
            Table(rows=[["1", "Nội dung"]]),
            Paragraph("Trang 2"),
        ],
        [Paragraph("Kế hoạch số 19/KH-UBND"), Paragraph("b) Công khai."), Paragraph("- 3 -")],
    ]
    texts = [b.text for b in clean_pages(pages) if isinstance(b, Paragraph) and b.text]
    assert texts == ["KẾ HOẠCH", "a) Tuyên truyền cho người dân trước 30/6/2024.", "b) Công khai."]
