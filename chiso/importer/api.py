"""POST /api/v1/plans/import: the draft JSON of `chiso import-plan --json`, optionally saved."""

from typing import Any

from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from chiso.core.errors import DomainError
from chiso.importer import draft_json, rules, services
from chiso.importer.cli_json import parse_file
from chiso.importer.selectors import guess_owner_unit, job_duplicate_plan
from chiso.orgs import access

router = Router(tags=["Nhập kế hoạch từ văn bản"])
FILE, DRY_RUN, OWNER = File(...), Form(False), Form(None)  # ninja parameter markers


def _owner(user, owner_unit_id: int | None, draft: dict[str, Any]):
    units = rules.import_owner_units(user)
    if owner_unit_id is not None:
        unit = access.get_visible_unit(user, owner_unit_id)
        access.require(
            units.filter(pk=unit.pk).exists(), "Bạn không có quyền nhập kế hoạch cho đơn vị này."
        )
        return unit
    unit = guess_owner_unit(draft, units)
    if unit is None:
        raise DomainError(
            "Không xác định được đơn vị chủ quản của kế hoạch; hãy gửi owner_unit_id.",
            field="owner_unit_id",
        )
    return unit


@router.post(
    "/plans/import",
    response={200: dict, 201: dict},
    summary="Nhập kế hoạch từ văn bản (.docx, .pdf, .html, .txt)",
    description="Trả về bản nháp JSON như lệnh `chiso import-plan --json`, kèm kết quả đối chiếu "
    "tên cơ quan. Khi `dry_run` là false, tạo kế hoạch và trả thêm `plan_id`.",
)
def plan_import(
    request,
    file: UploadedFile = FILE,
    dry_run: bool = DRY_RUN,
    owner_unit_id: int | None = OWNER,
):
    user = request.user
    access.require(rules.can_import_plans(user), "Chỉ cán bộ điều phối được nhập kế hoạch.")
    services.check_upload_size(file.size)
    data = file.read()
    draft = parse_file(file.name or "ke-hoach", data)
    owner = _owner(user, owner_unit_id, draft)
    if dry_run:
        draft.update(services.draft_resolve_agencies(draft, owner))
        draft["tasks_without_lead"] = draft_json.tasks_without_lead(draft)
        return Status(200, draft)
    draft_json.require_leads(draft)
    job = services.import_start(
        user=user, filename=file.name, data=data, owner_unit=owner, background=False
    )
    existing = job_duplicate_plan(job)
    if existing is not None:
        services.import_discard(job=job)
        raise services.DuplicatePlan(existing)
    try:
        result = services.import_confirm(job=job, user=user)
    except services.DuplicatePlan:  # a concurrent request imported the same file first
        services.import_discard(job=job)
        raise
    body = dict(job.draft)
    body.update(
        plan_id=result.plan.pk,
        created={
            "tasks": result.tasks,
            "targets": result.targets,
            "assignments": result.assignments,
        },
    )
    return Status(201, body)
