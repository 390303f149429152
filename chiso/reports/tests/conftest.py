"""A small Đồng Nai plan with occurrences in every status around 2024-Q4 (cut-off 14/12/2024)."""

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from django.utils import timezone

from chiso.orgs.models import OrgUnit
from chiso.plans.models import AssignmentRole
from chiso.plans.services import AssigneeSpec, TaskSpec, plan_create
from chiso.tracking.models import ExplanationRequest, Occurrence, ProgressReport

TODAY = date(2025, 1, 10)  # after the 2024-Q4 cut-off


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


@pytest.fixture
def plan_data(province) -> PlanData:
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
