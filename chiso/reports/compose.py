"""From a data snapshot and the editable narrative to a `ReportDocument`. Pure, no database.

The generated narrative (`default_sections`) is only a first draft: the coordinator or the
unit's officer edits it in the app before the report is finalised.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from chiso.core.builders.base import (
    Header,
    Heading,
    Paragraph,
    Percent,
    ReportDocument,
    Signature,
    Table,
)

NOT_YET = "…"


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    help: str


UNIT_SECTIONS = [
    Section("mo_dau", "Mở đầu", "Căn cứ, tình hình triển khai chung của đơn vị."),
    Section("danh_gia", "Đánh giá chung", "Nhận xét kết quả thực hiện trong kỳ."),
    Section("ton_tai", "Tồn tại, hạn chế và nguyên nhân", "Vì sao có nhiệm vụ chậm, quá hạn."),
    Section("de_xuat", "Đề xuất, kiến nghị", "Kiến nghị với cơ quan cấp trên."),
    Section("noi_nhan", "Nơi nhận", "Mỗi dòng một nơi nhận."),
    Section("nguoi_ky", "Người ký", "Họ và tên người ký báo cáo."),
]
COMPILED_SECTIONS = [
    Section("mo_dau", "Tình hình triển khai", "Căn cứ, việc ban hành văn bản, chỉ đạo."),
    Section("danh_gia", "Đánh giá chung", "Nhận xét kết quả so với mục tiêu."),
    Section("ton_tai", "Tồn tại, hạn chế và nguyên nhân", "Nguyên nhân chậm, quá hạn."),
    Section("phuong_huong", "Phương hướng, nhiệm vụ kỳ tới", "Nhiệm vụ trọng tâm kỳ sau."),
    Section("de_xuat", "Đề xuất, kiến nghị", "Kiến nghị với Bộ, ngành, UBND."),
    Section("noi_nhan", "Nơi nhận", "Mỗi dòng một nơi nhận."),
    Section("nguoi_ky", "Người ký", "Họ và tên người ký báo cáo."),
]
SECTIONS = {"unit": UNIT_SECTIONS, "compiled": COMPILED_SECTIONS}


def fmt_date(iso: str | None) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""


def fmt_rate(value) -> str:
    return "" if value is None else f"{value:.1f}%".replace(".", ",")


def day(iso: str | None) -> date | None:
    """A date cell: printed dd/mm/yyyy in Word, stored as a date in the .xlsx annex."""
    return date.fromisoformat(iso) if iso else None


def pct(value) -> Percent | None:
    """A rate cell: printed 87,5% in Word, stored as a number in the .xlsx annex."""
    return None if value is None else Percent(value)


def document_code(unit: dict) -> str:
    """The issuer's letters in a document number, from its data: the unit's document code, else
    a short name that is already one (SNV); never letters guessed from the name (left for the
    clerk to fill in instead)."""
    if unit.get("document_code"):
        return unit["document_code"]
    short = unit.get("short_name") or ""
    compact = short.replace("Đ", "D")
    if compact.isascii() and compact.isalpha() and compact.isupper():
        return short
    return NOT_YET


def upper_name(name: str) -> str:
    return (
        name.replace("Ủy ban nhân dân", "UBND")
        .replace("Văn phòng Ủy ban nhân dân", "VP UBND")
        .upper()
    )


def place_name(content: dict) -> str:
    if content["plan"].get("place"):
        return content["plan"]["place"]
    province = content["unit"].get("province") or content["unit"]["name"]
    for prefix in ("Ủy ban nhân dân tỉnh ", "Ủy ban nhân dân thành phố ", "UBND tỉnh "):
        if province.startswith(prefix):
            return province[len(prefix) :]
    return province


def header(content: dict, number: str, issued: date | None, issuer: dict | None = None) -> Header:
    unit = issuer or content["unit"]
    is_top = unit["unit_type"] == "province" or not unit.get("parent")
    when = (
        f"ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}"
        if issued
        else f"ngày {NOT_YET} tháng {NOT_YET} năm {date.today().year}"
    )
    return Header(
        superior="" if is_top else upper_name(unit["parent"]),
        issuer=upper_name(unit["name"]),
        number=f"Số: {number}" if number else f"Số: {NOT_YET}/BC-{document_code(unit)}",
        place_date=f"{place_name(content)}, {when}",
    )


def signature(content: dict, name: str = "", issuer: dict | None = None) -> Signature:
    unit_type = (issuer or content["unit"])["unit_type"]
    if unit_type in ("province", "district", "commune"):
        return Signature(["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], name)
    if unit_type == "department":
        return Signature(["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], name)
    return Signature(["THỦ TRƯỞNG ĐƠN VỊ"], name)


def plan_reference(plan: dict) -> str:
    ref = f"Kế hoạch số {plan['number']}" if plan.get("number") else "Kế hoạch"
    if plan.get("date"):
        ref += f" ngày {fmt_date(plan['date'])}"
    return ref


def summary_line(content: dict) -> str:
    return f"Kết quả thực hiện {plan_reference(content['plan'])} {content['period']['label']}"


# --- default narrative ---------------------------------------------------------------------


def default_sections(content: dict) -> dict[str, str]:
    plan, period = content["plan"], content["period"]
    window = f"từ ngày {fmt_date(period['data_start'])} đến ngày {fmt_date(period['data_end'])}"
    intro = (
        f"Thực hiện {plan_reference(plan)} về {plan['title'][:1].lower()}{plan['title'][1:]}, "
        f"{content['unit']['name']} báo cáo kết quả thực hiện {period['label']} "
        f"(số liệu {window}) như sau:"
    )
    issues = late_sentence(content["late"], period["data_start"])
    recipients = (
        "- UBND tỉnh (để báo cáo);\n- Sở Nội vụ;\n- Lưu: VT."
        if content["kind"] == "unit"
        else "- Bộ Nội vụ (để báo cáo);\n- Thường trực UBND tỉnh (để báo cáo);\n"
        "- Các sở, ban, ngành, địa phương;\n- Lưu: VT."
    )
    return {
        "mo_dau": intro,
        "danh_gia": "",
        "ton_tai": issues,
        "phuong_huong": "Tiếp tục triển khai các nhiệm vụ còn lại của kế hoạch; tập trung "
        "hoàn thành các nhiệm vụ quá hạn.",
        "de_xuat": "",
        "noi_nhan": recipients,
        "nguoi_ky": "",
    }


# --- blocks --------------------------------------------------------------------------------


TURNS_NOTE = (
    "mỗi lượt là một kỳ thực hiện của một nhiệm vụ tại một đơn vị chủ trì; nhiệm vụ thường xuyên, "
    "định kỳ có một lượt mỗi kỳ"
)


def stats_sentence(s: dict, tasks: list[dict] | None = None) -> str:
    """The period's figures, as counts of turns (kỳ thực hiện) and, when known, of tasks."""
    task_ids = {t["task_id"] for t in tasks or [] if t.get("task_id")}
    of_tasks = f" của {len(task_ids)} nhiệm vụ" if task_ids else ""
    return (
        f"Trong kỳ có {s['total']} lượt thực hiện nhiệm vụ đến hạn{of_tasks} ({TURNS_NOTE}). "
        f"Đã hoàn thành {s['done']} lượt ({fmt_rate(s['done_rate'])}), trong đó đúng hạn "
        f"{s['done_on_time']} lượt, quá hạn {s['done_late']} lượt; quá hạn chưa hoàn thành "
        f"{s['overdue']} lượt; đang thực hiện trong hạn {s['in_progress']} lượt; chưa đến hạn "
        f"{s['not_due']} lượt."
    )


def late_sentence(late: list[dict], data_start: str) -> str:
    """What the list of late work holds, split so that no figure repeats another one: the turns
    due in this period (already in the period's figures) and those carried over from earlier."""
    if not late:
        return "Không có lượt thực hiện nhiệm vụ nào chậm, quá hạn."
    open_now = [t for t in late if t["status"] == "overdue" and t["due_date"] >= data_start]
    carried = [t for t in late if t["status"] == "overdue" and t["due_date"] < data_start]
    done_late = [t for t in late if t["status"] == "done_late"]
    parts = []
    if open_now:
        parts.append(f"{len(open_now)} lượt đến hạn trong kỳ, quá hạn chưa hoàn thành")
    if carried:
        parts.append(f"{len(carried)} lượt của các kỳ trước, đến nay vẫn chưa hoàn thành")
    if done_late:
        parts.append(f"{len(done_late)} lượt hoàn thành quá hạn")
    return (
        f"Danh sách chậm, quá hạn tại mục II gồm {len(late)} lượt thực hiện nhiệm vụ: "
        + "; ".join(parts)
        + "."
    )


def _text(sections: dict, key: str, fallback: str = "") -> list:
    text = (sections.get(key) or "").strip() or fallback
    return [Paragraph(text)] if text else []


def _task_tables(tasks: list[dict], with_unit: bool) -> Table:
    cols = ["STT", "Nhiệm vụ"] + (["Đơn vị chủ trì"] if with_unit else [])
    cols += ["Chỉ số", "Chỉ số thành phần", "Sản phẩm", "Thời hạn", "Hạn", "Tình trạng"]
    cols += ["Tiến độ (%)", "Ngày hoàn thành", "Kết quả thực hiện"]
    rows = []
    for i, t in enumerate(tasks, start=1):
        row = [i, t["content"]] + ([t["unit"]] if with_unit else [])
        row += [t["index_code"], t["component"], t["expected_output"], t["deadline"]]
        row += [day(t["due_date"]), t["status_label"], t["percent"]]
        row += [day(t["completed_on"]), t["narrative"]]
        rows.append(row)
    widths = [12, 80] + ([40] if with_unit else []) + [20, 50, 50, 30, 22, 30, 15, 22, 80]
    return Table(cols, rows, widths, sheet="Danh mục nhiệm vụ", in_body=False)


BODY_ROWS_MAX = 300  # longer lists stay whole in the .xlsx annex


def _late_blocks(late: list[dict], with_unit: bool) -> list:
    if not late:
        return [Paragraph("Không có nhiệm vụ chậm, quá hạn.")]
    cols = ["STT", "Nhiệm vụ"] + (["Đơn vị chủ trì"] if with_unit else [])
    cols += ["Hạn", "Số ngày chậm", "Tình trạng", "Lý do, giải trình"]
    rows = [
        [i, t["content"]]
        + ([t["unit"]] if with_unit else [])
        + [
            day(t["due_date"]),
            t["days_late"],
            t["status_label"],
            t["reason"] or "Chưa giải trình",
        ]
        for i, t in enumerate(late, start=1)
    ]
    widths = [12, 43] + ([28] if with_unit else []) + [24, 15, 21, 22]
    sheet = "Nhiệm vụ chậm, quá hạn"
    if len(rows) <= BODY_ROWS_MAX:
        return [Table(cols, rows, widths, sheet=sheet)]
    more = len(rows) - BODY_ROWS_MAX
    return [
        Table(cols, rows[:BODY_ROWS_MAX], widths),
        Paragraph(f"Còn {more} nhiệm vụ chậm, quá hạn khác: xem phụ lục “{sheet}” kèm theo."),
        Table(cols, rows, widths, sheet=sheet, in_body=False),
    ]


def _after_close_blocks(content: dict, with_unit: bool) -> list:
    """Reports of earlier periods that came after those periods were closed (chốt số liệu)."""
    rows = content.get("after_close") or []
    if not rows:
        return []
    cols = ["STT", "Nhiệm vụ"] + (["Đơn vị chủ trì"] if with_unit else [])
    cols += ["Kỳ", "Hạn", "Tình trạng"]
    data = [
        [i, t["content"]]
        + ([t["unit"]] if with_unit else [])
        + [t["period_label"], day(t["due_date"]), t["status_label"]]
        for i, t in enumerate(rows, start=1)
    ]
    widths = [12, 60] + ([35] if with_unit else []) + [25, 24, 30]
    return [
        Paragraph(
            f"Báo cáo muộn của kỳ trước: có {len(rows)} báo cáo của các kỳ trước gửi sau khi kỳ "
            "đó đã chốt số liệu, được tổng hợp vào kỳ này:"
        ),
        Table(cols, data, widths, sheet="Báo cáo muộn của kỳ trước"),
    ]


def closed_sentence(content: dict) -> list:
    closed = content["period"].get("closed_on")
    if not closed:
        return []
    return [
        Paragraph(
            f"Số liệu kỳ báo cáo đã được chốt ngày {fmt_date(closed)}; các thay đổi sau ngày "
            "chốt được tổng hợp vào kỳ báo cáo sau."
        )
    ]


def _index_blocks(content: dict) -> list:
    rows = content["indices"]
    if not rows:
        year = content["period"]["year"]
        return [Paragraph(f"Chưa có số liệu kết quả chỉ số năm {year} để so sánh với mục tiêu.")]
    cols = ["Chỉ số", "Năm gốc", "Kết quả mới nhất", "Mục tiêu", "Còn thiếu so với mục tiêu"]
    data = [[r["label"], r["baseline"], r["latest"], r["target"], r["gap"]] for r in rows]
    return [Table(cols, data, [60, 25, 25, 25, 25], sheet="Chỉ số và mục tiêu")]


def unit_blocks(content: dict, sections: dict) -> list:
    tasks = content["tasks"]
    body = Table(
        ["STT", "Nhiệm vụ", "Hạn", "Tình trạng", "Tiến độ", "Kết quả thực hiện"],
        [
            [
                i,
                t["content"],
                day(t["due_date"]) or t["deadline"],
                t["status_label"],
                f"{t['percent']}%",
                t["narrative"],
            ]
            for i, t in enumerate(tasks, start=1)
        ],
        [12, 51, 24, 24, 15, 39],
    )
    late = content["late"]
    return [
        *_text(sections, "mo_dau"),
        Heading("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ"),
        Heading("1. Tình hình thực hiện nhiệm vụ trong kỳ", 2),
        Paragraph(stats_sentence(content["summary"], content["tasks"])),
        *closed_sentence(content),
        body if tasks else Paragraph("Trong kỳ không có nhiệm vụ đến hạn."),
        Heading("2. Kết quả chỉ số so với mục tiêu", 2),
        *_index_blocks(content),
        Heading("3. Đánh giá chung", 2),
        *_text(sections, "danh_gia", NOT_YET),
        Heading("II. NHIỆM VỤ CHẬM, QUÁ HẠN VÀ NGUYÊN NHÂN"),
        *_late_blocks(late, False),
        *_after_close_blocks(content, False),
        *_text(sections, "ton_tai"),
        Heading("III. ĐỀ XUẤT, KIẾN NGHỊ"),
        *_text(sections, "de_xuat", "Không có."),
        _task_tables(tasks, False),
    ]


def _unit_table(content: dict) -> Table:
    cols = ["STT", "Đơn vị", "Tổng số lượt", "Hoàn thành đúng hạn", "Hoàn thành quá hạn"]
    cols += ["Quá hạn chưa hoàn thành", "Đang thực hiện", "Chưa đến hạn", "Tỷ lệ đúng hạn"]
    keys = ["total", "done_on_time", "done_late", "overdue", "in_progress", "not_due"]
    rows = [
        [i, u["unit"], *[u[k] for k in keys], pct(u["on_time_rate"])]
        for i, u in enumerate(content["units"], start=1)
    ]
    s = content["summary"]
    rows.append(["", "Tổng cộng", *[s[k] for k in keys], pct(s["on_time_rate"])])
    return Table(cols, rows, [12, 41, 14, 17, 17, 17, 17, 14, 16], sheet="Tổng hợp theo đơn vị")


def _component_table(content: dict) -> Table:
    cols = [
        "Chỉ số",
        "Chỉ số thành phần",
        "Tổng số lượt",
        "Đã hoàn thành",
        "Quá hạn",
        "Tỷ lệ hoàn thành",
    ]
    rows = [
        [
            c["index_code"],
            c["component"],
            c["total"],
            c["done"],
            c["overdue"],
            pct(c["done_rate"]),
        ]
        for c in content["components"]
    ]
    return Table(cols, rows, [22, 70, 16, 18, 16, 20], sheet="Theo chỉ số thành phần")


def _extra_blocks(parts: list[dict], first_number: int) -> list:
    """Sections other modules contribute (see reports/extras.py), numbered after ours."""
    blocks: list = []
    for n, part in enumerate(parts, start=first_number):
        blocks.append(Heading(f"{n}. {part['title']}", 2))
        blocks.extend(Paragraph(p) for p in part.get("paragraphs", []))
        if part.get("table"):
            t = part["table"]
            blocks.append(Table(t["headers"], t["rows"], t["widths"], sheet=part["title"][:31]))
    return blocks


def compiled_blocks(content: dict, sections: dict) -> list:
    late, missing = content["late"], content["not_reported"]
    missing_table = Table(
        ["STT", "Đơn vị", "Số nhiệm vụ chưa báo cáo"],
        [[i, m["unit"], m["count"]] for i, m in enumerate(missing, start=1)],
        [12, 113, 40],
        sheet="Đơn vị chưa báo cáo",
    )
    return [
        *_text(sections, "mo_dau"),
        Heading("I. KẾT QUẢ THỰC HIỆN KẾ HOẠCH"),
        Heading("1. Kết quả thực hiện nhiệm vụ của các cơ quan, đơn vị", 2),
        Paragraph(stats_sentence(content["summary"], content["tasks"])),
        *closed_sentence(content),
        _unit_table(content),
        Heading("2. Kết quả theo chỉ số thành phần", 2),
        _component_table(content) if content["components"] else Paragraph("Không có số liệu."),
        Heading("3. Kết quả các chỉ số so với mục tiêu", 2),
        *_index_blocks(content),
        *_extra_blocks(content.get("extras") or [], first_number=4),
        Heading(f"{4 + len(content.get('extras') or [])}. Đánh giá chung", 2),
        *_text(sections, "danh_gia", NOT_YET),
        Heading("II. NHIỆM VỤ CHẬM, QUÁ HẠN VÀ NGUYÊN NHÂN"),
        *_late_blocks(late, True),
        *_after_close_blocks(content, True),
        *_text(sections, "ton_tai"),
        Heading("III. CÁC ĐƠN VỊ CHƯA GỬI BÁO CÁO"),
        missing_table if missing else Paragraph("Tất cả các đơn vị đã gửi báo cáo."),
        Heading("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI"),
        *_text(sections, "phuong_huong", NOT_YET),
        Heading("V. ĐỀ XUẤT, KIẾN NGHỊ"),
        *_text(sections, "de_xuat", "Không có."),
        _task_tables(content["tasks"], True),
    ]


def compose(
    content: dict,
    sections: dict,
    *,
    number: str = "",
    issued: date | None = None,
    signer_name: str = "",
    issuer: dict | None = None,
) -> ReportDocument:
    """`issuer` (a unit as `selectors.unit_info` gives it) signs the document; by default the
    unit the figures are about."""
    blocks = (unit_blocks if content["kind"] == "unit" else compiled_blocks)(content, sections)
    recipients = [ln.strip() for ln in (sections.get("noi_nhan") or "").splitlines() if ln.strip()]
    return ReportDocument(
        header=header(content, number, issued, issuer),
        title="BÁO CÁO",
        summary=summary_line(content),
        blocks=blocks,
        recipients=recipients,
        signature=signature(content, signer_name, issuer),
        annex_title=f"PHỤ LỤC KÈM THEO BÁO CÁO {summary_line(content).upper()}",
    )
