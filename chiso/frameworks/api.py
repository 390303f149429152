"""Frameworks, components, results and targets over JSON; same rules and checks as the pages."""

from datetime import date
from decimal import Decimal

from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import paginate

from chiso.core.lookup import get_visible_or_404
from chiso.core.params import ApiId, ApiYear
from chiso.frameworks import services
from chiso.frameworks.models import Component, Framework, Result, Source, Target
from chiso.orgs import access

router = Router(tags=["Chỉ số và kết quả"])


class ComponentOut(Schema):
    id: int
    parent_id: int | None
    code: str
    name: str
    max_points: Decimal | None
    weight: Decimal | None
    order: int
    depth: int
    confirmed: bool


class FrameworkOut(Schema):
    id: int
    code: str
    index_code: str
    name: str
    level: str
    version_label: str
    decision: str
    valid_from: date | None
    aggregation: str
    total_max: Decimal | None
    is_local: bool
    owner_unit_id: int | None


class FrameworkDetailOut(FrameworkOut):
    components: list[ComponentOut]

    @staticmethod
    def resolve_components(obj):
        return list(obj.components.order_by("order"))


class ResultOut(Schema):
    id: int
    unit_id: int
    framework_id: int
    component_id: int | None
    component_code: str | None = None
    year: int
    score: Decimal
    max_score: Decimal | None
    rank: int | None
    rank_of: int | None
    source: str


class ResultIn(Schema):
    unit_id: int
    framework_id: int
    component_code: str | None = None  # empty = the index total
    year: int
    score: Decimal
    max_score: Decimal | None = None
    rank: int | None = None
    rank_of: int | None = None
    source: str = Source.PUBLISHED


class TargetOut(Schema):
    id: int
    unit_id: int
    framework_id: int
    component_id: int | None
    component_code: str | None = None
    year: int
    value: Decimal | None
    rank_text: str


class TargetIn(Schema):
    unit_id: int
    framework_id: int
    component_code: str | None = None
    year: int
    value: Decimal | None = None
    rank_text: str = ""


@router.get("/frameworks", response=list[FrameworkOut], summary="Các bộ chỉ số")
def frameworks(request, index_code: str = "", current: bool = False):
    qs = Framework.objects.visible_to(request.user)
    if index_code:
        qs = qs.filter(index_code=index_code)
    return qs.current() if current else qs


@router.get("/frameworks/{framework_id}", response=FrameworkDetailOut, summary="Một bộ chỉ số")
def framework(request, framework_id: int):
    return get_visible_or_404(
        Framework.objects.visible_to(request.user), framework_id, "Không tìm thấy bộ chỉ số"
    )


def _scoped(qs, request, unit_id, year, index_code):
    if unit_id is not None:
        qs = qs.filter(unit=access.get_visible_unit(request.user, unit_id))
    if year is not None:
        qs = qs.filter(year=year)
    if index_code:
        qs = qs.filter(framework__index_code=index_code)
    return qs.select_related("component").order_by("framework_id", "year", "component__order")


def _with_code(rows):
    for row in rows:
        row.component_code = row.component.code if row.component_id else None
        yield row


@router.get("/results", response=list[ResultOut], summary="Kết quả theo đơn vị, năm, chỉ số")
@paginate
def results(
    request, unit_id: ApiId | None = None, year: ApiYear | None = None, index_code: str = ""
):
    qs = _scoped(Result.objects.visible_to(request.user), request, unit_id, year, index_code)
    return list(_with_code(qs))


@router.get("/targets", response=list[TargetOut], summary="Mục tiêu theo đơn vị, năm, chỉ số")
@paginate
def targets(
    request, unit_id: ApiId | None = None, year: ApiYear | None = None, index_code: str = ""
):
    qs = _scoped(Target.objects.visible_to(request.user), request, unit_id, year, index_code)
    return list(_with_code(qs))


def _resolve(request, unit_id: int, framework_id: int, code: str | None):
    unit = access.get_visible_unit(request.user, unit_id)
    access.require(
        access.can_manage_unit(request.user, unit),
        "Bạn không có quyền nhập số liệu cho đơn vị này.",
    )
    found = get_visible_or_404(
        Framework.objects.visible_to(request.user), framework_id, "Không tìm thấy bộ chỉ số"
    )
    component = None
    if code:
        try:
            component = found.components.get(code=code)
        except Component.DoesNotExist as exc:
            raise Http404(f"Không có thành phần mã “{code}” trong bộ chỉ số") from exc
    return unit, found, component


@router.post("/results", response=ResultOut, summary="Ghi (hoặc cập nhật) một kết quả")
def result_write(request, payload: ResultIn):
    unit, fw, component = _resolve(
        request, payload.unit_id, payload.framework_id, payload.component_code
    )
    spec = services.ResultSpec(
        unit,
        fw,
        component,
        payload.year,
        payload.score,
        payload.max_score,
        payload.rank,
        payload.rank_of,
        payload.source,
    )
    return next(_with_code([services.result_save(spec=spec, by=request.user)]))


@router.post("/targets", response=TargetOut, summary="Ghi (hoặc cập nhật) một mục tiêu")
def target_write(request, payload: TargetIn):
    unit, fw, component = _resolve(
        request, payload.unit_id, payload.framework_id, payload.component_code
    )
    spec = services.TargetSpec(unit, fw, component, payload.year, payload.value, payload.rank_text)
    return next(_with_code([services.target_save(spec=spec, by=request.user)]))
