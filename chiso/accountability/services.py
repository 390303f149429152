"""Writes on inspections, initiatives and dialogues.

A recommendation or a commitment is created together with the task that follows it up, through
the plans services (`plan_create`, `task_create`): the task's lead is the unit that must act, its
monitoring unit the body that follows up, its deadline the date set, so the unit reports on it
and the reviewer accepts it through the ordinary tracking pages.
"""

import uuid
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from chiso.accountability.models import (
    Audience,
    Commitment,
    Dialogue,
    DialogueTarget,
    FollowUpPlan,
    Initiative,
    InitiativeStatus,
    Inspection,
    InspectionPlan,
    RecognitionLevel,
    Recommendation,
)
from chiso.core.errors import DomainError
from chiso.core.uploads import check_upload
from chiso.frameworks.models import Component
from chiso.frameworks.vocabulary import IndexCode
from chiso.orgs.models import OrgUnit, UnitGroup
from chiso.plans.deadline import Deadline
from chiso.plans.models import AssignmentRole, Plan
from chiso.plans.services import AssigneeSpec, TaskSpec, plan_create, task_create

MIN_YEAR, MAX_YEAR = 2000, 2100


def _by(obj, by):
    if getattr(by, "pk", None):
        obj._history_user = by
    return obj


def _save(obj, by, *, exclude=None) -> None:
    """full_clean then save; a validation error becomes a DomainError in Vietnamese."""
    try:
        obj.full_clean(exclude=exclude, validate_constraints=True)
    except ValidationError as exc:
        raise DomainError("; ".join(exc.messages)) from exc
    try:
        with transaction.atomic():
            _by(obj, by).save()
    except IntegrityError as exc:  # a concurrent duplicate slipped past full_clean
        raise DomainError("Dữ liệu này vừa được ghi nhận, không ghi thêm lần nữa.") from exc


def _check_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError) as exc:
        raise DomainError("Năm không hợp lệ.", field="year") from exc
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError(f"Năm phải trong khoảng {MIN_YEAR}–{MAX_YEAR}.", field="year")
    return year


def _store(instance, field: str, upload, by_name: str) -> None:
    """Check an upload by its bytes and attach it to `instance.<field>` with a random name."""
    kind = check_upload(upload, upload.name, upload.size, settings.MAX_UPLOAD_MB)
    upload.seek(0)
    getattr(instance, field).save(f"{uuid.uuid4().hex}{kind.extension}", upload, save=False)
    setattr(instance, f"{by_name}_name", upload.name[:255])
    setattr(instance, f"{by_name}_type", kind.content_type)


def _fixed_deadline(day: date) -> dict:
    return Deadline(raw=f"{day:%d/%m/%Y}", kind="date", dates=(day,)).to_dict()


def _follow_up_task(*, plan: Plan, content: str, lead: OrgUnit, monitor: OrgUnit, due: date, by):
    assignees = [AssigneeSpec(role=AssignmentRole.LEAD, unit=lead)]
    if monitor.pk != lead.pk:
        assignees.append(AssigneeSpec(role=AssignmentRole.MONITORING, unit=monitor))
    spec = TaskSpec(
        content=content,
        expected_output="Báo cáo kết quả thực hiện kèm tài liệu minh chứng",
        deadline=_fixed_deadline(due),
        assignees=assignees,
    )
    return task_create(plan=plan, spec=spec, by=by)


# --- inspections ------------------------------------------------------------------------------


@transaction.atomic
def inspection_plan_create(
    *,
    year: int,
    title: str,
    owner_unit: OrgUnit,
    inspecting_unit: OrgUnit,
    group: UnitGroup | None = None,
    units: Iterable[OrgUnit] = (),
    target_percent: int = 30,
    number: str = "",
    by=None,
) -> InspectionPlan:
    """The year's inspection plan and the plan that follows up its recommendations."""
    year = _check_year(year)
    units = list(units)
    if not (title or "").strip():
        raise DomainError("Nhập tên kế hoạch kiểm tra.", field="title")
    if group is None and not units:
        raise DomainError(
            "Chọn nhóm đơn vị hoặc danh sách đơn vị thuộc phạm vi kiểm tra.", field="units"
        )
    try:
        target_percent = int(target_percent)
    except (TypeError, ValueError) as exc:
        raise DomainError("Tỉ lệ phải là số từ 1 đến 100.", field="target_percent") from exc
    if not 1 <= target_percent <= 100:
        raise DomainError("Tỉ lệ phải là số từ 1 đến 100.", field="target_percent")
    follow_up = plan_create(
        owner_unit=owner_unit,
        title=f"Theo dõi thực hiện kiến nghị sau kiểm tra CCHC năm {year}",
        period_start=date(year, 1, 1),
        period_end=date(year + 1, 12, 31),
        issuer=inspecting_unit.name,
        coordinator_unit=inspecting_unit,
        monitoring_unit=inspecting_unit,
        by=by,
    )
    plan = InspectionPlan(
        year=year,
        title=title.strip(),
        number=(number or "").strip(),
        owner_unit=owner_unit,
        inspecting_unit=inspecting_unit,
        group=group,
        target_percent=target_percent,
        follow_up_plan=follow_up,
        created_by=by,
    )
    _save(plan, by)
    if units:
        plan.units.set(units)
    return plan


@transaction.atomic
def inspection_add(
    *,
    inspection_plan: InspectionPlan,
    unit: OrgUnit,
    planned_on: date | None = None,
    team: str = "",
    content: str = "",
    by=None,
) -> Inspection:
    """Plan the inspection of one unit (once per plan)."""
    if planned_on and planned_on.year != inspection_plan.year:
        raise DomainError(
            f"Thời gian dự kiến phải trong năm {inspection_plan.year}.", field="planned_on"
        )
    inspection = Inspection(
        inspection_plan=inspection_plan,
        unit=unit,
        planned_on=planned_on,
        team=(team or "").strip(),
        content=(content or "").strip(),
        created_by=by,
    )
    _save(inspection, by)
    return inspection


@transaction.atomic
def inspection_record(
    *,
    inspection: Inspection,
    inspected_on: date,
    members: str = "",
    findings: str = "",
    conclusion=None,
    today: date,
    by=None,
) -> Inspection:
    """Record the inspection as held: date, members, findings, conclusion document."""
    if inspected_on is None:
        raise DomainError("Nhập ngày kiểm tra (dd/mm/yyyy).", field="inspected_on")
    if inspected_on > today:
        raise DomainError(
            f"Ngày kiểm tra {inspected_on:%d/%m/%Y} chưa tới; không ghi ngày trong tương lai.",
            field="inspected_on",
        )
    if inspected_on.year != inspection.inspection_plan.year:
        raise DomainError(
            f"Ngày kiểm tra phải trong năm {inspection.inspection_plan.year}.",
            field="inspected_on",
        )
    if not (findings or "").strip():
        raise DomainError("Nêu kết quả kiểm tra.", field="findings")
    inspection.inspected_on = inspected_on
    inspection.members = (members or "").strip()
    inspection.findings = findings.strip()
    if conclusion:
        _store(inspection, "conclusion", conclusion, "conclusion")
    inspection._change_reason = "Ghi nhận kết quả kiểm tra"
    _save(inspection, by)
    return inspection


@transaction.atomic
def recommendation_add(
    *, inspection: Inspection, content: str, deadline: date, by=None
) -> Recommendation:
    """A recommendation of a held inspection, with the task that follows it up."""
    content = (content or "").strip()
    if not content:
        raise DomainError("Nhập nội dung kiến nghị.", field="content")
    if inspection.inspected_on is None:
        raise DomainError("Ghi nhận kết quả kiểm tra trước khi thêm kiến nghị.")
    if deadline is None:
        raise DomainError("Nhập thời hạn thực hiện kiến nghị (dd/mm/yyyy).", field="deadline")
    plan = inspection.inspection_plan.follow_up_plan
    if deadline < inspection.inspected_on:
        raise DomainError(
            f"Thời hạn phải sau ngày kiểm tra {inspection.inspected_on:%d/%m/%Y}.",
            field="deadline",
        )
    if deadline > plan.period_end:
        raise DomainError(f"Thời hạn không được sau {plan.period_end:%d/%m/%Y}.", field="deadline")
    if inspection.recommendations.filter(content=content).exists():
        raise DomainError("Kiến nghị này đã được ghi nhận.", field="content")
    task = _follow_up_task(
        plan=plan,
        content=f"Thực hiện kiến nghị sau kiểm tra CCHC: {content}",
        lead=inspection.unit,
        monitor=inspection.inspection_plan.inspecting_unit,
        due=deadline,
        by=by,
    )
    rec = Recommendation(
        inspection=inspection, content=content, deadline=deadline, task=task, created_by=by
    )
    _save(rec, by)
    return rec


# --- initiatives ------------------------------------------------------------------------------


def _check_initiative(
    *, status: str, level: str, decision_number: str, decision_date, year: int, component
):
    if status not in InitiativeStatus.values:
        raise DomainError("Trạng thái sáng kiến không hợp lệ.", field="status")
    if level and level not in RecognitionLevel.values:
        raise DomainError("Cấp công nhận không hợp lệ.", field="recognition_level")
    if status == InitiativeStatus.RECOGNISED and not (level and decision_number and decision_date):
        raise DomainError(
            "Sáng kiến được công nhận cần ghi cấp công nhận, số và ngày quyết định.",
            field="decision_number",
        )
    if decision_date and decision_date.year < year:
        raise DomainError(
            f"Ngày quyết định {decision_date:%d/%m/%Y} trước năm đăng ký {year}.",
            field="decision_date",
        )
    if component is not None and component.framework.index_code != IndexCode.PAR_INDEX:
        raise DomainError("Chọn một tiêu chí của Chỉ số CCHC (PAR INDEX).", field="component")


@transaction.atomic
def initiative_save(
    *,
    initiative: Initiative | None = None,
    unit: OrgUnit,
    year: int,
    title: str,
    field: str = "",
    summary: str = "",
    status: str = InitiativeStatus.PROPOSED,
    recognition_level: str = "",
    decision_number: str = "",
    decision_date: date | None = None,
    component: Component | None = None,
    evidence=None,
    by=None,
) -> Initiative:
    """Register an initiative, or change one (status, recognition, evidence)."""
    year = _check_year(year)
    title = (title or "").strip()
    if not title:
        raise DomainError("Nhập tên sáng kiến.", field="title")
    decision_number = (decision_number or "").strip()
    _check_initiative(
        status=status,
        level=recognition_level,
        decision_number=decision_number,
        decision_date=decision_date,
        year=year,
        component=component,
    )
    if initiative is None:
        duplicate = Initiative.objects.filter(unit=unit, year=year, title__iexact=title)
        if duplicate.exists():
            raise DomainError(f"Đơn vị đã đăng ký sáng kiến “{title}” năm {year}.", field="title")
        initiative = Initiative(created_by=by)
    initiative.unit, initiative.year, initiative.title = unit, year, title
    initiative.field, initiative.summary = (field or "").strip(), (summary or "").strip()
    initiative.status, initiative.recognition_level = status, recognition_level or ""
    initiative.decision_number, initiative.decision_date = decision_number, decision_date
    initiative.component = component
    if evidence:
        _store(initiative, "evidence", evidence, "evidence")
    _save(initiative, by)
    return initiative


# --- dialogues --------------------------------------------------------------------------------


def _root(unit: OrgUnit) -> OrgUnit:
    ancestors = unit.ancestor_ids()
    return OrgUnit.objects.get(pk=ancestors[0]) if ancestors else unit


@transaction.atomic
def dialogue_create(
    *,
    unit: OrgUnit,
    held_on: date,
    chair: str,
    audience: str,
    topics: str,
    monitoring_unit: OrgUnit,
    participants: int = 0,
    questions: str = "",
    audience_unit: OrgUnit | None = None,
    today: date,
    by=None,
) -> Dialogue:
    if held_on is None:
        raise DomainError("Nhập ngày đối thoại (dd/mm/yyyy).", field="held_on")
    if held_on > today:
        raise DomainError(
            f"Ngày đối thoại {held_on:%d/%m/%Y} chưa tới; chỉ ghi nhận cuộc đã tổ chức.",
            field="held_on",
        )
    if audience not in Audience.values:
        raise DomainError("Chọn đối tượng đối thoại.", field="audience")
    if audience == Audience.COMMUNE and audience_unit is None:
        raise DomainError("Chọn xã, phường đối thoại.", field="audience_unit")
    try:
        participants = int(participants or 0)
    except (TypeError, ValueError) as exc:
        raise DomainError("Số người tham dự phải là số.", field="participants") from exc
    if participants < 0:
        raise DomainError("Số người tham dự không được âm.", field="participants")
    if not (chair or "").strip():
        raise DomainError("Nhập người chủ trì.", field="chair")
    if not (topics or "").strip():
        raise DomainError("Nhập chủ đề đối thoại.", field="topics")
    duplicate = Dialogue.objects.filter(unit=unit, held_on=held_on, topics=topics.strip())
    if duplicate.exists():
        raise DomainError("Cuộc đối thoại này đã được ghi nhận.", field="topics")
    dialogue = Dialogue(
        unit=unit,
        held_on=held_on,
        chair=chair.strip(),
        audience=audience,
        audience_unit=audience_unit if audience == Audience.COMMUNE else None,
        topics=topics.strip(),
        participants=participants,
        questions=(questions or "").strip(),
        monitoring_unit=monitoring_unit,
        created_by=by,
    )
    _save(dialogue, by)
    return dialogue


def _commitment_plan(dialogue: Dialogue, by) -> Plan:
    """The year's plan following up dialogue commitments (created the first time)."""
    year, owner = dialogue.held_on.year, _root(dialogue.unit)
    found = FollowUpPlan.objects.select_related("plan").filter(year=year, owner_unit=owner).first()
    if found:
        return found.plan
    plan = plan_create(
        owner_unit=owner,
        title=f"Theo dõi thực hiện cam kết sau đối thoại năm {year}",
        period_start=date(year, 1, 1),
        period_end=date(year + 1, 12, 31),
        issuer=dialogue.monitoring_unit.name,
        coordinator_unit=dialogue.monitoring_unit,
        monitoring_unit=dialogue.monitoring_unit,
        by=by,
    )
    FollowUpPlan.objects.create(year=year, owner_unit=owner, plan=plan)
    return plan


@transaction.atomic
def commitment_add(*, dialogue: Dialogue, content: str, deadline: date, by=None) -> Commitment:
    """A commitment made at a dialogue, with the task that follows it up."""
    content = (content or "").strip()
    if not content:
        raise DomainError("Nhập nội dung cam kết.", field="content")
    if deadline is None:
        raise DomainError("Nhập thời hạn thực hiện cam kết (dd/mm/yyyy).", field="deadline")
    if deadline < dialogue.held_on:
        raise DomainError(
            f"Thời hạn phải sau ngày đối thoại {dialogue.held_on:%d/%m/%Y}.", field="deadline"
        )
    plan = _commitment_plan(dialogue, by)
    if deadline > plan.period_end:
        raise DomainError(f"Thời hạn không được sau {plan.period_end:%d/%m/%Y}.", field="deadline")
    if dialogue.commitments.filter(content=content).exists():
        raise DomainError("Cam kết này đã được ghi nhận.", field="content")
    task = _follow_up_task(
        plan=plan,
        content=f"Thực hiện cam kết tại đối thoại ngày {dialogue.held_on:%d/%m/%Y}: {content}",
        lead=dialogue.unit,
        monitor=dialogue.monitoring_unit,
        due=deadline,
        by=by,
    )
    commitment = Commitment(
        dialogue=dialogue, content=content, deadline=deadline, task=task, created_by=by
    )
    _save(commitment, by)
    return commitment


@transaction.atomic
def dialogue_target_save(
    *, year: int, group: UnitGroup, per_year: int, per_quarter: int = 0, by=None
) -> DialogueTarget:
    """Set (or change) how many dialogues each unit of `group` should hold in `year`."""
    year = _check_year(year)
    try:
        per_year, per_quarter = int(per_year), int(per_quarter or 0)
    except (TypeError, ValueError) as exc:
        raise DomainError("Số cuộc đối thoại phải là số nguyên.", field="per_year") from exc
    if per_year < 0 or per_quarter < 0:
        raise DomainError("Số cuộc đối thoại không được âm.", field="per_year")
    if per_quarter * 4 > per_year:
        raise DomainError(
            f"Số cuộc mỗi năm phải ít nhất bằng 4 lần số cuộc mỗi quý ({per_quarter * 4}).",
            field="per_year",
        )
    target = DialogueTarget.objects.filter(year=year, group=group).first() or DialogueTarget(
        year=year, group=group, created_by=by
    )
    target.per_year, target.per_quarter = per_year, per_quarter
    _save(target, by)
    return target
