"""Writes of the importer: start a job (store + parse), resolve agencies, confirm into a plan."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django_tasks import task as background_task

from chiso.core import jobs
from chiso.core.errors import DomainError
from chiso.core.lib.bounded import LimitExceeded, run_bounded
from chiso.core.readers import MAX_BYTES
from chiso.frameworks.models import Target
from chiso.frameworks.services import targets_from_plan
from chiso.importer import draft_json
from chiso.importer.cli_json import parse_file
from chiso.importer.errors import (
    DocumentError,
    EmptyDocument,
    ParseLimit,
    TooLarge,
    UnreadableDocument,
)
from chiso.importer.models import AgencyMapping, ImportJob, JobState
from chiso.importer.parse.agencies import resolve_agency
from chiso.importer.plan_spec import PlanSpec, plan_spec
from chiso.importer.selectors import (
    Candidate,
    agency_candidates,
    duplicate_plan,
    name_key,
    remembered_mappings,
)
from chiso.orgs.models import OrgUnit, UnitGroup
from chiso.plans.models import Plan, TaskAssignment
from chiso.plans.services import plan_create, plan_tasks_derive
from chiso.tracking.models import Occurrence

log = logging.getLogger(__name__)
# Files up to this size are parsed within the request; larger ones by a background task.
SYNC_MAX_BYTES = 1024 * 1024
CRASHED = "Có lỗi khi đọc tài liệu. Vui lòng thử lại hoặc tải lên bản Word (.docx)."
INTERRUPTED = "Việc đọc văn bản bị gián đoạn. Vui lòng tải văn bản lên lại."


class DuplicatePlan(DomainError):
    """The document was already imported into this owner unit; `plan` is the existing one."""

    def __init__(self, plan: Plan):
        super().__init__(
            "Kế hoạch này đã được nhập trước đó"
            f"{f' (số {plan.number})' if plan.number else ''}. Mở kế hoạch đã có thay vì tạo trùng."
        )
        self.plan = plan


# --- start: store and parse ---------------------------------------------------------------


def check_upload_size(size: int) -> None:
    """Reject an oversized upload from its declared size, before reading it."""
    if size > MAX_BYTES:
        raise TooLarge()


def import_start(
    *, user, filename: str, data: bytes, owner_unit: OrgUnit, background: bool | None = None
) -> ImportJob:
    """Store the file and parse it into a draft.

    Parsed within the call (a DocumentError leaves nothing written) unless `background` (by
    default: files over SYNC_MAX_BYTES): then the job is created in state "parsing" together
    with a queued background task that fills it in; a failure marks the job failed and removes
    the stored file.
    """
    check_upload_size(len(data))
    if not data.strip():
        raise EmptyDocument()
    filename = (filename or "ke-hoach.txt").replace("\\", "/").rsplit("/", 1)[-1][:255]
    sha = hashlib.sha256(data).hexdigest()
    if background is None:
        background = len(data) > SYNC_MAX_BYTES
    if background:
        with transaction.atomic():
            job = _job_create(user, filename, data, sha, owner_unit, {}, JobState.PARSING)
            result = import_parse.enqueue(job.pk)
            ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
        job.refresh_from_db()
        return job
    draft = _parse(filename, data, owner_unit)
    with transaction.atomic():
        return _job_create(user, filename, data, sha, owner_unit, draft, JobState.READY)


def _job_create(user, filename, data, sha, owner_unit, draft, state) -> ImportJob:
    job = ImportJob(
        user=user if getattr(user, "pk", None) else None,
        created_by=user if getattr(user, "pk", None) else None,
        owner_unit=owner_unit,
        filename=filename,
        size=len(data),
        sha256=sha,
        state=state,
        progress=100 if state == JobState.READY else 5,
        draft=draft,
    )
    job.file.save(filename, ContentFile(data), save=False)
    job.save()
    return job


def parse_bounded(filename: str, data: bytes) -> dict[str, Any]:
    """The JSON draft of a document, read in a child process within IMPORT_PARSE_SECONDS and
    IMPORT_PARSE_MEMORY_MB; ParseLimit (a DocumentError) when it breaks one of them."""
    try:
        return run_bounded(
            parse_file,
            filename,
            data,
            seconds=settings.IMPORT_PARSE_SECONDS,
            memory_mb=settings.IMPORT_PARSE_MEMORY_MB,
        )
    except DocumentError:
        raise
    except LimitExceeded as exc:
        log.warning("reading %r stopped: %s %s", filename, exc.kind, exc.detail)
        detail = f"{exc.kind}: {exc.detail}"
        if exc.kind == "crash":  # the reader died in C code (often memory, under RLIMIT_AS)
            raise UnreadableDocument(detail=detail) from exc
        message = ParseLimit.TIME if exc.kind == "time" else ParseLimit.MEMORY
        raise ParseLimit(message, detail=detail) from exc
    except Exception as exc:  # the parser's own failure, raised again from the child
        log.warning("reading %r failed: %r", filename, exc)
        raise UnreadableDocument(detail=repr(exc)) from exc


def _parse(filename: str, data: bytes, owner_unit: OrgUnit | None, job=None) -> dict[str, Any]:
    draft = parse_bounded(filename, data)
    if job is not None:
        _progress(job, 80)
    if owner_unit is not None:
        draft.update(draft_resolve_agencies(draft, owner_unit))
    return draft


def _progress(job: ImportJob, value: int) -> None:
    ImportJob.objects.filter(pk=job.pk).update(progress=value)


@background_task()
def import_parse(job_id: int) -> str:
    """The background task: parse a stored job's document into its draft."""
    import_run(job_id)
    return ImportJob.objects.filter(pk=job_id).values_list("state", flat=True).first() or ""


def import_run(job_id: int) -> None:
    """Parse a stored job; a document that cannot be read marks the job failed, never raises."""
    try:
        job = ImportJob.objects.select_related("owner_unit").get(pk=job_id)
        if job.state != JobState.PARSING:
            return
        _progress(job, 20)
        with job.file.open("rb") as fh:
            data = fh.read()
        _progress(job, 40)
        job.draft = _parse(job.filename, data, job.owner_unit, job)
        job.state, job.progress = JobState.READY, 100
        job.save()
    except DocumentError as exc:
        _fail(job_id, exc.message)
    except Exception:
        log.exception("import job %s failed", job_id)
        _fail(job_id, CRASHED)


def import_sync(job: ImportJob) -> ImportJob:
    """A job still "parsing" whose task ended without finishing it (its worker died, or the task
    crashed before recording anything) is marked failed with a message for the user."""
    if job.state != JobState.PARSING:
        return job
    outcome = jobs.task_outcome(job.task_id)
    if outcome != "pending":
        _fail(job.pk, CRASHED if outcome == "failed" else INTERRUPTED)
        job.refresh_from_db()
    return job


def _fail(job_id: int, message: str) -> None:
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return
    if job.file:
        job.file.delete(save=False)
    job.state, job.error_message, job.progress = JobState.FAILED, message, 100
    job.save()


# --- agencies -----------------------------------------------------------------------------


def _resolved(candidate: Candidate, score: float, via: str) -> dict[str, Any]:
    return {
        "kind": candidate.kind,
        "id": candidate.pk,
        "label": candidate.label,
        "score": round(score, 1),
        "via": via,
    }


def _mapping_key(mapping: AgencyMapping) -> tuple[str, int]:
    return ("unit", mapping.unit_id) if mapping.unit_id else ("group", mapping.group_id)


def draft_resolve_agencies(draft: dict[str, Any], scope_unit: OrgUnit) -> dict[str, Any]:
    """Every agency name of the draft -> a unit or group of the scope (or None = unresolved).

    A mapping a user saved earlier wins; otherwise the best fuzzy match over the units of the
    scope's subtree and the groups defined there. Returns {"agencies", "unresolved", "scope"}.
    """
    candidates = agency_candidates(scope_unit)
    by_key = {c.key: c for c in candidates}
    remembered = remembered_mappings(scope_unit)
    pairs = [(c, list(c.names)) for c in candidates]
    agencies: dict[str, Any] = {}
    for name in draft_json.agency_names(draft):
        mapping = remembered.get(name_key(name))
        key = mapping and (
            ("unit", mapping.unit_id) if mapping.unit_id else ("group", mapping.group_id)
        )
        if key in by_key:
            agencies[name] = _resolved(by_key[key], 100.0, "mapping")
            continue
        matches = resolve_agency(name, pairs)
        agencies[name] = _resolved(matches[0].key, matches[0].score, "match") if matches else None
    return {
        "agencies": agencies,
        "unresolved": [n for n, v in agencies.items() if v is None],
        "scope": {"id": scope_unit.pk, "name": scope_unit.name},
    }


def _user_mappings(scope_unit: OrgUnit, mappings: dict[str, str]) -> dict[str, Candidate]:
    """The user's choices ("unit:12" / "group:3" per name), checked against the scope."""
    by_value = {c.value: c for c in agency_candidates(scope_unit)}
    chosen: dict[str, Candidate] = {}
    for name, value in (mappings or {}).items():
        if not value:
            continue
        if value not in by_value:
            raise DomainError(f"Đơn vị chọn cho “{name}” không thuộc phạm vi của kế hoạch.")
        chosen[name] = by_value[value]
    return chosen


def _mappings_save(scope_unit: OrgUnit, chosen: dict[str, Candidate], user) -> None:
    for name, cand in chosen.items():
        AgencyMapping.objects.update_or_create(
            scope=scope_unit,
            name_folded=name_key(name),
            defaults={
                "name_as_written": name[:500],
                "unit_id": cand.pk if cand.kind == "unit" else None,
                "group_id": cand.pk if cand.kind == "group" else None,
                "created_by": user if getattr(user, "pk", None) else None,
            },
        )


# --- confirm ------------------------------------------------------------------------------


@dataclass
class ImportResult:
    plan: Plan
    created: bool = True
    tasks: int = 0
    targets: int = 0
    assignments: int = 0
    occurrences: int = 0
    unresolved: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.created:
            return "Kế hoạch đã được tạo từ lần xác nhận trước."
        text = (
            f"Đã tạo kế hoạch với {self.tasks} nhiệm vụ, {self.targets} mục tiêu chỉ số "
            f"và {self.assignments} phân công."
        )
        if self.unresolved:
            text += f" {len(self.unresolved)} tên cơ quan chưa xác định được nên chưa phân công."
        if self.warnings:
            text += f" {len(self.warnings)} dòng mục tiêu chưa khớp được với bộ chỉ số."
        return text


def _resolve_for_confirm(
    draft: dict[str, Any], scope_unit: OrgUnit, chosen: dict[str, Candidate]
) -> dict[str, Any]:
    """name -> OrgUnit / UnitGroup instance (or None), the user's choices first."""
    auto = draft_resolve_agencies(draft, scope_unit)["agencies"]
    keys: dict[str, tuple[str, int] | None] = {}
    for name, found in auto.items():
        cand = chosen.get(name)
        keys[name] = cand.key if cand else ((found["kind"], found["id"]) if found else None)
    unit_ids = {k[1] for k in keys.values() if k and k[0] == "unit"}
    group_ids = {k[1] for k in keys.values() if k and k[0] == "group"}
    units = OrgUnit.objects.in_bulk(unit_ids)
    groups = UnitGroup.objects.in_bulk(group_ids)
    return {
        name: (units if k[0] == "unit" else groups).get(k[1]) if k else None
        for name, k in keys.items()
    }


def _claim(job: ImportJob) -> bool:
    """Move a ready job to confirmed; False when another request already did (double submit)."""
    return bool(
        ImportJob.objects.filter(pk=job.pk, state=JobState.READY).update(state=JobState.CONFIRMED)
    )


def _plan_write(job: ImportJob, user, spec: PlanSpec) -> Plan:
    """Write the specification in one pass: the plan, its tasks, assignments, components and
    occurrences, then its targets. DuplicatePlan when a concurrent import of the same document
    won.

    The duplicate check before cannot see a plan another transaction has not committed yet; the
    database's unique (owner, document hash) is what makes the race safe. The savepoint keeps
    the surrounding transaction usable to find the winner.
    """
    try:
        with transaction.atomic():
            plan = plan_create(
                by=user,
                tasks=spec.tasks,
                owner_unit=job.owner_unit,
                monitoring_unit=spec.monitoring_unit,
                source_file=job.file.name,
                source_sha256=job.sha256,
                **spec.header,
            )
    except (IntegrityError, DomainError) as exc:
        # IntegrityError: the insert met the winner's row; DomainError: the model validation
        # (unique constraints) saw it already committed.
        existing = duplicate_plan(job.owner_unit, sha256=job.sha256)
        if existing is None:
            raise
        raise DuplicatePlan(existing) from exc
    plan_tasks_derive(plan)
    return plan


def import_confirm(
    *,
    job: ImportJob,
    user,
    edited_draft: dict[str, Any] | None = None,
    mappings: dict[str, str] | None = None,
) -> ImportResult:
    """Create the plan, its targets, tasks, assignments and occurrences in one transaction.

    Confirming a job twice returns the plan of the first confirmation; a document already
    imported into the owner unit (same file, or same number and date) raises DuplicatePlan.
    """
    with transaction.atomic():
        if not _claim(job):
            job.refresh_from_db()
            if job.plan_id:
                return ImportResult(plan=job.plan, created=False)
            raise DomainError("Bản nháp chưa sẵn sàng hoặc không còn hiệu lực để tạo kế hoạch.")
        draft = edited_draft if edited_draft is not None else job.draft
        chosen = _user_mappings(job.owner_unit, mappings or {})
        spec = plan_spec(
            draft, _resolve_for_confirm(draft, job.owner_unit, chosen), fallback_title=job.filename
        )
        existing = duplicate_plan(
            job.owner_unit,
            sha256=job.sha256,
            number=spec.header["number"],
            day=spec.header["date"],
        )
        if existing is not None:
            raise DuplicatePlan(existing)
        plan = _plan_write(job, user, spec)
        warnings = targets_from_plan(plan, spec.targets, job.owner_unit)
        _mappings_save(job.owner_unit, chosen, user)
        job.refresh_from_db()
        job.draft, job.plan, job.state = draft, plan, JobState.CONFIRMED
        job.save()
    return ImportResult(
        plan=plan,
        tasks=plan.tasks.count(),
        targets=Target.objects.filter(source_plan=plan).count(),
        assignments=TaskAssignment.objects.filter(task__plan=plan).count(),
        occurrences=Occurrence.objects.filter(task__plan=plan).count(),
        unresolved=spec.unresolved,
        warnings=warnings,
    )


def import_discard(*, job: ImportJob) -> None:
    """Drop a draft that was not confirmed (the stored file with it)."""
    if job.state == JobState.CONFIRMED:
        raise DomainError("Lượt nhập đã tạo kế hoạch, không thể hủy.")
    with transaction.atomic():
        if job.file:
            job.file.delete(save=False)
        job.delete()
