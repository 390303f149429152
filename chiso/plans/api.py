from datetime import date

from ninja import Router, Schema
from ninja.pagination import paginate

from chiso.core.lookup import get_visible_or_404
from chiso.plans.models import Plan, Task

router = Router(tags=["Kế hoạch"])


class PlanOut(Schema):
    id: int
    number: str
    issuer: str
    title: str
    date: date | None
    period_start: date
    period_end: date
    owner_unit_id: int
    coordinator_unit_id: int | None
    reporting_frequency: str


class AssignmentOut(Schema):
    role: str
    unit_id: int | None
    group_id: int | None
    name_as_written: str


class TaskOut(Schema):
    id: int
    plan_id: int
    order: int
    number: str
    index_code: str
    component_text: str
    content: str
    expected_output: str
    deadline: dict
    deadline_raw: str
    due_date: date | None
    assignments: list[AssignmentOut]


@router.get("/plans", response=list[PlanOut], summary="Kế hoạch người dùng được xem")
@paginate
def plans(request):
    return Plan.objects.visible_to(request.user).order_by("-date", "-pk")


@router.get("/plans/{int:plan_id}", response=PlanOut, summary="Một kế hoạch")
def plan(request, plan_id: int):
    return get_visible_or_404(
        Plan.objects.visible_to(request.user), plan_id, "Không tìm thấy kế hoạch"
    )


@router.get("/plans/{int:plan_id}/tasks", response=list[TaskOut], summary="Nhiệm vụ của kế hoạch")
@paginate
def plan_tasks(request, plan_id: int):
    found = get_visible_or_404(
        Plan.objects.visible_to(request.user), plan_id, "Không tìm thấy kế hoạch"
    )
    return found.tasks.prefetch_related("assignments").order_by("order", "pk")


@router.get("/tasks/{task_id}", response=TaskOut, summary="Một nhiệm vụ")
def task(request, task_id: int):
    return get_visible_or_404(
        Task.objects.visible_to(request.user).select_related("plan"),
        task_id,
        "Không tìm thấy nhiệm vụ",
    )
