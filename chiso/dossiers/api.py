"""GET /api/v1/dossiers/kpi and POST /api/v1/dossiers/imports (and the same for feedback).

Same JSON as `chiso dossiers kpi --format json` / `chiso dossiers import --json`; a user sees
and imports only units of their own subtree.
"""

from datetime import date
from decimal import Decimal

from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from chiso.core.errors import DomainError
from chiso.core.lookup import get_visible_or_404
from chiso.dossiers import jobs, kpi, selectors
from chiso.dossiers.models import ImportRun, Kind, RunState
from chiso.orgs import access

router = Router(tags=["Hồ sơ một cửa và phản ánh, kiến nghị"])
FILE, SOURCE, SKIP = File(...), Form(None), Form(False)  # ninja parameter markers


class KpiQuery(Schema):
    start: date = Query(..., alias="from")
    end: date = Query(..., alias="to")
    by: str = "unit,month"


def _plain(value):
    return float(value) if isinstance(value, Decimal) else value


def _kpi(request, q: KpiQuery, columns, select) -> list[dict]:
    if q.by not in selectors.BY_CHOICES or not q.by:
        raise DomainError("Tham số by phải là unit,month, unit hoặc month.", field="by")
    if q.end < q.start:
        raise DomainError("Ngày “to” phải sau ngày “from”.", field="to")
    by = selectors.BY_CHOICES[q.by]
    period = selectors.Period.of(q.start, q.end)
    rows = select(period=period, by=by, units=access.visible_units(request.user))
    keep = [c for c in columns if c not in {"unit", "month"} - set(by)]
    return [{c: _plain(r.get(c)) for c in keep} for r in rows]


@router.get("/dossiers/kpi", response=list[dict], summary="Chỉ số hồ sơ theo đơn vị, tháng")
def dossier_kpi(request, q: Query[KpiQuery]):
    return _kpi(request, q, kpi.DOSSIER_COLUMNS, selectors.dossier_kpi)


@router.get("/feedback/kpi", response=list[dict], summary="Chỉ số phản ánh, kiến nghị")
def feedback_kpi(request, q: Query[KpiQuery]):
    return _kpi(request, q, kpi.FEEDBACK_COLUMNS, selectors.feedback_kpi)


def _run_body(run) -> dict:
    body = {"id": run.pk, "state": run.state, "rows_read": run.rows_read}
    if run.state == RunState.DONE:
        keys = ("rows", "inserted", "updated", "unchanged", "rejected")
        body |= {k: run.result[k] for k in keys}
    elif run.state == RunState.FAILED:
        body["message"] = run.message
    return body


def _import(request, kind, file, source, skip_invalid):
    run = jobs.import_request(
        kind=kind, upload=file, source_name=source, skip_invalid=skip_invalid, by=request.user
    )
    if not run.is_finished:  # a large file: imported by a background job, poll its state
        return Status(202, _run_body(run))
    return Status(201 if run.result.get("written") else 422, _run_body(run))


@router.get(
    "/dossiers/imports/{run_id}",
    response=dict,
    summary="Trạng thái một lần nhập tệp hồ sơ hoặc PAKN",
    description="state: queued, running (rows_read: số dòng đã đọc), done (kết quả), failed.",
)
def import_state(request, run_id: int):
    runs = ImportRun.objects.all()
    if not access.is_admin(request.user):
        runs = runs.filter(created_by=request.user)
    run = jobs.run_sync(get_visible_or_404(runs, run_id, "Không tìm thấy lần nhập"))
    return _run_body(run)


@router.post(
    "/dossiers/imports",
    response={201: dict, 202: dict, 422: dict},
    summary="Nhập tệp hồ sơ (.csv, .xlsx)",
    description="201 khi đã nhập; 422 khi có dòng lỗi và không ghi gì (trừ khi skip_invalid); "
    "202 khi tệp lớn được nhập bằng việc nền: theo dõi ở GET /dossiers/imports/{id}.",
)
def dossier_import(
    request, file: UploadedFile = FILE, source: str | None = SOURCE, skip_invalid: bool = SKIP
):
    return _import(request, Kind.DOSSIER, file, source, skip_invalid)


@router.post(
    "/feedback/imports", response={201: dict, 202: dict, 422: dict}, summary="Nhập tệp PAKN"
)
def feedback_import(
    request, file: UploadedFile = FILE, source: str | None = SOURCE, skip_invalid: bool = SKIP
):
    return _import(request, Kind.FEEDBACK, file, source, skip_invalid)
