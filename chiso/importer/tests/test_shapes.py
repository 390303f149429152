"""Document shapes of issue 16, one behaviour each (pure parsing, no database)."""

from chiso.core.readers.document import Document, Paragraph, Table
from chiso.importer.parse import parse_document
from chiso.importer.parse.columns import header_roles, is_sub_header_row
from chiso.importer.parse.header import find_monitoring_body, parse_header

HEAD = ["KẾ HOẠCH", "Thực hiện nhiệm vụ năm 2026"]
TOP = ["STT", "Nhiệm vụ", "Cơ quan thực hiện", "", "Thời gian", ""]
SUB = ["STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Bắt đầu", "Hoàn thành"]


def _draft(rows: list[list[str]], before: list[str] = ()):
    blocks = [Paragraph(x) for x in [*HEAD, *before]] + [Table(rows=rows)]
    return parse_document(Document(blocks=blocks, source_format="docx"))


def test_grouped_header_keeps_coordinating_and_completion_columns():
    assert header_roles([TOP, SUB]) == [
        "stt",
        "content",
        "lead",
        "coordinating",
        "start",
        "deadline",
    ]
    task = _draft(
        [TOP, SUB, ["1", "Rà soát TTHC", "Sở Tư pháp", "Sở Nội vụ", "01/2026", "Quý II/2026"]]
    ).tasks[0]
    assert (task.lead, task.coordinating, task.deadline.kind) == (
        ["Sở Tư pháp"],
        ["Sở Nội vụ"],
        "quarter",
    )


def test_one_lead_per_row_under_merged_cells_is_one_task():
    row = [
        "1",
        "Kiện toàn Bộ phận Một cửa",
        "Sở Nội vụ",
        "Các sở, ban, ngành",
        "02/2026",
        "30/9/2026",
    ]
    merged = [*row[:2], "Sở Tài chính", *row[3:]]  # vertically merged cells repeat their text
    blank = ["", "", "Sở Xây dựng", "", "", ""]  # or come out empty (PDF)
    tasks = _draft([TOP, SUB, row, merged, blank]).tasks
    assert len(tasks) == 1
    assert tasks[0].lead == ["Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng"]
    assert tasks[0].coordinating == ["Các sở, ban, ngành"]


def test_section_rows_set_index_and_component_and_are_never_tasks():
    head = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"]
    rows = [
        head,
        ["CHỈ SỐ HIỆU QUẢ QUẢN TRỊ VÀ HÀNH CHÍNH CÔNG CẤP TỈNH (PAPI)", "", "", ""],
        ["Công khai, minh bạch", "", "", ""],
        ["1", "Niêm yết thu chi ngân sách", "Ban Tài chính xã", "Quý I/2026"],
        ["Chỉ số năng lực cạnh tranh cấp tỉnh", "", "", ""],
        ["2", "Đối thoại doanh nghiệp", "Văn phòng UBND xã", "Quý II/2026"],
    ]
    tasks = _draft(rows).tasks
    assert [(t.no, t.index) for t in tasks] == [("1", "PAPI"), ("2", "PCI")]
    assert tasks[0].component == "Công khai, minh bạch"
    assert all("CHỈ SỐ" not in " ".join(t.lead) for t in tasks)


def test_section_row_under_the_header_is_not_a_second_header():
    assert not is_sub_header_row(["", "Chỉ số PCI", "", ""])
    assert is_sub_header_row(["", "", "Chủ trì", "Phối hợp"])


def test_index_heading_above_a_table():
    head = ["TT", "Nội dung công việc", "Đơn vị chủ trì", "Thời hạn"]
    draft = _draft(
        [head, ["1", "Hỗ trợ pháp lý doanh nghiệp", "Sở Tư pháp", "Thường xuyên"]],
        before=["1. Chỉ số năng lực cạnh tranh cấp tỉnh"],
    )
    assert draft.tasks[0].index == "PCI"


def test_narrative_leads_from_sentence_and_subject():
    lines = [
        *HEAD,
        "II. NHIỆM VỤ, GIẢI PHÁP",
        "1. Đối với Chỉ số PAR INDEX",
        "a) Giao Sở Nội vụ chủ trì, phối hợp với Văn phòng UBND thành phố và Sở Tư pháp xây dựng "
        "bộ tiêu chí. Thời gian thực hiện: Quý II/2026.",
        "- Lấy ý kiến các cơ quan;",
        "Sở Tài nguyên và Môi trường:",
        "b) Công khai quy hoạch sử dụng đất, thực hiện thường xuyên.",
        "c) Rà soát thủ tục đất đai sau khi có hướng dẫn của Bộ Nội vụ.",
        "III. TỔ CHỨC THỰC HIỆN",
        "Giao Sở Nội vụ là cơ quan thường trực, theo dõi, đôn đốc thực hiện Kế hoạch.",
    ]
    draft = parse_document(Document(blocks=[Paragraph(x) for x in lines]))
    first, second, third = draft.tasks
    assert (first.lead, first.coordinating) == (
        ["Sở Nội vụ"],
        ["Văn phòng UBND thành phố", "Sở Tư pháp"],
    )
    assert first.index == "PAR INDEX" and first.deadline.kind == "quarter"
    assert first.content.endswith("- Lấy ý kiến các cơ quan;")  # the bullet belongs to the item
    assert second.lead == ["Sở Tài nguyên và Môi trường"] and second.deadline.kind == "continuous"
    assert third.deadline.kind == "conditional"
    assert draft.header.monitoring_body == "Sở Nội vụ"


def test_flattened_header_line_keeps_the_issuer_column():
    header = parse_header(["ỦY BAN NHÂN DÂN XÃ AN PHÚ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    assert header.issuer == "ỦY BAN NHÂN DÂN XÃ AN PHÚ"


def test_monitoring_body_phrasings():
    assert (
        find_monitoring_body("Giao Sở Nội vụ là cơ quan thường trực, theo dõi, đôn đốc")
        == "Sở Nội vụ"
    )
    assert find_monitoring_body("Giao Sở Nội vụ theo dõi, đôn đốc và kiểm tra việc") == "Sở Nội vụ"
    assert (
        find_monitoring_body("báo cáo UBND huyện (qua Phòng Nội vụ) để theo dõi") == "Phòng Nội vụ"
    )
    assert find_monitoring_body("Các cơ quan theo dõi kết quả.") is None
