"""The part of QĐ 766/QĐ-TTg's scorecard (5 groups, 100 points) that dossier and feedback
records allow. Only rates are shown: the points formulas of each group are not computed here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Group:
    name: str
    points: int
    computed: tuple[str, ...]  # KPI keys shown for this group
    missing: str  # what the records cannot tell


GROUPS = (
    Group(
        "Công khai, minh bạch",
        18,
        ("feedback_published_rate",),
        "Công khai thủ tục, tiến độ hồ sơ trên Cổng dịch vụ công: tệp hồ sơ không có số liệu này.",
    ),
    Group(
        "Tiến độ, kết quả giải quyết",
        20,
        ("on_time_rate", "apology_rate"),
        "Cách quy điểm của nhóm này chưa được công bố đầy đủ; chỉ hiển thị tỷ lệ.",
    ),
    Group(
        "Số hóa hồ sơ",
        22,
        ("digitised_rate",),
        "Tỷ lệ cấp kết quả điện tử và tái sử dụng dữ liệu số hóa: tệp hồ sơ không có.",
    ),
    Group(
        "Cung cấp dịch vụ trực tuyến",
        22,
        ("online_rate", "online_payment_rate"),
        "Tỷ lệ thủ tục cung cấp dịch vụ công trực tuyến toàn trình: cần danh mục thủ tục.",
    ),
    Group(
        "Mức độ hài lòng",
        18,
        ("feedback_satisfaction_rate", "feedback_on_time_rate"),
        "Đánh giá hài lòng của người dân về giải quyết thủ tục: tệp hồ sơ không có.",
    ),
)


def scorecard(values: dict) -> list[dict]:
    """Each group with the values of the KPIs it can show (None = no data in the period)."""
    return [{"group": g, "values": [(k, values.get(k)) for k in g.computed]} for g in GROUPS]
