"""Test data builders shared by the test suites of every app (one place instead of a builder per
conftest imported across apps). Each builds on the demo organisation (`province` fixture)."""

import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import docx
from django.utils import timezone

from chiso.frameworks.demo import load_dong_nai
from chiso.frameworks.loader import load_shipped_frameworks
from chiso.frameworks.services import task_components_link
from chiso.orgs.models import OrgUnit
from chiso.plans.deadline import parse_deadline
from chiso.plans.models import AssignmentRole, Plan
from chiso.plans.services import AssigneeSpec, TaskSpec, plan_create
from chiso.tracking.models import ExplanationRequest, Occurrence, ProgressReport
from chiso.tracking.services import occurrences_sync_plan

INDEXED_PLAN_TODAY = date(2025, 6, 15)


# --- plan documents, for the importer ---------------------------------------------------------

SEED_DIR = Path(__file__).resolve().parents[1] / "data" / "seeds"
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


# --- a plan with recurring and one-off tasks, for tracking ---------------------------------


def unit(name: str) -> OrgUnit:
    return OrgUnit.objects.get(name=name)


def make_plan(*, deadlines: dict[str, str], start=date(2026, 1, 1), end=date(2026, 12, 31), **kw):
    province = unit("Ủy ban nhân dân tỉnh Đồng Nai")
    tasks = [
        TaskSpec(
            content=content,
            index_code="PAR INDEX",
            component_text="Cải cách thể chế",
            deadline=parse_deadline(raw, plan_date=start, period=(start, end)).to_dict(),
            assignees=[
                AssigneeSpec(role="lead", unit=unit("Sở Tư pháp")),
                AssigneeSpec(role="coordinating", unit=unit("Văn phòng Ủy ban nhân dân tỉnh")),
            ],
        )
        for content, raw in deadlines.items()
    ]
    plan = plan_create(
        number=kw.pop("number", "15/KH-UBND"),
        issuer="UBND tỉnh Đồng Nai",
        owner_unit=province,
        coordinator_unit=unit("Sở Nội vụ"),
        date=start,
        title="Kế hoạch nâng cao Chỉ số cải cách hành chính",
        period_start=start,
        period_end=end,
        tasks=tasks,
        **kw,
    )
    occurrences_sync_plan(plan)
    return plan


# --- a plan around the 2024-Q4 cut-off, for reports -----------------------------------------

PERIOD_PLAN_TODAY = date(2025, 1, 10)  # after the 2024-Q4 cut-off


@dataclass
class PlanData:
    plan: object
    units: dict
    occ: dict


def _aware(d: date):
    return timezone.make_aware(datetime(d.year, d.month, d.day, 9, 0))


def _report(occ, narrative, submitted: date, state="submitted"):
    return ProgressReport.objects.create(
        occurrence=occ,
        unit=occ.unit,
        state=state,
        work_status="in_progress",
        percent=occ.percent,
        narrative=narrative,
        submitted_at=_aware(submitted),
        first_submitted_at=_aware(submitted),
    )


def build_period_plan() -> PlanData:
    """A small Đồng Nai plan with occurrences in every status around 2024-Q4 (cut-off
    14/12/2024), on the demo province."""
    units = {
        key: OrgUnit.objects.get(name=name)
        for key, name in [
            ("root", "Ủy ban nhân dân tỉnh Đồng Nai"),
            ("snv", "Sở Nội vụ"),
            ("stp", "Sở Tư pháp"),
            ("vp", "Văn phòng Ủy ban nhân dân tỉnh"),
            ("stc", "Sở Tài chính"),
        ]
    }
    specs = [
        (
            "1",
            "Rà soát, công bố thủ tục hành chính",
            "PAR INDEX",
            "Cải cách thủ tục hành chính",
            "stp",
        ),
        ("2", "Số hóa hồ sơ tại bộ phận một cửa", "PAR INDEX", "Hiện đại hóa nền hành chính", "vp"),
        ("3", "Khảo sát sự hài lòng của người dân", "SIPAS", "Tiếp cận dịch vụ", "stp"),
        ("4", "Công khai ngân sách theo quy định", "PAPI", "Kiểm soát tham nhũng", "stc"),
        ("5", "Đối thoại doanh nghiệp hằng quý", "PCI", "Chi phí không chính thức", "vp"),
        ("6", "Tập huấn kỹ năng giao tiếp", "SIPAS", "Tiếp cận dịch vụ", "stc"),
    ]
    plan = plan_create(
        number="123/KH-UBND",
        issuer="UBND tỉnh Đồng Nai",
        owner_unit=units["root"],
        coordinator_unit=units["snv"],
        place="Đồng Nai",
        date=date(2024, 2, 1),
        title="Nâng cao Chỉ số cải cách hành chính năm 2024",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
        tasks=[
            TaskSpec(
                content=content,
                number=num,
                index_code=code,
                component_text=comp,
                expected_output="Báo cáo kết quả",
                deadline={"raw": "Quý IV/2024"},
                assignees=[AssigneeSpec(role=AssignmentRole.LEAD, unit=units[lead])],
            )
            for num, content, code, comp, lead in specs
        ],
    )
    tasks = {t.number: t for t in plan.tasks.all()}

    def occ(num, due, **kw):
        lead = units[specs[int(num) - 1][4]]
        return Occurrence.objects.create(
            task=tasks[num],
            unit=lead,
            period_label="Quý IV/2024",
            period_start=date(2024, 10, 1),
            period_end=date(2024, 12, 31),
            due_date=due,
            **kw,
        )

    o = {
        "on_time": occ("1", date(2024, 11, 30), completed_on=date(2024, 11, 20), percent=100),
        "late_done": occ("2", date(2024, 10, 31), completed_on=date(2024, 11, 10), percent=100),
        "overdue": occ("3", date(2024, 11, 15), percent=40),
        "overdue_silent": occ("4", date(2024, 12, 1), percent=0),
        "in_progress": occ("5", date(2024, 12, 14), percent=60),  # due on the cut-off
        "cancelled": occ("6", date(2024, 12, 10), is_cancelled=True, cancel_reason="Trùng việc"),
    }
    _report(o["on_time"], "Đã công bố 120 thủ tục hành chính.", date(2024, 11, 20), "accepted")
    _report(o["late_done"], "Đã số hóa 85% hồ sơ.", date(2024, 11, 10), "accepted")
    _report(o["overdue"], "Chưa bố trí được kinh phí khảo sát.", date(2024, 11, 10))
    ExplanationRequest.objects.create(
        occurrence=o["overdue"],
        question="Vì sao chậm?",
        answer="Chờ phân bổ kinh phí từ Sở Tài chính.",
        answered_at=_aware(date(2024, 12, 5)),
    )
    return PlanData(plan, units, o)


# --- a plan whose tasks serve index components, for the dashboard -----------------------------


def build_indexed_plan(province: OrgUnit) -> Plan:
    """Đồng Nai results and targets, plus a plan whose tasks serve PAPI and PCI components.

    Sở Tư pháp: one task done on time, one overdue (PAPI D3); Sở Tài chính: one done late (PCI 3).
    """
    load_shipped_frameworks()
    load_dong_nai()
    tuphap = OrgUnit.objects.get(name="Sở Tư pháp")
    taichinh = OrgUnit.objects.get(name="Sở Tài chính")
    specs = [
        ("Tăng cường hòa giải cơ sở", "PAPI", "Trách nhiệm giải trình với người dân", tuphap),
        ("Trả lời khiếu nại đúng hạn", "PAPI", "3.2 Giải đáp khiếu nại, tố cáo", tuphap),
        ("Công khai ngân sách", "PCI", "Tính minh bạch", taichinh),
    ]
    plan = plan_create(
        owner_unit=province,
        number="336/KH-UBND",
        title="Nâng cao các chỉ số",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
        tasks=[
            TaskSpec(content=c, index_code=i, component_text=t, assignees=[AssigneeSpec("lead", u)])
            for c, i, t, u in specs
        ],
    )
    tasks = list(plan.tasks.order_by("order"))
    for task in tasks:
        task_components_link(task)
    due = date(2025, 3, 31)
    done = [date(2025, 3, 20), None, date(2025, 4, 10)]
    for task, (_, _, _, unit), completed in zip(tasks, specs, done, strict=True):
        Occurrence.objects.create(
            task=task,
            unit=unit,
            period_start=date(2025, 1, 1),
            period_end=due,
            due_date=due,
            completed_on=completed,
            period_label="Quý I/2025",
        )
    return plan
