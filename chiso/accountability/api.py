"""GET /api/v1/inspections, /recommendations, /initiatives, /dialogues, /commitments.

Read-only, paginated like the other lists, filtered by `year=` and `unit_id=`, under the same
visibility as the pages. A recommendation or commitment carries the status of the task that
follows it up (`status`, `completed_on`, `occurrence_id`).
"""

from datetime import date

from django.db.models import Count
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from chiso.accountability import selectors
from chiso.accountability.models import (
    Commitment,
    Dialogue,
    Initiative,
    Inspection,
    Recommendation,
)
from chiso.core.lookup import MAX_ID

router = Router(tags=["Kiểm tra, sáng kiến, đối thoại"])


class Filters(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    unit_id: int | None = Field(None, ge=1, le=MAX_ID)


class InspectionOut(Schema):
    id: int
    inspection_plan_id: int
    plan_title: str = Field(..., alias="inspection_plan.title")
    year: int = Field(..., alias="inspection_plan.year")
    unit_id: int
    unit: str = Field(..., alias="unit.name")
    planned_on: date | None
    team: str
    content: str
    inspected_on: date | None
    members: str
    findings: str
    has_conclusion: bool
    recommendations: int = Field(..., alias="recs")

    @staticmethod
    def resolve_has_conclusion(obj) -> bool:
        return bool(obj.conclusion)


class FollowUpOut(Schema):
    id: int
    content: str
    deadline: date
    unit_id: int | None = Field(None, alias="occ_unit_id")
    unit: str = Field("", alias="occ_unit_name")
    task_id: int
    occurrence_id: int | None = Field(None, alias="occ_id")
    due_date: date | None = Field(None, alias="occ_due")
    completed_on: date | None = Field(None, alias="occ_completed")
    status: str
    closed: bool

    @staticmethod
    def resolve_status(obj) -> str:
        return selectors.follow_up_status(obj, timezone.localdate())

    @staticmethod
    def resolve_closed(obj) -> bool:
        return selectors.follow_up_status(obj, timezone.localdate()) in selectors.CLOSED


class RecommendationOut(FollowUpOut):
    inspection_id: int


class CommitmentOut(FollowUpOut):
    dialogue_id: int


class InitiativeOut(Schema):
    id: int
    unit_id: int
    unit: str = Field(..., alias="unit.name")
    year: int
    title: str
    field: str
    summary: str
    status: str
    recognition_level: str
    decision_number: str
    decision_date: date | None
    component_id: int | None
    component_code: str | None
    has_evidence: bool

    @staticmethod
    def resolve_component_code(obj) -> str | None:
        return obj.component.code if obj.component else None

    @staticmethod
    def resolve_has_evidence(obj) -> bool:
        return bool(obj.evidence)


class DialogueOut(Schema):
    id: int
    unit_id: int
    unit: str = Field(..., alias="unit.name")
    held_on: date
    chair: str
    audience: str
    audience_unit_id: int | None
    topics: str
    participants: int
    questions: str
    monitoring_unit_id: int
    commitments: int = Field(..., alias="n_commitments")


@router.get("/inspections", response=list[InspectionOut], summary="Cuộc kiểm tra CCHC")
@paginate
def inspections(request, filters: Query[Filters]):
    qs = Inspection.objects.visible_to(request.user).select_related("unit", "inspection_plan")
    if filters.year:
        qs = qs.filter(inspection_plan__year=filters.year)
    if filters.unit_id:
        qs = qs.filter(unit_id=filters.unit_id)
    return qs.annotate(recs=Count("recommendations")).order_by("inspection_plan__year", "pk")


@router.get("/recommendations", response=list[RecommendationOut], summary="Kiến nghị sau kiểm tra")
@paginate
def recommendations(request, filters: Query[Filters]):
    qs = Recommendation.objects.visible_to(request.user)
    if filters.year:
        qs = qs.filter(deadline__year=filters.year)
    if filters.unit_id:
        qs = qs.filter(inspection__unit_id=filters.unit_id)
    return selectors.with_occurrence(qs).order_by("deadline", "pk")


@router.get("/initiatives", response=list[InitiativeOut], summary="Sáng kiến")
@paginate
def initiatives(request, filters: Query[Filters]):
    qs = Initiative.objects.visible_to(request.user).select_related("unit", "component")
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.unit_id:
        qs = qs.filter(unit_id=filters.unit_id)
    return qs.order_by("year", "pk")


@router.get("/dialogues", response=list[DialogueOut], summary="Hội nghị đối thoại")
@paginate
def dialogues(request, filters: Query[Filters]):
    qs = Dialogue.objects.visible_to(request.user).select_related("unit")
    if filters.year:
        qs = qs.filter(held_on__year=filters.year)
    if filters.unit_id:
        qs = qs.filter(unit_id=filters.unit_id)
    return qs.annotate(n_commitments=Count("commitments")).order_by("held_on", "pk")


@router.get("/commitments", response=list[CommitmentOut], summary="Cam kết tại đối thoại")
@paginate
def commitments(request, filters: Query[Filters]):
    qs = Commitment.objects.visible_to(request.user)
    if filters.year:
        qs = qs.filter(deadline__year=filters.year)
    if filters.unit_id:
        qs = qs.filter(dialogue__unit_id=filters.unit_id)
    return selectors.with_occurrence(qs).order_by("deadline", "pk")
