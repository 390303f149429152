"""Demo data: the 2025 inspection plan of Đồng Nai covering a third of its departments, with
findings and recommendations (some closed, on time or late, some overdue); initiatives and
dialogues with commitments for several units. Written through the services and the tracking
workflow (report, accept); running it twice changes nothing."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from chiso.accountability import services
from chiso.accountability.coverage import required_count
from chiso.accountability.models import InspectionPlan
from chiso.accountability.selectors import scope_ids
from chiso.frameworks.models import Component, Framework
from chiso.frameworks.vocabulary import IndexCode
from chiso.orgs.models import OrgUnit, UnitGroup
from chiso.tracking.models import Occurrence
from chiso.tracking.services import report_accept, report_save

YEAR = 2025
TODAY = date(2025, 12, 31)  # the demo year is judged at its end
PLAN_TITLE = "Kế hoạch kiểm tra công tác cải cách hành chính năm 2025"
FIRST = ["Sở Tư pháp", "Văn phòng Ủy ban nhân dân tỉnh", "Sở Tài chính", "Sở Y tế"]

# (content, days from the inspection to the deadline); the first is closed on time, the second
# closed late at every other unit, the rest stay open
RECOMMENDATIONS = [
    ("Niêm yết, công khai đầy đủ thủ tục hành chính tại bộ phận một cửa", 45),
    ("Cập nhật quy trình nội bộ giải quyết thủ tục hành chính", 60),
    ("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn tồn", 75),
]
INITIATIVES = [
    ("Sở Tư pháp", "Chứng thực bản sao điện tử từ bản chính", "Tư pháp", True),
    ("Sở Tư pháp", "Cấp phiếu lý lịch tư pháp qua ứng dụng di động", "Tư pháp", False),
    ("Văn phòng Ủy ban nhân dân tỉnh", "Phòng họp không giấy tờ", "Hiện đại hóa hành chính", True),
    ("Sở Y tế", "Hẹn khám bệnh trực tuyến tại bệnh viện tỉnh", "Y tế", False),
]
DIALOGUES = [
    (
        "Sở Tư pháp",
        date(2025, 3, 20),
        "businesses",
        "Công chứng, chứng thực cho doanh nghiệp",
        [("Rút ngắn thời gian chứng thực hợp đồng còn 1 ngày", (6, 30), (6, 25))],
    ),
    (
        "Sở Tài chính",
        date(2025, 5, 14),
        "businesses",
        "Thủ tục thanh toán vốn đầu tư công",
        [("Công khai tiến độ giải ngân trên cổng thông tin", (9, 30), None)],
    ),
    (
        "Văn phòng Ủy ban nhân dân tỉnh",
        date(2025, 8, 8),
        "citizens",
        "Tiếp nhận, trả kết quả tại Trung tâm Phục vụ hành chính công",
        [("Bố trí thêm quầy hỗ trợ dịch vụ công trực tuyến", (11, 30), (11, 10))],
    ),
]


def load_demo(stdout=None) -> None:
    root = OrgUnit.objects.filter(name="Ủy ban nhân dân tỉnh Đồng Nai", parent=None).first()
    group = UnitGroup.objects.filter(name="Các Sở, ban, ngành", scope=root).first()
    noivu = OrgUnit.objects.filter(name="Sở Nội vụ", parent=root).first()
    if not (root and group and noivu):
        return
    if InspectionPlan.objects.filter(year=YEAR, title=PLAN_TITLE).exists():
        return
    coordinator = get_user_model().objects.filter(username="noivu").first()
    with transaction.atomic():
        count = _inspections(root, group, noivu, coordinator)
        _initiatives(root, coordinator)
        _dialogues(root, noivu, coordinator)
    if stdout:
        stdout.write(
            f"Kiểm tra CCHC năm {YEAR}: {count} cuộc kiểm tra, sáng kiến và đối thoại mẫu."
        )


def _close(item, completed: date, reviewer) -> None:
    occurrence = Occurrence.objects.get(task=item.task)
    report = report_save(
        occurrence=occurrence,
        by=None,
        work_status="done",
        percent=100,
        narrative="Đơn vị đã thực hiện xong; kèm văn bản, hình ảnh minh chứng.",
        completed_on=completed,
        submit=True,
    )
    report_accept(report=report, by=reviewer, comment="Đạt yêu cầu.")


def _inspected_units(plan: InspectionPlan) -> list[OrgUnit]:
    """A third of the departments in operation in 2025, the persona units first."""
    scope = OrgUnit.objects.filter(pk__in=scope_ids(plan, TODAY)).order_by("path")
    wanted = max(required_count(scope.count(), 34), 1)
    first = [u for name in FIRST for u in scope if u.name == name]
    rest = [u for u in scope if u not in first]
    return (first + rest)[:wanted]


def _inspections(root, group, noivu, by) -> int:
    plan = services.inspection_plan_create(
        year=YEAR,
        title=PLAN_TITLE,
        number="25/KH-SNV",
        owner_unit=root,
        inspecting_unit=noivu,
        group=group,
        target_percent=30,
        by=by,
    )
    units = _inspected_units(plan)
    for n, unit in enumerate(units):
        month = 3 + n % 8
        inspection = services.inspection_add(
            inspection_plan=plan,
            unit=unit,
            planned_on=date(YEAR, month, 10),
            team=f"Đoàn kiểm tra số {n + 1} — Sở Nội vụ",
            content="Kiểm tra công tác cải cách hành chính, kiểm soát thủ tục hành chính, "
            "thực hiện cơ chế một cửa, một cửa liên thông",
            by=by,
        )
        if n == len(units) - 1:
            continue  # the last one is planned, not held yet
        services.inspection_record(
            inspection=inspection,
            inspected_on=date(YEAR, month, 12),
            members="Lãnh đạo Sở Nội vụ (trưởng đoàn); đại diện Văn phòng UBND tỉnh, Sở Tư pháp",
            findings="Cơ bản thực hiện đúng quy định; còn thủ tục chưa niêm yết đầy đủ, một số hồ "
            "sơ giải quyết quá hạn chưa có phiếu xin lỗi.",
            today=TODAY,
            by=by,
        )
        for j, (content, days) in enumerate(RECOMMENDATIONS[: 1 + n % 3]):
            due = inspection.inspected_on + timedelta(days=days)
            rec = services.recommendation_add(
                inspection=inspection, content=content, deadline=due, by=by
            )
            if j == 0:
                _close(rec, due - timedelta(days=10), by)  # on time
            elif j == 1 and n % 2 == 0:
                _close(rec, due + timedelta(days=12), by)  # late
            # the others stay open: overdue once their deadline has passed
    return len(units)


def _initiatives(root, by) -> None:
    # The criterion of the current PAR INDEX that rewards innovation in reform.
    par = Framework.objects.current().filter(index_code=IndexCode.PAR_INDEX, is_local=False)
    criterion = (
        Component.objects.filter(framework__in=par)
        .filter(Q(name__contains="sáng kiến") | Q(name__contains="sáng tạo"))
        .order_by("framework_id", "order")
        .first()
    )
    for unit_name, title, field, recognised in INITIATIVES:
        unit = OrgUnit.objects.filter(name=unit_name, parent=root).first()
        if unit is None:
            continue
        services.initiative_save(
            unit=unit,
            year=YEAR,
            title=title,
            field=field,
            summary=f"{title}: giảm thời gian, chi phí cho người dân, doanh nghiệp.",
            status="recognised" if recognised else "under_review",
            recognition_level="province" if recognised else "",
            decision_number="1520/QĐ-UBND" if recognised else "",
            decision_date=date(YEAR, 11, 20) if recognised else None,
            component=criterion,
            by=by,
        )


def _dialogues(root, noivu, by) -> None:
    group = UnitGroup.objects.filter(name="Các Sở, ban, ngành", scope=root).first()
    services.dialogue_target_save(year=YEAR, group=group, per_year=1, per_quarter=0, by=by)
    for unit_name, held_on, audience, topics, commitments in DIALOGUES:
        unit = OrgUnit.objects.filter(name=unit_name, parent=root).first()
        if unit is None:
            continue
        dialogue = services.dialogue_create(
            unit=unit,
            held_on=held_on,
            chair=f"Giám đốc {unit_name}" if unit_name.startswith("Sở") else "Chánh Văn phòng",
            audience=audience,
            topics=topics,
            participants=60,
            questions="Thời gian giải quyết còn dài\nHồ sơ phải bổ sung nhiều lần",
            monitoring_unit=noivu,
            today=TODAY,
            by=by,
        )
        for content, (m, d), completed in commitments:
            item = services.commitment_add(
                dialogue=dialogue, content=content, deadline=date(YEAR, m, d), by=by
            )
            if completed:
                _close(item, date(YEAR, *completed), by)
