"""Writes of task tracking: occurrences, progress reports and their review, contributions,
explanation requests, deadline changes. Each validates, then saves inside a transaction."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from chiso.core.errors import ConflictError, DomainError
from chiso.core.lib.text import excerpt
from chiso.core.uploads import check_upload
from chiso.orgs.models import OrgUnit, UnitSuccession
from chiso.orgs.services import group_resolved_members
from chiso.plans.models import AssignmentRole, Plan, Task
from chiso.tracking import notify, rates
from chiso.tracking.models import (
    Contribution,
    Evidence,
    ExplanationRequest,
    Occurrence,
    PeriodClose,
    PeriodFigure,
    ProgressReport,
    ReportState,
    WorkStatus,
)
from chiso.tracking.periods import task_periods

# --- occurrences --------------------------------------------------------------------------------


def _leads(task: Task) -> tuple[list[OrgUnit], set[int]]:
    """Units that lead the task, and which of them only as members of a named group."""
    units: dict[int, OrgUnit] = {}
    named: set[int] = set()
    from_groups: set[int] = set()
    for a in task.assignments.filter(role=AssignmentRole.LEAD).select_related("unit", "group"):
        if a.unit_id:
            units[a.unit_id] = a.unit
            named.add(a.unit_id)
        elif a.group_id:
            members = group_resolved_members(a.group).filter(
                Q(active_from__isnull=True) | Q(active_from__lte=task.plan.period_end),
                Q(active_to__isnull=True) | Q(active_to__gte=task.plan.period_start),
            )  # only units that exist at some time during the plan
            for member in members:
                from_groups.add(member.pk)
                units.setdefault(member.pk, member)
    return list(units.values()), from_groups - named


def lead_units(task: Task) -> list[OrgUnit]:
    """Units that lead the task: named units plus the members of named groups."""
    return _leads(task)[0]


def _exists_during(unit: OrgUnit, period) -> bool:
    """A unit a group brings in owes only the periods it exists in (a commune formed on
    01/07/2025 owes nothing for 2024; one merged away owes nothing after)."""
    first, last = period.start or period.due, period.end or period.due
    if unit.active_from and last and unit.active_from > last:
        return False
    return not (unit.active_to and first and unit.active_to < first)


def _successions(unit_ids: set[int]) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """Successors and predecessors of the given units, as two maps of unit ids."""
    successors: dict[int, set[int]] = {}
    predecessors: dict[int, set[int]] = {}
    rows = UnitSuccession.objects.filter(
        Q(predecessor_id__in=unit_ids) | Q(successor_id__in=unit_ids)
    ).values_list("predecessor_id", "successor_id")
    for before, after in rows:
        successors.setdefault(before, set()).add(after)
        predecessors.setdefault(after, set()).add(before)
    return successors, predecessors


class _Succession:
    """What a reorganisation already decided for a task's occurrences, so a resync keeps it.

    A period a successor carries is not recreated for the dissolved unit; a period the dissolved
    unit kept (done, accepted, cancelled before the change) is not created for its successor; the
    dissolved unit's past and what its successor took over are never removed.
    """

    def __init__(self, existing: dict, lead_ids: set[int]):
        self.existing, self.lead_ids = existing, lead_ids
        self.successors, self.predecessors = _successions(lead_ids | {k[0] for k in existing})

    def skips(self, unit_id: int, start) -> bool:
        if (unit_id, start) in self.existing:
            return False
        handed_over = any((s, start) in self.existing for s in self.successors.get(unit_id, ()))
        kept = any((p, start) in self.existing for p in self.predecessors.get(unit_id, ()))
        return handed_over or kept

    def keeps(self, unit_id: int) -> bool:
        inherited = self.predecessors.get(unit_id, set()) & self.lead_ids
        return unit_id in self.successors or bool(inherited)


@transaction.atomic
def occurrences_sync(task: Task) -> dict[str, int]:
    """Create the occurrences the task owes (lead unit × reporting period), idempotently.

    Occurrences no longer implied (deadline or lead changed) are deleted when nothing was
    reported on them, and kept otherwise. A due date a coordinator set by hand is not overwritten.
    What a reorganisation handed over stays as it was handed (see `_Succession`).
    """
    plan = task.plan
    periods = task_periods(
        task.deadline,
        plan_start=plan.period_start,
        plan_end=plan.period_end,
        plan_date=plan.date,
        reporting_frequency=plan.reporting_frequency,
    )
    existing = {(o.unit_id, o.period_start): o for o in task.occurrences.all()}
    leads, from_groups = _leads(task)
    succession = _Succession(existing, {u.pk for u in leads})
    wanted, new, updated = set(), [], 0
    for unit in leads:
        for period in periods:
            key = (unit.pk, period.start)
            if succession.skips(*key):
                continue
            if unit.pk in from_groups and not _exists_during(unit, period):
                continue
            wanted.add(key)
            occ = existing.get(key)
            if occ is None:
                new.append(
                    Occurrence(
                        task=task,
                        unit=unit,
                        period_label=period.label,
                        period_start=period.start,
                        period_end=period.end,
                        due_date=period.due,
                        is_cancelled=task.is_cancelled,
                        cancel_reason=task.cancel_reason,
                    )
                )
            elif not occ.due_changed and (occ.due_date, occ.period_label) != (
                period.due,
                period.label,
            ):
                occ.due_date, occ.period_label, occ.period_end = (
                    period.due,
                    period.label,
                    period.end,
                )
                occ.save()
                updated += 1
    # One INSERT per batch (with its history rows) instead of one per occurrence: a province
    # plan creates thousands of occurrences at confirmation.
    bulk_create_with_history(new, Occurrence, batch_size=1000)
    created = len(new)
    stale = [
        o.pk for key, o in existing.items() if key not in wanted and not succession.keeps(key[0])
    ]
    removable = Occurrence.objects.filter(pk__in=stale, reports__isnull=True)
    removed = removable.count()
    removable.delete()
    return {"created": created, "updated": updated, "removed": removed}


def occurrences_sync_plan(plan: Plan) -> dict[str, int]:
    total = {"created": 0, "updated": 0, "removed": 0}
    for task in plan.tasks.select_related("plan"):
        for key, value in occurrences_sync(task).items():
            total[key] += value
    return total


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Phải ghi rõ lý do.", field="reason")
    return reason


@transaction.atomic
def occurrence_change_deadline(
    *, occurrence: Occurrence, due_date: date, reason: str, by, current_due: date | None = None
) -> Occurrence:
    """Move the occurrence's due date. `current_due` is the due date the user saw: when someone
    changed it since, ConflictError and nothing is written (without it, the change is blind)."""
    reason = _require_reason(reason)
    if due_date is None:
        raise DomainError("Chọn hạn mới.", field="due_date")
    saved = Occurrence.objects.select_for_update().only("due_date").get(pk=occurrence.pk)
    if current_due is not None and saved.due_date != current_due:
        raise ConflictError(
            f"Hạn của kỳ này vừa được người khác đổi thành {saved.due_date:%d/%m/%Y} sau khi bạn "
            "mở trang. Hạn bạn nhập chưa được lưu; hãy tải lại trang rồi thử lại."
        )
    if occurrence.period_start and occurrence.period_start > due_date:
        # The period then starts on its new deadline; it must not become another period.
        if (
            Occurrence.objects.filter(
                task_id=occurrence.task_id, unit_id=occurrence.unit_id, period_start=due_date
            )
            .exclude(pk=occurrence.pk)
            .exists()
        ):
            raise DomainError(
                f"Hạn mới {due_date:%d/%m/%Y} rơi vào một kỳ báo cáo khác của nhiệm vụ này. "
                "Chọn hạn không sớm hơn ngày bắt đầu của kỳ "
                f"({occurrence.period_start:%d/%m/%Y}).",
                field="due_date",
            )
        occurrence.period_start = due_date
    occurrence.due_date = due_date
    occurrence.due_changed = True
    occurrence._change_reason = f"Đổi hạn: {reason}"
    occurrence.save()
    return occurrence


@transaction.atomic
def occurrence_reassign(*, occurrence: Occurrence, unit: OrgUnit, reason: str, by) -> Occurrence:
    reason = _require_reason(reason)
    if occurrence.reports.exists():
        raise DomainError("Đơn vị đã báo cáo kỳ này; không thể giao lại cho đơn vị khác.")
    if Occurrence.objects.filter(
        task=occurrence.task, unit=unit, period_start=occurrence.period_start
    ).exists():
        raise DomainError(f"{unit.name} đã được giao kỳ này.", field="unit")
    occurrence.unit = unit
    occurrence._change_reason = f"Giao lại cho {unit.name}: {reason}"
    occurrence.save()
    return occurrence


@transaction.atomic
def occurrence_cancel(*, occurrence: Occurrence, reason: str, by) -> Occurrence:
    occurrence.cancel_reason = _require_reason(reason)
    occurrence.is_cancelled = True
    occurrence._change_reason = f"Dừng thực hiện: {occurrence.cancel_reason}"
    occurrence.save()
    return occurrence


# --- progress reports ---------------------------------------------------------------------------


def _validate_completed_on(work_status: str, completed_on: date | None, today: date):
    """The actual completion date: required for finished work, never in the future."""
    if work_status != WorkStatus.DONE:
        return None
    if completed_on is None:
        raise DomainError(
            "Nhập ngày hoàn thành thực tế (dd/mm/yyyy) khi báo cáo đã hoàn thành.",
            field="completed_on",
        )
    if completed_on > today:
        raise DomainError(
            f"Ngày hoàn thành {completed_on:%d/%m/%Y} chưa tới; không ghi ngày trong tương lai.",
            field="completed_on",
        )
    return completed_on


def _validate_report_fields(work_status: str, percent: int, result_value) -> int:
    if work_status not in WorkStatus.values:
        raise DomainError("Chọn tình hình thực hiện.", field="work_status")
    try:
        percent = int(percent)
    except (TypeError, ValueError) as exc:
        raise DomainError("Tiến độ phải là số từ 0 đến 100.", field="percent") from exc
    if not 0 <= percent <= 100:
        raise DomainError("Tiến độ phải là số từ 0 đến 100.", field="percent")
    if work_status == WorkStatus.DONE:
        percent = 100
    if work_status == WorkStatus.NOT_STARTED:
        percent = 0
    if result_value is not None and Decimal(result_value) < 0:
        raise DomainError("Kết quả (số liệu) không được âm.", field="result_value")
    return percent


def _store_files(report: ProgressReport, files: list[UploadedFile]) -> None:
    max_mb = settings.MAX_UPLOAD_MB
    kinds = [check_upload(f, f.name, f.size, max_mb) for f in files]  # all checked before any save
    for upload, kind in zip(files, kinds, strict=True):
        evidence = Evidence(
            report=report,
            original_name=upload.name[:255],
            content_type=kind.content_type,
            size=upload.size,
        )
        upload.seek(0)
        evidence.file.save(f"{uuid.uuid4().hex}{kind.extension}", upload, save=False)
        evidence.save()


def _apply(report: ProgressReport, version, *, by, reason: str, **changes) -> None:
    """Save `changes` only if nobody saved the report since `version` was read."""
    current = ProgressReport.objects.select_for_update().get(pk=report.pk)
    expected = current.version if version in (None, "") else int(version)
    if current.version != expected:
        raise ConflictError(
            "Báo cáo này vừa được người khác thay đổi sau khi bạn mở trang. Nội dung của bạn "
            "chưa được lưu; hãy tải lại trang để xem bản mới nhất rồi nhập lại."
        )
    for key, value in changes.items():
        setattr(report, key, value)
    report.version = current.version + 1
    report._change_reason = reason
    report._history_user = by if getattr(by, "pk", None) else None
    report.full_clean(exclude=["occurrence", "unit"])
    report.save()


def _report_first_save(occurrence: Occurrence, by) -> ProgressReport:
    """Create the unit's report row; ConflictError when a simultaneous first save got there first.

    The unique (occurrence, unit) constraint decides the race; the savepoint keeps the caller's
    transaction usable, and the caller then shows the report that won.
    """
    report = ProgressReport(occurrence=occurrence, unit=occurrence.unit, created_by=by)
    try:
        with transaction.atomic():
            report.save_without_historical_record()
    except IntegrityError as exc:
        raise ConflictError(
            "Báo cáo kỳ này vừa được lưu từ một phiên làm việc khác. Nội dung của bạn chưa được "
            "lưu; hãy xem báo cáo đã lưu rồi cập nhật nếu cần."
        ) from exc
    return report


@transaction.atomic
def report_save(
    *,
    occurrence: Occurrence,
    by,
    work_status: str,
    percent: int,
    narrative: str = "",
    result_value: Decimal | None = None,
    completed_on: date | None = None,
    files: list[UploadedFile] = (),
    submit: bool = False,
    version: int | None = None,
) -> ProgressReport:
    """Save the lead unit's report as a draft, or submit it for review (`submit=True`).

    `completed_on` (the date the work was actually completed) is required when the work is
    reported done, and ignored otherwise.
    """
    percent = _validate_report_fields(work_status, percent, result_value)
    now = timezone.now()
    completed_on = _validate_completed_on(work_status, completed_on, timezone.localdate(now))
    report = ProgressReport.objects.filter(occurrence=occurrence, unit=occurrence.unit).first()
    if report is None:
        if version not in (None, "", 0, "0"):
            raise ConflictError("Báo cáo đã bị thay đổi; hãy tải lại trang.")
        report = _report_first_save(occurrence, by)
        version = report.version
    elif report.state == ReportState.SUBMITTED:
        raise DomainError("Báo cáo đang chờ thẩm định, chưa sửa được.")
    elif not report.is_editable:
        raise DomainError("Kỳ báo cáo này đã được chấp nhận và khóa; cần mở lại trước khi sửa.")
    resubmitted = report.first_submitted_at is not None
    if occurrence.is_cancelled:
        raise DomainError("Nhiệm vụ đã dừng thực hiện, không nhận báo cáo.")
    if submit and not (narrative or "").strip():
        raise DomainError("Nêu kết quả thực hiện trước khi gửi báo cáo.", field="narrative")
    changes = {
        "work_status": work_status,
        "percent": percent,
        "completed_on": completed_on,
        "narrative": (narrative or "").strip(),
        "result_value": result_value,
        "state": ReportState.SUBMITTED if submit else ReportState.DRAFT,
    }
    if submit:
        changes.update(submitted_at=now, submitted_by=by)
        if report.first_submitted_at is None:
            changes["first_submitted_at"] = now
            # the period was closed without this report: it is late and goes to the next one
            changes["after_close"] = closing_period_of(occurrence) is not None
    _apply(report, version, by=by, reason="Gửi báo cáo" if submit else "Lưu nháp", **changes)
    if submit and occurrence.first_reported_on is None:
        occurrence.first_reported_on = timezone.localdate(now)
        occurrence.save(update_fields=["first_reported_on", "updated_at"])
    _store_files(report, list(files))
    if submit:
        notify.report_submitted(report, resubmitted=resubmitted)
    return report


@transaction.atomic
def evidence_delete(*, evidence: Evidence, by) -> None:
    """Remove a file from a report that is still being written (draft or returned)."""
    report = evidence.report
    if report.state not in (ReportState.DRAFT, ReportState.RETURNED):
        raise DomainError("Chỉ xóa được tài liệu của báo cáo đang soạn hoặc bị trả lại.")
    evidence._change_reason = f"Xóa tài liệu {evidence.original_name}"
    evidence._history_user = by if getattr(by, "pk", None) else None
    name = evidence.file.name
    storage = evidence.file.storage
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))


def _review_guard(report: ProgressReport) -> None:
    if report.state != ReportState.SUBMITTED:
        raise DomainError("Chỉ thẩm định được báo cáo đang chờ duyệt.")


@transaction.atomic
def report_accept(
    *, report: ProgressReport, by, comment: str = "", version: int | None = None
) -> ProgressReport:
    _review_guard(report)
    _apply(
        report,
        version,
        by=by,
        reason="Chấp nhận báo cáo",
        state=ReportState.ACCEPTED,
        reviewed_at=timezone.now(),
        reviewed_by=by,
        review_comment=(comment or "").strip(),
    )
    occ = report.occurrence
    occ.percent = report.percent
    if report.work_status == WorkStatus.DONE:
        occ.completed_on = report.completed_on or timezone.localdate(report.submitted_at)
    occ._change_reason = "Chấp nhận báo cáo"
    occ.save()
    notify.report_reviewed(report)
    return report


@transaction.atomic
def report_return(
    *, report: ProgressReport, by, comment: str, version: int | None = None
) -> ProgressReport:
    _review_guard(report)
    if not (comment or "").strip():
        raise DomainError("Ghi rõ lý do trả lại để đơn vị bổ sung.", field="comment")
    _apply(
        report,
        version,
        by=by,
        reason=f"Trả lại: {comment.strip()}",
        state=ReportState.RETURNED,
        reviewed_at=timezone.now(),
        reviewed_by=by,
        review_comment=comment.strip(),
    )
    notify.report_reviewed(report)
    return report


@transaction.atomic
def report_reopen(*, report: ProgressReport, by, reason: str) -> ProgressReport:
    reason = _require_reason(reason)
    if report.state != ReportState.ACCEPTED:
        raise DomainError("Chỉ mở lại được báo cáo đã được chấp nhận.")
    _apply(
        report,
        None,
        by=by,
        reason=f"Mở lại: {reason}",
        state=ReportState.RETURNED,
        review_comment=f"Mở lại: {reason}",
    )
    occ = report.occurrence
    occ.completed_on = None
    occ._change_reason = f"Mở lại kỳ báo cáo: {reason}"
    occ.save()
    notify.report_reviewed(report)
    return report


@transaction.atomic
def reports_bulk_accept(*, reports, by) -> int:
    """Accept every submitted report of `reports` in one transaction: all of them or none (a
    conflict on one, or the process dying half-way, leaves every report as it was)."""
    accepted = 0
    for report in reports.select_related("occurrence__task__plan", "unit"):
        if report.state == ReportState.SUBMITTED:
            report_accept(report=report, by=by)
            accepted += 1
    return accepted


# --- contributions and explanations -------------------------------------------------------------


@transaction.atomic
def contribution_add(*, occurrence: Occurrence, unit: OrgUnit, narrative: str, by) -> Contribution:
    if not (narrative or "").strip():
        raise DomainError("Nhập nội dung phối hợp.", field="narrative")
    contribution = Contribution.objects.create(
        occurrence=occurrence,
        unit=unit,
        narrative=narrative.strip(),
        submitted_at=timezone.now(),
        submitted_by=by,
        created_by=by,
    )
    task = excerpt(occurrence.task.content, 80)
    notify.to_unit(
        occurrence.unit,
        f"{unit.name} đã gửi ý kiến phối hợp cho nhiệm vụ “{task}”.",
        reverse("tracking:occurrence", args=[occurrence.pk]),
    )
    return contribution


@transaction.atomic
def explanation_request(*, occurrence: Occurrence, question: str, by) -> ExplanationRequest:
    if not (question or "").strip():
        raise DomainError("Nhập nội dung cần giải trình.", field="question")
    req = ExplanationRequest.objects.create(
        occurrence=occurrence, requested_by=by, question=question.strip(), created_by=by
    )
    notify.to_unit(
        occurrence.unit,
        f"Yêu cầu giải trình về nhiệm vụ “{excerpt(occurrence.task.content, 80)}”.",
        reverse("tracking:occurrence", args=[occurrence.pk]),
    )
    return req


@transaction.atomic
def explanation_answer(*, request: ExplanationRequest, answer: str, by) -> ExplanationRequest:
    if request.answered_at:
        raise DomainError("Yêu cầu này đã được giải trình.")
    if not (answer or "").strip():
        raise DomainError("Nhập nội dung giải trình.", field="answer")
    request.answer = answer.strip()
    request.answered_at = timezone.now()
    request.answered_by = by
    request.save()
    notify.explanation_answered(request)
    return request


# --- period close (chốt số liệu) ------------------------------------------------------------------


def period_occurrences(plan: Plan, data_start: date, data_end: date):
    """What a report period counts: the plan's occurrences due inside its data window."""
    return Occurrence.objects.filter(task__plan=plan, due_date__range=(data_start, data_end))


@transaction.atomic
def period_close(
    *,
    plan: Plan,
    period_code: str,
    period_label: str,
    data_start: date,
    data_end: date,
    as_of: date,
    by,
    automatic: bool = False,
) -> PeriodClose:
    """Freeze the plan's figures for a report period: one PeriodFigure per lead unit, counted on
    `as_of` by the one rule (`rates.count_by`). Closing an open (reopened) period again takes a
    fresh snapshot; closing a closed one is refused."""
    close = (
        PeriodClose.objects.select_for_update().filter(plan=plan, period_code=period_code).first()
    )
    if close is not None and close.is_closed:
        when = timezone.localtime(close.closed_at)
        raise DomainError(f"Số liệu {period_label} đã được chốt ngày {when:%d/%m/%Y}.")
    close = close or PeriodClose(plan=plan, period_code=period_code, created_by=by)
    close.period_label, close.data_start, close.data_end = period_label, data_start, data_end
    close.as_of, close.is_closed, close.automatic = as_of, True, automatic
    close.closed_at, close.closed_by = timezone.now(), by if getattr(by, "pk", None) else None
    close._change_reason = "Tự động chốt số liệu" if automatic else "Chốt số liệu"
    close._history_user = close.closed_by
    close.full_clean(exclude=["plan", "created_by"])
    close.save()
    close.figures.all().delete()
    counts = rates.count_by(period_occurrences(plan, data_start, data_end), as_of, "unit_id")
    PeriodFigure.objects.bulk_create(
        PeriodFigure(close=close, unit_id=unit_id, **{k: row[k] for k in rates.COUNT_KEYS})
        for unit_id, row in counts.items()
    )
    return close


@transaction.atomic
def period_reopen(*, close: PeriodClose, reason: str, by) -> PeriodClose:
    """Make a closed period's figures live again; the reason stays in the history."""
    reason = _require_reason(reason)
    close = PeriodClose.objects.select_for_update().get(pk=close.pk)
    if not close.is_closed:
        raise DomainError("Kỳ này đang mở, chưa chốt số liệu.")
    close.is_closed = False
    close.reopen_reason = reason
    close._change_reason = f"Mở lại kỳ đã chốt: {reason}"
    close._history_user = by if getattr(by, "pk", None) else None
    close.save()
    return close


def closing_period_of(occurrence: Occurrence) -> PeriodClose | None:
    """The earliest closed period of the plan whose window holds the occurrence's due date."""
    if occurrence.due_date is None:
        return None
    return (
        PeriodClose.objects.filter(
            plan_id=occurrence.task.plan_id,
            is_closed=True,
            data_start__lte=occurrence.due_date,
            data_end__gte=occurrence.due_date,
        )
        .order_by("closed_at")
        .first()
    )
