"""Writes on reports: generate (or regenerate) a draft, edit its narrative, finalise it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from chiso.core.errors import ConflictError, DomainError
from chiso.core.lib.text import fold
from chiso.orgs.models import OrgUnit
from chiso.plans.models import Plan
from chiso.reports import compose
from chiso.reports.definitions import definition
from chiso.reports.models import Report, ReportKind, ReportState
from chiso.reports.periods import ReportPeriod, parse_period, rules_from_settings
from chiso.reports.selectors import unit_info

Progress = Callable[[int, str], None]
MAX_SECTION_CHARS = 20_000


def period_from_code(code: str) -> ReportPeriod:
    """The period for a code like 2024-Q4, with the configured cut-off rule; DomainError if bad."""
    try:
        return parse_period(code, rules_from_settings(getattr(settings, "REPORT_CUTOFF_RULES", {})))
    except ValueError as exc:
        raise DomainError(str(exc), field="period") from exc


def compiler_unit(plan: Plan) -> OrgUnit:
    """Who writes the compiled report: the plan's coordinating office, else its owner."""
    return plan.coordinator_unit or plan.owner_unit


def _noop(pct: int, message: str) -> None:
    return None


def report_generate(
    *,
    kind: str,
    plan: Plan,
    period: ReportPeriod,
    unit: OrgUnit | None = None,
    by=None,
    today: date | None = None,
    progress: Progress | None = None,
) -> Report:
    """Create or refresh the draft for (kind, plan, unit, period) from the current data.

    Narrative already edited on an existing draft is kept; a finalised report is never touched.
    """
    step = progress or _noop
    if kind not in ReportKind.values:
        raise DomainError("Loại báo cáo không hợp lệ.", field="kind")
    if kind == ReportKind.UNIT and unit is None:
        raise DomainError("Chọn đơn vị lập báo cáo.", field="unit")
    if kind == ReportKind.COMPILED:
        unit = compiler_unit(plan)
    # The stored content is replaced below: not read (tens of MB of JSON for a large plan).
    existing = (
        Report.objects.filter(kind=kind, plan=plan, unit=unit, period_code=period.code)
        .defer("content")
        .first()
    )
    if existing and existing.is_final:
        raise DomainError(f"Báo cáo {period.label} đã hoàn thiện, không lập lại được.")
    step(5, "Đang lấy số liệu")
    today = today or timezone.localdate()
    spec = definition(kind)
    if kind == ReportKind.UNIT:
        content = spec.selector(plan=plan, unit=unit, period=period, today=today)
    else:
        content = spec.selector(plan=plan, period=period, today=today, progress=step)
    step(60, "Đang soạn văn bản")
    report = existing or Report(
        kind=kind, plan=plan, unit=unit, period_code=period.code, created_by=by
    )
    report.period_label = period.label
    report.data_start, report.data_end = period.data_start, period.data_end
    report.content = content
    defaults = compose.default_sections(content)
    report.sections = {**defaults, **(existing.sections if existing else {})}
    report.generated_at = timezone.now()
    replaced = _render(report, step)
    step(95, "Đang lưu báo cáo")
    try:
        with transaction.atomic():
            if existing:
                report.version += 1
            report.save()
            _forget_after_commit(report, replaced)
    except IntegrityError as exc:  # a concurrent request created the same draft first
        _delete_files(report, _file_names(report))
        raise ConflictError("Báo cáo này vừa được lập bởi một yêu cầu khác. Mở lại trang.") from exc
    step(100, "Đã lập xong báo cáo")
    return report


def _file_names(report: Report) -> list[str]:
    return [f.name for f in (report.docx, report.xlsx) if f]


def _delete_files(report: Report, names: list[str]) -> None:
    for name in names:
        report.docx.storage.delete(name)


def _forget_after_commit(report: Report, names: list[str]) -> None:
    """Delete the replaced files once the row pointing at the new ones is committed.

    Called inside the transaction that saves the row: if it rolls back (or the process dies
    before the commit), the row still points at the old files, which still exist.
    """
    transaction.on_commit(lambda: _delete_files(report, names))


def _render(report: Report, step: Progress = _noop, issued: date | None = None) -> list[str]:
    """Write the report's files under new names and point the fields at them.

    Returns the names of the files they replace; nothing is deleted here, so a crash at any
    moment leaves the saved row with files that exist.
    """
    doc = compose.compose(
        report.content,
        report.sections,
        number=report.number,
        issued=issued,
        signer_name=report.sections.get("nguoi_ky", ""),
        issuer=unit_info(report.issuer) if report.issuer_id else None,
    )
    base = file_stem(report)
    suffix = "-ban-chinh-thuc" if issued else ""
    stamp = uuid.uuid4().hex[:8]  # a new name each time: the old file stays until commit
    spec = definition(report.kind)
    replaced = _file_names(report)
    for i, builder in enumerate(spec.builders):
        step(65 + 15 * i, f"Đang tạo tệp {builder.extension.upper()}")
        field = getattr(report, builder.extension)
        content = ContentFile(builder.build(doc))
        field.save(f"{base}{suffix}-{stamp}.{builder.extension}", content, save=False)
    return replaced


def file_stem(report: Report) -> str:
    """The one name a report's files carry, stored and downloaded, Word and Excel alike:
    bao-cao-tong-hop-2024-Q4-snv (kind, period, issuing unit)."""
    kind = "tong-hop" if report.kind == ReportKind.COMPILED else "don-vi"
    unit = report.issuing_unit
    who = slugify(fold(unit.document_code or unit.short_name or unit.name)) or str(unit.pk)
    return f"bao-cao-{kind}-{report.period_code}-{who}"


def issuer_choices(report: Report) -> list[OrgUnit]:
    """Who may sign the report: the reporting unit, or a superior it drafts for (Sở Nội vụ
    drafting the compiled report for UBND tỉnh)."""
    ancestors = OrgUnit.objects.filter(pk__in=report.unit.ancestor_ids()).order_by("-depth")
    return [report.unit, *ancestors]


def report_update(
    *,
    report: Report,
    sections: dict,
    number: str = "",
    version: int,
    issuer: OrgUnit | None = None,
    by=None,
) -> Report:
    """Save the edited narrative of a draft and rebuild its files."""
    if report.is_final:
        raise DomainError("Báo cáo đã hoàn thiện, không sửa được nữa.")
    allowed = {s.key for s in definition(report.kind).sections}
    unknown = set(sections) - allowed
    if unknown:
        raise DomainError("Nội dung không thuộc báo cáo này: " + ", ".join(sorted(unknown)))
    for key, text in sections.items():
        if len(text or "") > MAX_SECTION_CHARS:
            raise DomainError(f"Mục quá dài (tối đa {MAX_SECTION_CHARS} ký tự).", field=key)
    if len(number) > 60:
        raise DomainError("Số, ký hiệu tối đa 60 ký tự.", field="number")
    if issuer is not None and issuer not in issuer_choices(report):
        raise DomainError(
            "Cơ quan ban hành phải là đơn vị báo cáo hoặc cơ quan cấp trên của đơn vị.",
            field="issuer",
        )
    with transaction.atomic():
        current = Report.objects.select_for_update().get(pk=report.pk)
        if current.version != version:
            raise ConflictError(
                "Báo cáo vừa được người khác sửa hoặc lập lại. Mở lại trang để xem bản mới nhất."
            )
        current.sections = {
            **current.sections,
            **{k: (v or "").strip() for k, v in sections.items()},
        }
        current.number = number.strip()
        if issuer is not None:
            current.issuer = None if issuer == current.unit else issuer
        current.version += 1
        _forget_after_commit(current, _render(current))
        current.save()
    return current


def report_finalize(*, report: Report, version: int, by=None, issued: date | None = None) -> Report:
    """Freeze the report: final files are rebuilt with the issue date and kept with the record."""
    if report.is_final:
        raise DomainError("Báo cáo đã hoàn thiện trước đó.")
    with transaction.atomic():
        current = Report.objects.select_for_update().get(pk=report.pk)
        if current.version != version:
            raise ConflictError("Báo cáo vừa được thay đổi. Mở lại trang trước khi hoàn thiện.")
        current.state = ReportState.FINAL
        current.issued_at = timezone.now()
        current.issued_by = by
        current.version += 1
        _forget_after_commit(current, _render(current, issued=issued or timezone.localdate()))
        current.save()
    return current
