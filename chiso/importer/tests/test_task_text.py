"""Imported task texts and plan titles read as the plan wrote them (pure parser helpers)."""

from chiso.core.lib.text import sentence_title
from chiso.importer.parse.text import tidy_task_text


def test_task_text_keeps_bullets_below_its_first_line():
    text = "- Hướng dẫn tuyển dụng.\n- Tăng cường kiểm tra.\n+ Chi tiết."
    assert tidy_task_text(text) == "Hướng dẫn tuyển dụng.\n- Tăng cường kiểm tra.\n+ Chi tiết."


def test_web_page_footers_are_removed_from_task_text():
    text = "Số hóa hồ sơ.\n Nguồn tra cứu: vanban.phaplyvn.com\nwww.example.vn"
    assert tidy_task_text(text) == "Số hóa hồ sơ."
    assert tidy_task_text("Nguồn lực cho cải cách hành chính") == (
        "Nguồn lực cho cải cách hành chính"
    )


def test_title_in_capitals_takes_the_casing_the_text_gives_it():
    title = "NÂNG CAO CHỈ SỐ PAPI CỦA TỈNH PHÚ YÊN NĂM 2021"
    body = "KẾ HOẠCH\n" + title + "\nNhằm nâng cao Chỉ số PAPI của tỉnh Phú Yên năm 2021, ..."
    assert sentence_title(title, body) == "Nâng cao Chỉ số PAPI của tỉnh Phú Yên năm 2021"
    assert sentence_title(title) == "Nâng cao chỉ số PAPI của tỉnh phú yên năm 2021"
    assert sentence_title("Triển khai Par Index năm 2023") == "Triển khai Par Index năm 2023"
