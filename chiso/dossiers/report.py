"""The one-stop section of the compiled periodic report (registered in chiso.reports.extras)."""

from chiso.dossiers import selectors
from chiso.orgs.models import OrgUnit

ROWS = (
    ("Hồ sơ tiếp nhận", "received"),
    ("Hồ sơ đã giải quyết", "resolved"),
    ("Tỷ lệ giải quyết đúng và sớm hạn", "on_time_rate"),
    ("Hồ sơ trễ hạn", "late"),
    ("Tỷ lệ hồ sơ trễ hạn có phiếu xin lỗi", "apology_rate"),
    ("Tỷ lệ hồ sơ nộp trực tuyến", "online_rate"),
    ("Tỷ lệ hồ sơ được số hóa", "digitised_rate"),
    ("Tỷ lệ thanh toán trực tuyến", "online_payment_rate"),
    ("Hồ sơ quá hạn chưa giải quyết (cuối kỳ)", "pending_overdue"),
)


def _cell(value) -> str:
    """Vietnamese number formats: 1.234 hồ sơ, 99,50%."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return f"{value:.2f}%".replace(".", ",")


def section(*, unit_id: int, year: int, first_month: int, last_month: int) -> dict | None:
    unit = OrgUnit.objects.filter(pk=unit_id).first()
    if unit is None:
        return None
    period = selectors.Period(year * 100 + first_month, year * 100 + last_month)
    total = selectors.dossier_kpi(period=period, by=(), subtree=unit)[0]
    feedback = selectors.feedback_kpi(period=period, by=(), subtree=unit)[0]
    if not (total["received"] or total["resolved"] or feedback["received"]):
        return None
    late_no_apology = total["late"] - total["late_apology"]
    paragraphs = [
        f"Từ tháng {first_month:02d}/{year} đến tháng {last_month:02d}/{year}, các cơ quan, đơn vị "
        f"tiếp nhận {_cell(total['received'])} hồ sơ, giải quyết {_cell(total['resolved'])} hồ sơ, "
        f"trong đó {_cell(total['on_time_rate'])} đúng và sớm hạn; "
        f"{_cell(late_no_apology)} hồ sơ trễ hạn chưa có phiếu xin lỗi.",
        f"Phản ánh, kiến nghị: tiếp nhận {_cell(feedback['received'])}, xử lý đúng hạn "
        f"{_cell(feedback['on_time_rate'])}, mức độ hài lòng theo QĐ 766/QĐ-TTg "
        f"{_cell(feedback['satisfaction_rate'])}.",
    ]
    rows = [[i, label, _cell(total[key])] for i, (label, key) in enumerate(ROWS, start=1)]
    table = {"headers": ["STT", "Nội dung", "Kết quả"], "rows": rows, "widths": [12, 113, 40]}
    return {
        "title": "Kết quả giải quyết thủ tục hành chính, phản ánh, kiến nghị",
        "paragraphs": paragraphs,
        "table": table,
    }
