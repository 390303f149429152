"""Hand-checked expectations on the real plans in data/seeds."""

from collections import Counter
from functools import cache

from chiso.core.lib.vntext import fold
from chiso.importer.cli_json import parse_file
from chiso.importer.tests.seeds import seed_bytes

DONG_NAI = "dong-nai-2024-336-par-sipas-papi-pci.txt"
DONG_HOA = "dong-hoa-2021-papi.txt"
TUY_PHUOC = "tuy-phuoc-2023-par-sipas.txt"
TUY_PHONG = "tuy-phong-2023-146-ocr-no-diacritics.txt"


@cache
def parsed(name: str) -> dict:
    return parse_file(name, seed_bytes(name))


def task(name: str, appendix: str | None, no: str | None, index: str | None = None) -> dict:
    return next(
        t
        for t in parsed(name)["tasks"]
        if t["appendix"] == appendix and t["no"] == no and (index is None or t["index"] == index)
    )


# --- Đồng Nai: 24 appendices flattened one cell per line ---------------------------------

DONG_NAI_COUNTS = {
    1: 22,
    2: 11,
    3: 22,
    4: 6,
    5: 6,
    6: 13,
    7: 7,
    8: 7,
    9: 7,
    10: 5,
    11: 14,
    12: 7,
    13: 6,
    14: 2,
    15: 2,
    16: 6,
    17: 3,
    18: 2,
    19: 4,
    20: 1,
    21: 2,
    22: 1,
    23: 59,
    24: 34,
}


def test_dong_nai_header():
    plan = parsed(DONG_NAI)["plan"]
    assert plan["number"] == "336/KH-UBND"
    assert plan["date"] == "2024-10-15"
    assert plan["place"] == "Đồng Nai"
    assert plan["issuer"] == "UBND tỉnh Đồng Nai"
    # The heading prints the title in capitals; the opening sentence writes the same words.
    assert plan["title"].startswith(
        "Thực hiện Chỉ thị số 36-CT/TU ngày 06/8/2024 của Ban Thường vụ Tỉnh ủy về nâng cao"
    )
    assert plan["title"].endswith("phục vụ người dân và doanh nghiệp trên địa bàn tỉnh")
    assert plan["period"] == ["2024-01-01", "2025-12-31"]


def test_dong_nai_tasks_per_appendix():
    counts = Counter(t["appendix"] for t in parsed(DONG_NAI)["tasks"])
    assert counts == {f"PHỤ LỤC {k}": v for k, v in DONG_NAI_COUNTS.items()}
    assert sum(counts.values()) == 249


def test_dong_nai_every_task_has_an_index():
    assert Counter(t["index"] for t in parsed(DONG_NAI)["tasks"]) == {
        "PAPI": 76,
        "PAR INDEX": 70,
        "SIPAS": 66,
        "PCI": 37,
    }


def test_dong_nai_appendix_1_rows():
    first = task(DONG_NAI, "PHỤ LỤC 1", "1", "PAPI")
    assert first["component"] == "Tri thức công dân"
    assert first["output"].startswith("Nâng cao kiến thức, kỹ năng của cán bộ")
    assert first["content"].startswith("Thực hiện Kế hoạch tuyên truyền, phổ biến")
    assert first["lead"] == ["Sở Nội vụ"] and first["monitoring"] == ["Sở Nội vụ"]
    assert first["deadline"]["kind"] == "continuous" and first["deadline"]["dates"] == []
    par1 = task(DONG_NAI, "PHỤ LỤC 1", "1", "PAR INDEX")
    assert par1["deadline"] == {
        **par1["deadline"],
        "raw": "31/12/2024",
        "kind": "date",
        "dates": ["2024-12-31"],
    }
    recruit = task(DONG_NAI, "PHỤ LỤC 1", "3", "PAPI")
    assert recruit["deadline"]["kind"] == "conditional"
    assert recruit["content"].count("\n") == 1  # two bullet lines stay in one cell


def test_dong_nai_bullets_shared_by_result_and_task_columns_are_split():
    row = task(DONG_NAI, "PHỤ LỤC 1", "6", "PAR INDEX")
    # The first line loses its dash, the lines below keep theirs.
    assert row["output"].startswith("100% cơ quan chuyên môn cấp tỉnh")
    assert row["output"].count("\n") == 2 and "\n- " in row["output"]
    assert row["content"].startswith("Kịp thời đôn đốc")
    row = task(DONG_NAI, "PHỤ LỤC 1", "10", "PAR INDEX")
    assert row["content"].startswith("Tham mưu UBND tỉnh kế hoạch tuyển dụng")


def test_dong_nai_web_page_footer_is_not_part_of_the_last_task():
    tasks = parsed(DONG_NAI)["tasks"]
    assert not any("Nguồn tra cứu" in (t["content"] + (t["output"] or "")) for t in tasks)
    assert tasks[-1]["content"].endswith("bảo đảm hoàn thành các chỉ tiêu được giao.")


def test_dong_nai_merged_cells_are_shared():
    """Phụ lục 3, PAPI rows 2 and 3 share the task and deadline cells of row 1."""
    row1, row2, row3 = (task(DONG_NAI, "PHỤ LỤC 3", n, "PAPI") for n in ("1", "2", "3"))
    assert row2["component"].startswith("Thủ tục liên quan đến giấy chứng nhận")
    assert row2["output"].startswith("Nâng cao hiệu quả hoạt động")
    assert row2["content"] == row1["content"] == row3["content"]
    assert row2["deadline"]["kind"] == "continuous"


def test_dong_nai_unnumbered_row_under_index_heading():
    rows = [t for t in parsed(DONG_NAI)["tasks"] if t["appendix"] == "PHỤ LỤC 7"]
    assert rows[0]["no"] is None and rows[0]["index"] == "PAPI"
    assert rows[0]["component"] == "Cơ sở hạ tầng căn bản"
    assert [fold(x) for x in rows[0]["lead"]] == ["so cong thuong"]


def test_dong_nai_hierarchical_numbering():
    row = task(DONG_NAI, "PHỤ LỤC 23", "2.2", "PAPI")
    assert row["component"] == "Công khai danh sách hộ nghèo"
    assert row["component_path"][0] == "Công khai minh bạch trong hoạch định chính sách"
    assert row["lead"][0].startswith("Ủy ban nhân dân các huyện")
    assert row["monitoring"] == []  # "trách nhiệm thực hiện", not "theo dõi"


def test_dong_nai_targets():
    targets = parsed(DONG_NAI)["targets"]
    assert Counter(t["index"] for t in targets) == {
        "PAPI": 37,
        "SIPAS": 12,
        "PCI": 11,
        "PAR INDEX": 9,
    }
    papi = targets[0]
    assert (papi["code"], papi["component"], papi["baseline"], papi["target"]) == (
        "1",
        "Tham gia người dân ở cấp cơ sở",
        "4.34/10.00",
        "6.90/10.00",
    )
    assert (papi["baseline_value"], papi["baseline_max"], papi["baseline_year"]) == (
        4.34,
        10.0,
        2023,
    )
    assert (papi["target_value"], papi["target_year"]) == (6.9, 2025)
    sipas = next(t for t in targets if t["index"] == "SIPAS")
    assert sipas["baseline_value"] == 80.23 and sipas["unit"] == "%"
    assert sipas["rank_baseline"] == "xếp thứ 45/63"
    assert sipas["rank_target"] == "xếp thứ 20-30/63"
    par = next(t for t in targets if t["index"] == "PAR INDEX")
    assert par["baseline"] == "9.07/9.5" and par["baseline_percent"] == 95.47
    assert par["target"] == "9.30/9.5" and par["rank_target"] == "15"
    total = [t for t in targets if t["index"] == "PAR INDEX"][-1]
    assert (
        total["code"] == "TỔNG"
        and total["target"] == "91.9/100"
        and total["rank_target"] == "15-20"
    )


# --- Đông Hòa: tab-separated rows split across pages ------------------------------------


def test_dong_hoa_header_and_counts():
    draft = parsed(DONG_HOA)
    assert draft["plan"]["number"] is None  # "Số: /KH-UBND" was left blank
    assert draft["plan"]["period"] == ["2021-01-01", "2025-12-31"]
    assert Counter(t["appendix"] for t in draft["tasks"]) == {"PHỤ LỤC I": 34, "PHỤ LỤC II": 70}
    assert {t["index"] for t in draft["tasks"]} == {"PAPI"}


def test_dong_hoa_rows():
    first = task(DONG_HOA, "PHỤ LỤC I", "1")
    assert first["component"] == "Tham gia người dân ở cấp cơ sở"
    assert first["lead"] == ["Phòng Tư pháp", "UBND các xã, phường"]
    assert first["coordinating"] == ["Các Sở, ban, ngành", "các cơ quan, đơn vị liên quan"]
    assert first["deadline"]["kind"] == "recurring"
    assert first["deadline"]["frequency"] == "quarter" and first["deadline"]["day"] == 10
    poor = task(DONG_HOA, "PHỤ LỤC I", "5")
    assert poor["component"] == "Công khai danh sách hộ nghèo"
    assert poor["lead"] == ["Phòng Lao động-TB&XH thị xã", "UBND các xã, phường"]
    q = task(DONG_HOA, "PHỤ LỤC I", "9")
    assert q["deadline"]["kind"] == "quarter"
    assert q["deadline"]["dates"] == ["2021-06-30", "2021-09-30"]
    urban = task(DONG_HOA, "PHỤ LỤC I", "25")
    assert urban["lead"][:2] == ["Phòng Quản lý đô thị", "Phòng Kinh tế"]


def test_dong_hoa_cells_continued_after_page_break():
    split = task(DONG_HOA, "PHỤ LỤC I", "14")
    assert split["content"].endswith("tài sản, thu nhập cá nhân theo quy định")
    assert split["coordinating"] == ["Các cơ quan, đơn vị", "UBND các xã, phường"]
    assert (
        split["deadline"]["raw"] == "Theo quy định" and split["deadline"]["kind"] == "conditional"
    )
    quarter = task(DONG_HOA, "PHỤ LỤC I", "31")
    assert quarter["deadline"]["raw"] == "Quý III/2021"
    assert quarter["lead"] == ["Phòng Văn hóa và thông tin", "UBND các xã, phường"]
    coord = task(DONG_HOA, "PHỤ LỤC I", "28")
    assert coord["lead"] == ["Phòng Kinh tế"]
    assert coord["coordinating"][:2] == [
        "Sở Tài nguyên và Môi trường",
        "Phòng Tài nguyên và Môi trường",
    ]


# --- Tuy Phước: hierarchical criteria, monitoring agency on parent rows, HTML in cells -----


def test_tuy_phuoc_counts_and_hierarchy():
    draft = parsed(TUY_PHUOC)
    assert draft["plan"]["period"] == ["2023-01-01", "2025-12-31"]
    tasks = draft["tasks"]
    assert len(tasks) == 69
    assert Counter(t["index"] for t in tasks) == {"PAR INDEX": 67, "SIPAS": 2}
    row = task(TUY_PHUOC, None, "1.3.1")
    assert row["content"].startswith("Tỷ lệ cơ quan chuyên môn (CQCM)")
    assert row["monitoring"] == ["Phòng Nội vụ"]  # inherited from 1.3
    assert row["component"] == "Công tác kiểm tra CCHC"
    assert row["lead"] == ["Phòng Nội vụ", "Văn phòng HĐND và UBND huyện"]
    nxt = task(TUY_PHUOC, None, "1.4")
    assert nxt["component"] == "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH CCHC"
    assert "<ul" not in nxt["output"] and nxt["output"].startswith("Các bài viết")
    sipas = task(TUY_PHUOC, None, "8.1.1")
    assert sipas["index"] == "SIPAS"
    assert sipas["deadline"]["missing"] is True


def test_tuy_phuoc_continued_cell_after_repeated_header():
    row = task(TUY_PHUOC, None, "3.4.1")
    assert row["component"] == "Kết quả giải quyết hồ sơ TTHC"  # "TTHC" came after the page break
    assert row["monitoring"] == ["Văn phòng HĐND và UBND huyện"]


# --- Tuy Phong: OCR without diacritics, narrative plan ------------------------------------


def test_tuy_phong_header():
    plan = parsed(TUY_PHONG)["plan"]
    assert plan["number"] == "146/KH-UBND"
    assert plan["date"] == "2023-06-16"
    assert plan["issuer"] == "UBND huyện Tuy Phong"
    assert plan["period"] == ["2023-01-01", "2023-12-31"]
    assert parsed(TUY_PHONG)["ocr"] is True


def test_tuy_phong_narrative_tasks():
    tasks = parsed(TUY_PHONG)["tasks"]
    assert len(tasks) == 43
    by_lead = Counter(t["lead"][0] for t in tasks)
    assert by_lead["Văn phòng HĐND&UBND huyện"] == 8
    assert by_lead["Phòng Tài chính và Kế hoạch"] == 5
    assert by_lead["Phòng Nội vụ"] == 10
    t = task(TUY_PHONG, None, "2.2.3")
    assert t["deadline"]["kind"] == "before" and t["deadline"]["dates"] == ["2023-07-30"]
    assert t["content_original"].startswith("Hang tudn")
    assert "soát" in t["content"]  # diacritics restored where reliable
    t = task(TUY_PHONG, None, "5.2.5")
    assert t["deadline"]["kind"] == "month" and t["deadline"]["dates"] == ["2023-06-30"]
    t = task(TUY_PHONG, None, "6.2")
    assert t["deadline"]["kind"] == "recurring" and t["deadline"]["frequency"] == "month"
    first_lead = tasks[0]["lead"]
    assert len(first_lead) == 2 and first_lead[1].startswith("UBND các")


def test_dong_nai_appendix_agency_ignores_the_attachment_line_without_parenthesis():
    tasks = [t for t in parsed(DONG_NAI)["tasks"] if t["appendix"] == "PHỤ LỤC 19"]
    assert {tuple(t["lead"]) for t in tasks} == {("Cục Thuế tỉnh",)}
    assert {tuple(t["monitoring"]) for t in tasks} == {("Cục Thuế tỉnh",)}


def test_dong_nai_appendix_15_led_by_the_construction_department():
    tasks = [t for t in parsed(DONG_NAI)["tasks"] if t["appendix"] == "PHỤ LỤC 15"]
    assert len(tasks) == 2
    assert {tuple(t["lead"]) for t in tasks} == {("Sở Xây dựng",)}


def test_dong_nai_result_rows_keep_their_columns():
    """A task sentence starting with "Kịp thời" is the task, not the deadline cell."""
    row = task(DONG_NAI, "PHỤ LỤC 2", "3", "PAR INDEX")
    assert row["output"].startswith("100% các văn bản hoàn thành việc xử lý")
    assert row["content"].startswith("Kịp thời xử lý các văn bản")
    assert row["deadline"]["raw"] == "Thường xuyên"
    row = task(DONG_NAI, "PHỤ LỤC 23", "5", "PAR INDEX")
    assert row["content"].startswith("Kịp thời giải quyết các PAKN")
    assert row["deadline"]["kind"] == "continuous"


def test_plan_level_monitoring_body():
    assert parsed(DONG_NAI)["plan"]["monitoring_body"] == "Sở Nội vụ"
    assert parsed(TUY_PHUOC)["plan"]["monitoring_body"] == "Phòng Nội vụ"
