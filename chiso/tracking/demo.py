"""Demo progress: occurrences for every task, then a realistic spread of reports.

For each plan: past periods are mostly accepted on time, some late, some returned or waiting
for review, some overdue with nothing; current periods have drafts and a few submissions.
A small 2026 plan of Đồng Nai is added so the demo officers have work due now. Running it
again changes nothing: plans that already have reports are skipped.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from chiso.orgs import services as org_services
from chiso.orgs.demo import REORGANISATION_2025
from chiso.orgs.models import Membership, OrgUnit, Role
from chiso.plans.deadline import parse_deadline
from chiso.plans.models import Plan
from chiso.plans.services import AssigneeSpec, TaskSpec, plan_create
from chiso.plans.vocabulary import AssignmentRole
from chiso.tracking.models import Occurrence, ProgressReport
from chiso.tracking.reorganisation import succession_apply
from chiso.tracking.services import occurrences_sync_plan

LEAD, COORDINATING = AssignmentRole.LEAD, AssignmentRole.COORDINATING
DEMO_NUMBER = "DEMO-2026/KH-UBND"
NARRATIVES = [
    "Đã ban hành văn bản triển khai, phân công cán bộ đầu mối theo dõi.",
    "Đã tổ chức hội nghị quán triệt; kết quả chi tiết tại tài liệu kèm theo.",
    "Đã rà soát, cập nhật và công khai đầy đủ trên Cổng thông tin điện tử.",
    "Đang phối hợp các đơn vị liên quan hoàn thiện dự thảo.",
]
OWN_TASKS = [
    ("Rà soát, đơn giản hóa thủ tục hành chính thuộc phạm vi quản lý", "Sở Tư pháp", "Hằng quý"),
    ("Kiểm soát văn bản quy phạm pháp luật do tỉnh ban hành", "Sở Tư pháp", "Thường xuyên"),
    (
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
        "Văn phòng Ủy ban nhân dân tỉnh",
        "Thường xuyên",
    ),
    ("Báo cáo kết quả thực hiện Chỉ số SIPAS năm 2026", "Sở Nội vụ", "15/12/2026"),
    ("Xây dựng đề án nâng cao Chỉ số PAPI giai đoạn 2026-2030", "Sở Tư pháp", "30/6/2026"),
]


def _demo_plan() -> Plan | None:
    existing = Plan.objects.filter(number=DEMO_NUMBER).first()
    province = OrgUnit.objects.filter(name="Ủy ban nhân dân tỉnh Đồng Nai").first()
    if existing or province is None:
        return existing
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    vp = OrgUnit.objects.get(name="Văn phòng Ủy ban nhân dân tỉnh")
    tasks = [
        TaskSpec(
            content=content,
            index_code="PAR INDEX",
            component_text="Cải cách thủ tục hành chính",
            deadline=parse_deadline(raw, plan_date=start, period=(start, end)).to_dict(),
            assignees=[AssigneeSpec(role=AssignmentRole.LEAD, unit=OrgUnit.objects.get(name=lead))]
            + (
                [AssigneeSpec(role=AssignmentRole.COORDINATING, unit=vp)] if lead != vp.name else []
            ),
        )
        for content, lead, raw in OWN_TASKS
    ]
    return plan_create(
        number=DEMO_NUMBER,
        issuer="UBND tỉnh Đồng Nai",
        owner_unit=province,
        coordinator_unit=OrgUnit.objects.get(name="Sở Nội vụ"),
        date=start,
        title="Kế hoạch cải cách hành chính năm 2026 (dữ liệu mẫu)",
        period_start=start,
        period_end=end,
        tasks=tasks,
    )


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 30)))


def _spread(occ: Occurrence, today: date, rnd: random.Random, officers, reviewer):
    """One report (or none) for an occurrence, and the occurrence's completion."""
    if occ.due_date is None or not occ.unit.is_active_on(occ.due_date):
        return None  # nobody reports for a unit that no longer exists (2025 reorganisation)
    by = officers.get(occ.unit_id)
    base = dict(occurrence=occ, unit=occ.unit, narrative=rnd.choice(NARRATIVES), submitted_by=by)
    roll = rnd.random()
    if occ.due_date < today:
        if roll < 0.45:
            sent = occ.due_date - timedelta(days=rnd.randint(0, 10))
            return _accepted(occ, base, sent, reviewer)
        if roll < 0.60:
            sent = occ.due_date + timedelta(days=rnd.randint(3, 40))
            return _accepted(occ, base, min(sent, today), reviewer)
        if roll < 0.70:
            return ProgressReport(
                **base, state="returned", work_status="in_progress", percent=60,
                submitted_at=_at(occ.due_date), first_submitted_at=_at(occ.due_date),
                reviewed_at=_at(min(occ.due_date + timedelta(days=5), today)),
                reviewed_by=reviewer, review_comment="Đề nghị bổ sung tài liệu minh chứng.",
            )  # fmt: skip
        if roll < 0.80:
            sent = min(occ.due_date + timedelta(days=2), today)
            return ProgressReport(
                **base, state="submitted", work_status="done", percent=100,
                completed_on=sent, submitted_at=_at(sent), first_submitted_at=_at(sent),
            )  # fmt: skip
        return None  # overdue with nothing reported
    if occ.period_start and occ.period_start <= today and roll < 0.5:
        state = "submitted" if roll < 0.15 else "draft"
        sent = _at(today) if state == "submitted" else None
        return ProgressReport(
            **base, state=state, work_status="in_progress", percent=rnd.choice([20, 40, 60, 80]),
            submitted_at=sent, first_submitted_at=sent,
        )  # fmt: skip
    return None


def _accepted(occ, base, sent: date, reviewer) -> ProgressReport:
    """Done a few days before the report was sent, accepted a few days after."""
    done = sent - timedelta(days=occ.pk % 4)
    occ.completed_on, occ.percent = done, 100
    return ProgressReport(
        **base, state="accepted", work_status="done", percent=100, completed_on=done,
        submitted_at=_at(sent), first_submitted_at=_at(sent),
        reviewed_at=_at(min(sent + timedelta(days=occ.pk % 3), timezone.localdate())),
        reviewed_by=reviewer,
    )  # fmt: skip


@transaction.atomic
def _reports_for(plan: Plan, today: date, officers, reviewer) -> int:
    if ProgressReport.objects.filter(occurrence__task__plan=plan).exists():
        return 0
    rnd = random.Random(plan.pk)
    occs = list(Occurrence.objects.filter(task__plan=plan).select_related("unit"))
    reports = [r for occ in occs if (r := _spread(occ, today, rnd, officers, reviewer))]
    ProgressReport.objects.bulk_create(reports, batch_size=5000)
    for r in reports:
        if r.first_submitted_at:
            r.occurrence.first_reported_on = timezone.localdate(r.first_submitted_at)
    touched = [r.occurrence for r in reports if r.first_submitted_at]
    fields = ["completed_on", "percent", "first_reported_on"]
    Occurrence.objects.bulk_update(touched, fields, batch_size=5000)
    return len(reports)


def load_demo(stdout) -> None:
    _demo_plan()
    today = timezone.localdate()
    officers = {
        m.unit_id: m.user
        for m in Membership.objects.filter(role=Role.OFFICER).select_related("user")
    }
    reviewer = get_user_model().objects.filter(username="noivu").first()
    _reorganisation_2025(apply=False)
    for plan in Plan.objects.order_by("pk"):
        created = occurrences_sync_plan(plan)["created"]
        reports = _reports_for(plan, today, officers, reviewer)
        stdout.write(
            f"Theo dõi: {plan.number or plan.title[:40]} — {created} kỳ mới, {reports} báo cáo"
        )
    _reorganisation_2025(apply=True, stdout=stdout)


def _reorganisation_2025(*, apply: bool, stdout=None) -> None:
    """The 2025 reorganisation of the demo in two passes: first only its dates (so the spread of
    reports leaves dissolved units silent after their end), then, once the progress exists, the
    handover of what is still open. 2024 keeps the old units and their record."""
    for old, kind, new, effective, basis, note in REORGANISATION_2025:
        predecessor = OrgUnit.objects.filter(name=old).first()
        successors = list(OrgUnit.objects.filter(name__in=new))
        if predecessor is None or len(successors) != len(new):
            continue
        spec = dict(
            predecessor=predecessor,
            successors=successors,
            kind=kind,
            effective_date=effective,
            legal_basis=basis,
            note=note,
        )
        if not apply:
            org_services.unit_record_succession(**spec)
            continue
        # members_confirmed: the demo's list of people is its own data.
        done = succession_apply(**spec, members_confirmed=True)
        if any(done.summary.values()):
            s = done.summary
            stdout.write(
                f"Sắp xếp: {old} → {', '.join(new)} — {s['occurrences']} kỳ, "
                f"{s['assignments']} phân công, {s['children']} đơn vị trực thuộc"
            )
